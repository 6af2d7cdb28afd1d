/**
 * The "Bimetal scores" webview panels: one tab per thing shown (the workspace, each file, each
 * recipe's lens, the calibration report, each suggestion), reused when that thing is shown again.
 * Scripts run, but only the bundled one (CSP with a fresh nonce per render), and the webview may
 * load files only from `dist/` and `client/media/`.
 *
 * The records stay here. The webview gets them as columnar chunks once it says `ready` (again after
 * it was hidden and shown, since VS Code discards hidden webviews' pages: the chunks made for its
 * first page are posted again), asks for the cells of the rows it shows, and persists only its
 * small view (state.ts). A panel restored after a reload
 * makes its source again; so does an open panel whose records a settings or calibration change
 * made stale.
 */
import * as vscode from 'vscode';
import { dataMessages, type DataMessage } from './results/columnar';
import { escapeHtml, newNonce, resultsHtml } from './results/html';
import { initialView, isWebviewMessage, parseViewState, VIEW_TYPE, type PanelMessage, type ResultsSource, type ResultsState, type ViewState } from './results/state';
import { coverageText, rowCells, shownRecords, summaryText } from './results/tableModel';
import { unlistedErrors, unlistedText, type Problem } from './results/unlistedErrors';
import { errorText } from './errorText';
import type { ScoreRecord } from '../../engine/src/scoreRecord';

export interface ResultsPanelActions {
  reveal(file: string, recipe: string, besidePanel: vscode.ViewColumn | undefined): Promise<void>;
  /** Exports `rows` of the panel's records (all of them by default). */
  exportCsv(state: ResultsState, rows?: readonly ScoreRecord[]): Promise<void>;
  /** The server's detail of one record (server/src/recipeDetail.ts), for the detail view. */
  detail(file: string, recipe: string): Promise<unknown>;
  /** Makes a source's records again; undefined when the user cancelled or there is nothing to show. */
  rescore(source: ResultsSource): Promise<ResultsState | undefined>;
  /** The errors of the Problems view in the files a source covers (none for a source that shows a selection). */
  problems(source: ResultsSource): Problem[];
  /** A record's `file` as a URI string, to match it with the Problems view's. */
  recordUri(file: string): string;
  /** Reports a failed action (the panel's messages are not awaited by anyone else). */
  fail(error: unknown): void;
  /** Under test only: sees every message the webview sends, valid or not (testProbe.ts). */
  received?(message: unknown): void;
}

/** One open panel: its webview, the records it shows and the view the webview last reported. */
class OpenPanel {
  /** Undefined while a restored panel has nothing to show. */
  state: ResultsState | undefined;
  view: ViewState | undefined;
  /** What the panel last said about errors that have no row (unlistedErrors.ts). */
  unlisted = '';
  /** Counts the runs started for this panel: only the latest may fill it. */
  runs = 0;
  /** What the panel says over its records until they are made again (kept for a page shown again). */
  notice: string | undefined;
  /** Its tab was closed: its webview may no longer be touched. */
  disposed = false;
  /** The columnar messages of `state`'s records (ResultsPanels.dataOf). */
  data: DataMessage[] | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly source: ResultsSource,
  ) {}
}

/** What remaking a panel's source gives when a newer run or the tab's closing made it moot. */
const SUPERSEDED = Symbol('superseded');
type Remade = ResultsState | undefined | typeof SUPERSEDED;

/** A burst of diagnostics (the start-up scan publishes file after file) is read once. */
const PROBLEMS_DELAY_MS = 300;

export class ResultsPanels implements vscode.Disposable {
  private readonly open = new Map<string, OpenPanel>();
  private active: OpenPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private problemsTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly actions: ResultsPanelActions,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, saved: unknown) => this.restore(panel, parseViewState(saved)),
      }),
      vscode.languages.onDidChangeDiagnostics(() => {
        clearTimeout(this.problemsTimer);
        this.problemsTimer = setTimeout(() => this.refreshUnlisted(), PROBLEMS_DELAY_MS);
      }),
    );
  }

  /**
   * The records of the panel used last as its table shows them: the rows that pass its filters,
   * in its order (what its Export CSV… button saves); undefined when no panel shows records.
   */
  get shown(): ResultsState | undefined {
    const open = this.active;
    if (!open?.state) return undefined;
    const view = open.view ?? initialView(open.state, open.source);
    return { ...open.state, records: shownRecords(open.state.records, this.dataOf(open, open.state), view.filters, view.sort), sort: view.sort };
  }

  /** Shows records in the tab of their source (a new tab for a source not on show). */
  show(state: ResultsState, source: ResultsSource): void {
    const existing = this.open.get(panelKey(source));
    if (existing) {
      existing.runs++;
      this.update(existing, state);
      existing.panel.reveal(undefined, true);
      // Revealed without focus, it is not reported active: it is still the one just used (Export CSV saves it).
      this.active = existing;
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, panelTitle(state.scope), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    this.attach(panel, source, state);
  }

  /**
   * Makes again, all at once, the sources of the open panels that `stale` picks (a panel with
   * nothing to show is always picked), saying `why` on them meanwhile: a small file's panel need
   * not wait for the workspace's.
   */
  async rescore(why: string, stale: (state: ResultsState) => boolean): Promise<void> {
    await Promise.all(
      [...this.open.values()].map(async (open) => {
        if (open.state && !stale(open.state)) return;
        this.notify(open, `${why}: making this panel again…`);
        let state: Remade;
        try {
          state = await this.remake(open);
        } catch (error) {
          this.notify(open, notMadeAgain(open, errorText(error)));
          throw error;
        }
        if (state === SUPERSEDED) return;
        if (state) this.update(open, state);
        else this.notify(open, notMadeAgain(open));
      }),
    );
  }

  dispose(): void {
    clearTimeout(this.problemsTimer);
    for (const open of this.open.values()) open.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** A panel VS Code restored after a reload: its records are gone, so its source is made again. */
  private async restore(panel: vscode.WebviewPanel, view: ViewState | undefined): Promise<void> {
    panel.webview.options = this.webviewOptions();
    if (!view?.source) {
      // Saved by a version that did not record what the panel showed.
      panel.webview.html = notice('These Bimetal results could not be restored: run the command that opened them again.');
      return;
    }
    // VS Code restores a background tab only when it is first shown: its source may be on show in a newer tab by then.
    const newer = this.open.get(panelKey(view.source));
    if (newer) {
      panel.dispose();
      newer.panel.reveal();
      return;
    }
    const open = this.attach(panel, view.source, undefined, view);
    panel.webview.html = notice(`Making ${view.scope} again…`);
    let state: Remade;
    try {
      state = await this.remake(open);
    } catch (error) {
      // Said in the tab it concerns: a rejected restore would leave VS Code's bare "error loading view" page.
      if (!open.disposed) panel.webview.html = notice(notMadeAgain(open, errorText(error)));
      return;
    }
    if (state === SUPERSEDED) return;
    if (state) this.update(open, state);
    else panel.webview.html = notice(notMadeAgain(open));
  }

  /** Makes `open`'s source again; SUPERSEDED when a newer run started or the tab closed meanwhile, so the result goes nowhere. */
  private async remake(open: OpenPanel): Promise<Remade> {
    const run = ++open.runs;
    const state = await this.actions.rescore(open.source);
    return run !== open.runs || this.open.get(panelKey(open.source)) !== open ? SUPERSEDED : state;
  }

  private attach(panel: vscode.WebviewPanel, source: ResultsSource, state: ResultsState | undefined, view?: ViewState): OpenPanel {
    const key = panelKey(source);
    this.open.get(key)?.panel.dispose();
    const open = new OpenPanel(panel, source);
    this.open.set(key, open);
    this.active = open;
    panel.webview.options = this.webviewOptions();
    panel.onDidDispose(() => {
      open.disposed = true;
      if (this.open.get(key) === open) this.open.delete(key);
      if (this.active === open) this.active = undefined;
    });
    panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.active = open;
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(open, message));
    open.view = view;
    if (state) this.update(open, state);
    return open;
  }

  /** New records for a panel: its page is rendered afresh, keeping the user's sort, filters and tab. */
  private update(open: OpenPanel, state: ResultsState): void {
    if (open.disposed) return;
    open.state = state;
    open.data = undefined;
    open.notice = undefined;
    // The user's sort, filters and tab stay; where the table was scrolled and which row's detail it showed were rows of another run.
    open.view = { ...(open.view ?? initialView(state, open.source)), runId: state.runId, scope: state.scope, source: open.source, scrollTop: 0, detailRow: null };
    open.unlisted = this.unlistedOf(open);
    open.panel.title = panelTitle(state.scope);
    const webview = open.panel.webview;
    webview.html = resultsHtml({
      nonce: newNonce(),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview-results.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'client', 'media', 'results.css')).toString(),
      summary: summaryText(state),
      unlisted: open.unlisted,
      coverage: coverageText([...new Set(state.records.flatMap((r) => (r.prediction ? [r.prediction.coverage] : [])))].sort()),
      view: open.view,
    });
  }

  /**
   * The columnar messages of `open`'s records, made once per run, when its first page says `ready`
   * (or the export command asks what it shows), and posted as they are to every page shown again:
   * made anew, a family's 98,600 records blocked the extension host (every extension's features)
   * for 0.33–0.53 s each time the tab came back, and again for each export. They hold an eighth of
   * the records' memory (25 of 190 MiB there), and none for a tab never shown.
   */
  private dataOf(open: OpenPanel, state: ResultsState): DataMessage[] {
    open.data ??= dataMessages({ runId: state.runId, scope: state.scope, scoredAt: state.scoredAt, phiThreshold: state.phiThreshold }, state.records);
    return open.data;
  }

  private unlistedOf(open: OpenPanel): string {
    return open.state ? unlistedText(unlistedErrors(open.state.records, this.actions.problems(open.source), (file) => this.actions.recordUri(file))) : '';
  }

  /** The Problems view changed (a file's errors published, fixed or found): each panel's line about errors without a row follows. */
  private refreshUnlisted(): void {
    for (const open of this.open.values()) {
      const text = this.unlistedOf(open);
      if (text === open.unlisted) continue;
      open.unlisted = text;
      this.post(open, { type: 'unlisted', text });
    }
  }

  /** A closed tab's webview throws when touched: what an answer (a detail, a rescore) brings after its closing goes nowhere. */
  private post(open: OpenPanel, message: PanelMessage): void {
    if (!open.disposed) void open.panel.webview.postMessage(message);
  }

  /** Says `text` over the panel's records; a panel with none yet (being restored) shows a page without a script, so the text replaces it. */
  private notify(open: OpenPanel, text: string): void {
    open.notice = text;
    if (open.state) this.post(open, { type: 'notice', text });
    else if (!open.disposed) open.panel.webview.html = notice(text);
  }

  private onMessage(open: OpenPanel, message: unknown): void {
    this.actions.received?.(message);
    const state = open.state;
    if (!isWebviewMessage(message) || !state) return;
    if (message.type !== 'ready' && message.type !== 'viewChanged' && message.type !== 'showProblems' && message.runId !== state.runId) return; // an older run's page
    const run = (action: Thenable<unknown>) => Promise.resolve(action).catch((error: unknown) => this.actions.fail(error));
    switch (message.type) {
      case 'ready':
        for (const m of this.dataOf(open, state)) this.post(open, m);
        // A page shown again is the one rendered with the records: what was said since is said again.
        this.post(open, { type: 'unlisted', text: open.unlisted });
        if (open.notice) this.post(open, { type: 'notice', text: open.notice });
        return;
      case 'viewChanged': {
        // The view as read back (defaults for what the page got wrong), not as the page sent it: it is saved and exported from.
        const view = parseViewState(message.view);
        if (!view || view.runId !== state.runId) return;
        open.view = { ...view, source: open.source };
        state.sort = view.sort;
        return;
      }
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
        const answer = (detail: unknown, failure?: string) => this.post(open, { type: 'detail', runId: state.runId, row, detail, ...(failure === undefined ? {} : { failure }) });
        void run(
          this.actions.detail(record.file, record.recipe).then(answer, (error: unknown) => {
            // The page says it is computing the detail until it hears back: it is told why there is none.
            answer(null, errorText(error));
            throw error;
          }),
        );
        return;
      }
      case 'exportCsv': {
        // The rows the table shows, in its order (ties in store order); resultsCsv keeps that order.
        const records = message.rows.flatMap((row) => (row < state.records.length ? [state.records[row]] : []));
        void run(this.actions.exportCsv(state, records));
        return;
      }
      case 'showProblems':
        void run(vscode.commands.executeCommand('workbench.actions.view.problems'));
        return;
    }
  }

  private webviewOptions(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'client', 'media')],
    };
  }
}

/** Which tab a source's records belong in: one per source, so showing it again reuses the tab. */
function panelKey(source: ResultsSource): string {
  switch (source.kind) {
    case 'workspace':
    case 'calibration':
      return source.kind;
    case 'document':
      return `document:${source.uri}`;
    case 'recipe':
      return `recipe:${source.uri}#${source.recipe}`;
    case 'suggestions':
      return `suggestions:${source.objective}`;
  }
}

/**
 * What a panel says when its records could not be made again (`failure`: why; else there was
 * nothing to show, or the user cancelled): over its earlier records, or alone when it has none
 * (a panel being restored).
 */
function notMadeAgain(open: OpenPanel, failure?: string): string {
  const hint = rerunHint(open.source);
  if (open.state) return `Not made again (${failure ?? 'nothing to show now, or cancelled'}): these are the earlier results. ${hint}`;
  const scope = open.view?.scope ?? 'these results';
  return failure ? `${scope} could not be made again: ${failure}. ${hint}` : `Nothing to show for ${scope} now. ${hint}`;
}

/** How the user makes a source's panel again. */
function rerunHint(source: ResultsSource): string {
  switch (source.kind) {
    case 'workspace':
      return 'Run "Bimetal: Score Workspace" again.';
    case 'document':
      return 'Run "Bimetal: Score Current File" on it again.';
    case 'recipe':
      return "Click the recipe's code lens again.";
    case 'calibration':
      return 'Run "Bimetal: Show Calibration Report" again once there is a calibration.';
    case 'suggestions':
      return 'Run "Bimetal: Suggest Next Candidates" again.';
  }
}

function panelTitle(scope: string): string {
  return `Bimetal scores: ${scope}`;
}

function notice(text: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><title>Bimetal scores</title></head><body><p>${escapeHtml(text)}</p></body></html>`;
}
