/**
 * The "Bimetal scores" webview panels: one tab per thing scored (the workspace, each file, each
 * recipe's lens), reused when that thing is scored again. Scripts run, but only the bundled one (CSP
 * with a fresh nonce per render), and the webview may load files only from `dist/` and
 * `client/media/`.
 *
 * The records stay here. The webview gets them as columnar chunks once it says `ready` (again after
 * it was hidden and shown, since VS Code discards hidden webviews' pages), asks for the cells of
 * the rows it shows, and persists only its small view (state.ts). A panel restored after a reload
 * scores its source again; a settings change that alters scores does the same for every open panel.
 */
import * as vscode from 'vscode';
import { dataMessages } from './results/columnar';
import { escapeHtml, newNonce, resultsHtml } from './results/html';
import { initialView, isWebviewMessage, parseViewState, VIEW_TYPE, type PanelMessage, type ResultsSource, type ResultsState, type ViewState } from './results/state';
import { coverageText, rowCells, summaryText } from './results/tableModel';

export interface ResultsPanelActions {
  reveal(file: string, recipe: string, besidePanel: vscode.ViewColumn | undefined): Promise<void>;
  exportCsv(state: ResultsState): Promise<void>;
  /** The server's detail of one record (server/src/recipeDetail.ts), for the detail view. */
  detail(file: string, recipe: string): Promise<unknown>;
  /** Scores a source again; undefined when the user cancelled or nothing was found. */
  rescore(source: ResultsSource): Promise<ResultsState | undefined>;
  /** Reports a failed action (the panel's messages are not awaited by anyone else). */
  fail(error: unknown): void;
  /** Under test only: sees every message the webview sends, valid or not (testProbe.ts). */
  received?(message: unknown): void;
}

/** One open panel: its webview, the records it shows and the view the webview last reported. */
class OpenPanel {
  state: ResultsState | undefined;
  view: ViewState | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly key: string,
    readonly source: ResultsSource | undefined,
  ) {}
}

export class ResultsPanels implements vscode.Disposable {
  private readonly open = new Map<string, OpenPanel>();
  private active: OpenPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly actions: ResultsPanelActions,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, saved: unknown) => this.restore(panel, parseViewState(saved)),
      }),
    );
  }

  /** The records of the panel used last, in the user's sort; undefined when no panel is open. */
  get current(): ResultsState | undefined {
    return this.active?.state;
  }

  /** Shows records in the tab of their source (a new tab for a source not on show). */
  show(state: ResultsState, source?: ResultsSource): void {
    const key = panelKey(state, source);
    const existing = this.open.get(key);
    if (existing) {
      this.update(existing, state);
      existing.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, panelTitle(state.scope), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    this.attach(panel, key, source, state);
  }

  /** Scores every open panel's source again (the settings that change scores changed), all at once: a small file's panel need not wait for the workspace's. */
  async rescoreAll(): Promise<void> {
    await Promise.all(
      [...this.open.values()].map(async (open) => {
        if (!open.source) {
          this.post(open, { type: 'notice', text: 'Settings changed: run the command again to see the new scores.' });
          return;
        }
        this.post(open, { type: 'notice', text: 'Settings changed: scoring again…' });
        const state = await this.actions.rescore(open.source);
        if (state && this.open.get(open.key) === open) this.update(open, state);
      }),
    );
  }

  dispose(): void {
    for (const open of this.open.values()) open.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** A panel VS Code restored after a reload: its records are gone, so its source is scored again. */
  private async restore(panel: vscode.WebviewPanel, view: ViewState | undefined): Promise<void> {
    panel.webview.options = this.webviewOptions();
    if (!view?.source) {
      panel.webview.html = notice('These Bimetal results could not be restored. Run "Bimetal: Score Workspace" again.');
      return;
    }
    panel.webview.html = notice(`Scoring ${view.scope} again…`);
    const state = await this.actions.rescore(view.source);
    if (!state) {
      panel.webview.html = notice(`Nothing to show for ${view.scope}. Run the command again.`);
      return;
    }
    this.attach(panel, panelKey(state, view.source), view.source, state, { ...view, runId: state.runId });
  }

  private attach(panel: vscode.WebviewPanel, key: string, source: ResultsSource | undefined, state: ResultsState, view?: ViewState): void {
    this.open.get(key)?.panel.dispose();
    const open = new OpenPanel(panel, key, source);
    this.open.set(key, open);
    this.active = open;
    panel.webview.options = this.webviewOptions();
    panel.onDidDispose(() => {
      if (this.open.get(key) === open) this.open.delete(key);
      if (this.active === open) this.active = undefined;
    });
    panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.active = open;
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(open, message));
    open.view = view;
    this.update(open, state);
  }

  /** New records for a panel: its page is rendered afresh, keeping the user's sort, filters and tab. */
  private update(open: OpenPanel, state: ResultsState): void {
    open.state = state;
    open.view = { ...(open.view ?? initialView(state, open.source)), runId: state.runId, scope: state.scope, source: open.source };
    open.panel.title = panelTitle(state.scope);
    const webview = open.panel.webview;
    webview.html = resultsHtml({
      nonce: newNonce(),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview-results.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'client', 'media', 'results.css')).toString(),
      summary: summaryText(state),
      coverage: coverageText([...new Set(state.records.flatMap((r) => (r.prediction ? [r.prediction.coverage] : [])))].sort()),
      view: open.view,
    });
  }

  private post(open: OpenPanel, message: PanelMessage): void {
    void open.panel.webview.postMessage(message);
  }

  private onMessage(open: OpenPanel, message: unknown): void {
    this.actions.received?.(message);
    const state = open.state;
    if (!isWebviewMessage(message) || !state) return;
    if (message.type !== 'ready' && message.type !== 'viewChanged' && message.runId !== state.runId) return; // an older run's page
    const run = (action: Promise<void>) => action.catch((error: unknown) => this.actions.fail(error));
    switch (message.type) {
      case 'ready':
        for (const m of dataMessages({ runId: state.runId, scope: state.scope, scoredAt: state.scoredAt, phiThreshold: state.phiThreshold }, state.records)) this.post(open, m);
        return;
      case 'viewChanged':
        if (message.view.runId !== state.runId) return;
        open.view = { ...message.view, source: open.source };
        state.sort = message.view.sort;
        return;
      case 'cellsWanted':
        this.post(open, {
          type: 'cells',
          runId: state.runId,
          rows: message.rows.filter((row) => row < state.records.length).map((row) => ({ row, cells: rowCells(state.records[row]) })),
        });
        return;
      case 'reveal': {
        const record = state.records[message.row];
        if (record) void run(this.actions.reveal(record.file, record.recipe, open.panel.viewColumn));
        return;
      }
      case 'detail': {
        const record = state.records[message.row];
        if (!record) return;
        const row = message.row;
        void run(this.actions.detail(record.file, record.recipe).then((detail) => this.post(open, { type: 'detail', runId: state.runId, row, detail })));
        return;
      }
      case 'exportCsv': {
        // The rows the table shows, in its order (ties in store order); resultsCsv keeps that order.
        const records = message.rows.flatMap((row) => (row < state.records.length ? [state.records[row]] : []));
        void run(this.actions.exportCsv({ ...state, records }));
        return;
      }
    }
  }

  private webviewOptions(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'client', 'media')],
    };
  }
}

/** Which tab a run belongs in: its source, or (calibration reports, suggestions) its scope. */
function panelKey(state: ResultsState, source: ResultsSource | undefined): string {
  if (!source) return `scope:${state.scope}`;
  return source.kind === 'workspace' ? 'workspace' : source.kind === 'document' ? `document:${source.uri}` : `recipe:${source.uri}#${source.recipe}`;
}

function panelTitle(scope: string): string {
  return `Bimetal scores: ${scope}`;
}

function notice(text: string): string {
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${escapeHtml(text)}</p></body></html>`;
}
