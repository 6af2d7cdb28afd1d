/**
 * The "Bimetal scores" webview panel: one panel, reused by every scoring run. Scripts run, but
 * only the bundled one (CSP with a fresh nonce per render), and the webview may load files only
 * from `dist/` and `client/media/`. The panel's state (records, sort, page) lives in the webview's
 * `setState`, so VS Code hands it to the registered serializer after a reload and the panel comes
 * back as it was.
 */
import * as vscode from 'vscode';
import { newNonce, resultsHtml } from './results/html';
import { revealableRecord } from './results/recipeLocation';
import { isWebviewMessage, parseResultsState, VIEW_TYPE, type ResultsState } from './results/state';

export interface ResultsPanelActions {
  reveal(file: string, recipe: string, besidePanel: vscode.ViewColumn | undefined): Promise<void>;
  exportCsv(state: ResultsState): Promise<void>;
  /** Reports a failed action (the panel's messages are not awaited by anyone else). */
  fail(error: unknown): void;
  /** Under test only: sees every message the webview sends, valid or not (testProbe.ts). */
  received?(message: unknown): void;
}

export class ResultsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private state: ResultsState | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly actions: ResultsPanelActions,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, saved: unknown) => this.attach(panel, parseResultsState(saved)),
      }),
    );
  }

  /** The records on show, in the user's current sort; undefined when no panel is open. */
  get current(): ResultsState | undefined {
    return this.panel && this.state;
  }

  show(state: ResultsState): void {
    if (this.panel) {
      this.render(this.panel, state);
      this.panel.title = panelTitle(state);
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, panelTitle(state), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    this.attach(panel, state);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** Wires a new or restored panel; a restored panel whose state cannot be read shows a notice. */
  private attach(panel: vscode.WebviewPanel, state: ResultsState | undefined): void {
    this.panel?.dispose();
    this.panel = panel;
    panel.webview.options = this.webviewOptions();
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = this.state = undefined;
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(panel, message));
    if (state) {
      panel.title = panelTitle(state);
      this.render(panel, state);
    } else {
      panel.webview.html = '<!DOCTYPE html><html><body><p>These Bimetal results could not be restored. Run "Bimetal: Score Workspace" again.</p></body></html>';
    }
  }

  private render(panel: vscode.WebviewPanel, state: ResultsState): void {
    this.state = state;
    const webview = panel.webview;
    webview.html = resultsHtml({
      nonce: newNonce(),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview-results.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'client', 'media', 'results.css')).toString(),
      state,
    });
  }

  private onMessage(panel: vscode.WebviewPanel, message: unknown): void {
    this.actions.received?.(message);
    if (!isWebviewMessage(message) || !this.state) return;
    const run = (action: Promise<void>) => action.catch((error: unknown) => this.actions.fail(error));
    switch (message.type) {
      case 'viewChanged':
        this.state = { ...this.state, sort: message.sort, page: message.page };
        return;
      case 'reveal': {
        const record = revealableRecord(this.state.records, message.file, message.recipe);
        if (record) void run(this.actions.reveal(record.file, record.recipe, panel.viewColumn));
        return;
      }
      case 'exportCsv':
        void run(this.actions.exportCsv(this.state));
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

function panelTitle(state: ResultsState): string {
  return `Bimetal scores: ${state.scope}`;
}
