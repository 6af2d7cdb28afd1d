/**
 * The extension's commands, shared by the desktop (Node) and web (Web Worker) clients:
 * - `bimetal.scoreWorkspace`: every .bimetal file of the workspace, through the server;
 * - `bimetal.scoreDocument`: the active (or given) .bimetal file;
 * - `bimetal.exportCsv`: the results on show (or a fresh workspace run) as CSV;
 * - `bimetal.restartServer`: restarts the server (e.g. after replacing the models), with a status
 *   bar message while it runs and when it is done;
 * - `bimetal.showRecipe` (a recipe's code lens): that recipe's records, or its family's;
 * - `bimetal.showCalibration` and `bimetal.suggestCandidates`: see calibrationCommands.ts.
 * Scoring results open in the results panel. Every failure ends in an error message, never in an
 * unhandled rejection.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { SCORE_DOCUMENT, SCORE_WORKSPACE, SHOW_RECIPE, type ScoreDocumentParams, type ShowRecipeArguments } from '../../report/src/protocol';
import { readSettings } from '../../report/src/settings';
import { registerCalibration } from './calibrationCommands';
import { errorText } from './errorText';
import { exportCsv } from './exportCsv';
import { newResultsState, type ResultsSource, type ResultsState } from './results/state';
import { ResultsPanels } from './resultsPanel';
import { restartServer } from './restartServer';
import { openRecordDocument, revealRecipe } from './revealRecipe';
import { RECIPE_DETAIL, type MemberParams } from '../../report/src/recipeDetailProtocol';
import { scoreWithProgress, type ScoreRequest } from './scoring';
import type { TestProbe } from './testProbe';

/** `probe`: only under test, it records the progress notifications, status messages and the webview's messages. */
export function registerCommands(context: vscode.ExtensionContext, client: BaseLanguageClient, probe?: TestProbe): void {
  const fail = (error: unknown) => showError(client, error);
  const detail = async (file: string, recipe: string) => {
    const document = await openRecordDocument(file);
    if (!document) return null;
    const params: MemberParams = { uri: client.code2ProtocolConverter.asUri(document.uri), recipe };
    return client.sendRequest<unknown>(RECIPE_DETAIL, params);
  };
  /**
   * The server applies a settings change when its own notification arrives, which may be after
   * this request: a run whose intervals are not yet at the configured coverage is asked again.
   */
  const rescore = async (source: ResultsSource): Promise<ResultsState | undefined> => {
    for (let attempt = 1; ; attempt++) {
      const state = await scoreSource(source, false);
      const coverage = configuredCoverage();
      if (!state || attempt >= RESCORE_ATTEMPTS || state.records.every((r) => !r.prediction || r.prediction.coverage === coverage)) return state;
      await new Promise((resolve) => setTimeout(resolve, RESCORE_RETRY_MS));
    }
  };
  const panel = new ResultsPanels(context.extensionUri, { reveal: (file, recipe, beside) => revealRecipe(client, file, recipe, beside), exportCsv, detail, rescore, fail, received: probe?.webviewMessage });

  /** Runs a scoring request and returns its records as a run, or says why there is none. */
  const score = async (scope: string, request: ScoreRequest): Promise<ResultsState | undefined> => {
    const records = await scoreWithProgress(client, request, probe?.withProgress);
    if (!records) return undefined; // cancelled
    if (records.length === 0) {
      void vscode.window.showInformationMessage(`Bimetal: no recipes found in ${scope}.`);
      return undefined;
    }
    return newResultsState(scope, records, phiThreshold());
  };

  /** Scores a source (workspace, file, recipe) and, when `show`, opens it in its own tab. */
  const scoreSource = async (source: ResultsSource, show = true): Promise<ResultsState | undefined> => {
    let state: ResultsState | undefined;
    if (source.kind === 'workspace') {
      state = await score('workspace', { method: SCORE_WORKSPACE, params: {}, title: 'Bimetal: scoring workspace recipes' });
    } else {
      const name = source.uri.slice(source.uri.lastIndexOf('/') + 1);
      state =
        source.kind === 'document'
          ? await score(decodeURIComponent(name), { method: SCORE_DOCUMENT, params: { uri: source.uri } satisfies ScoreDocumentParams, title: `Bimetal: scoring ${decodeURIComponent(name)}` })
          : await score(source.recipe, { method: SCORE_DOCUMENT, params: { uri: source.uri, recipe: source.recipe } satisfies ScoreDocumentParams, title: `Bimetal: scoring ${source.recipe}` });
    }
    if (state && show) panel.show(state, source);
    return state;
  };
  const scoreWorkspace = () => scoreSource({ kind: 'workspace' });

  const scoreDocument = async (resource?: vscode.Uri) => {
    const uri = resource ?? bimetalEditorUri();
    if (!uri) {
      void vscode.window.showWarningMessage('Bimetal: open a .bimetal file to score it.');
      return;
    }
    await scoreSource({ kind: 'document', uri: client.code2ProtocolConverter.asUri(uri) });
  };

  // The document is open (its lens was clicked), so the server answers from the scores it already has.
  const showRecipe = async (...[uri, recipe]: Partial<ShowRecipeArguments>) => {
    if (!uri || !recipe) {
      void vscode.window.showWarningMessage("Bimetal: click a recipe's code lens to show its scores.");
      return;
    }
    await scoreSource({ kind: 'recipe', uri, recipe });
  };

  const exportScores = async () => {
    const state = panel.current ?? (await scoreWorkspace());
    if (state) await exportCsv(state);
  };

  const guarded =
    <A extends unknown[]>(command: (...args: A) => Promise<unknown>) =>
    (...args: A) =>
      command(...args).catch(fail);
  context.subscriptions.push(
    panel,
    vscode.commands.registerCommand('bimetal.scoreWorkspace', guarded(scoreWorkspace)),
    vscode.commands.registerCommand('bimetal.scoreDocument', guarded(scoreDocument)),
    vscode.commands.registerCommand('bimetal.exportCsv', guarded(exportScores)),
    vscode.commands.registerCommand('bimetal.restartServer', guarded(() => restartServer(client, probe?.statusBar ?? vscode.window))),
    vscode.commands.registerCommand(SHOW_RECIPE, guarded(showRecipe)),
    // Open panels show the old intervals until scored again under the new settings.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (SCORE_SETTINGS.some((s) => e.affectsConfiguration(s))) void panel.rescoreAll().catch(fail);
    }),
  );
  registerCalibration(context, client, { show: (state) => panel.show(state), phiThreshold, fail });
}

/** Settings that change the records (intervals, φ verdicts). */
const SCORE_SETTINGS = ['bimetal.coverage', 'bimetal.phiThreshold'];

const RESCORE_ATTEMPTS = 4;
const RESCORE_RETRY_MS = 500;

function configuredCoverage(): number {
  return readSettings({ coverage: vscode.workspace.getConfiguration('bimetal').get('coverage') }).coverage;
}

/** The φ threshold the server scored with (the server's own reading of the setting). */
function phiThreshold(): number {
  return readSettings({ phiThreshold: vscode.workspace.getConfiguration('bimetal').get('phiThreshold') }).phiThreshold;
}

function bimetalEditorUri(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'bimetal' ? document.uri : undefined;
}

function showError(client: BaseLanguageClient, error: unknown): void {
  void vscode.window.showErrorMessage(`Bimetal: ${errorText(error)}`, 'Show Log').then((choice) => {
    if (choice === 'Show Log') client.outputChannel.show();
  });
}
