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
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { SCORE_DOCUMENT, SCORE_WORKSPACE, SHOW_RECIPE, type ScoreDocumentParams, type ShowRecipeArguments } from '../../report/src/protocol';
import { readSettings } from '../../report/src/settings';
import { registerCalibration } from './calibrationCommands';
import { errorText } from './errorText';
import { exportCsv } from './exportCsv';
import { newResultsState, type ResultsState } from './results/state';
import { recordsOfRecipe } from './results/recipeLocation';
import { ResultsPanel } from './resultsPanel';
import { restartServer } from './restartServer';
import { revealRecipe } from './revealRecipe';
import { scoreWithProgress, type ScoreRequest } from './scoring';
import type { TestProbe } from './testProbe';

/** `probe`: only under test, it records the progress notifications, status messages and the webview's messages. */
export function registerCommands(context: vscode.ExtensionContext, client: BaseLanguageClient, probe?: TestProbe): void {
  const fail = (error: unknown) => showError(client, error);
  const panel = new ResultsPanel(context.extensionUri, { reveal: revealRecipe, exportCsv, fail, received: probe?.webviewMessage });

  /** Runs a scoring request; opens the panel with the records (those `select` keeps), or says why not. */
  const score = async (scope: string, request: ScoreRequest, select = (all: ScoreRecord[]) => all): Promise<ResultsState | undefined> => {
    const scored = await scoreWithProgress(client, request, probe?.withProgress);
    if (!scored) return undefined; // cancelled
    const records = select(scored);
    if (records.length === 0) {
      void vscode.window.showInformationMessage(`Bimetal: no recipes found in ${scope}.`);
      return undefined;
    }
    const state = newResultsState(scope, records, phiThreshold());
    panel.show(state);
    return state;
  };
  const scoreWorkspace = () => score('workspace', { method: SCORE_WORKSPACE, params: {}, title: 'Bimetal: scoring workspace recipes' });

  const scoreDocument = async (resource?: vscode.Uri) => {
    const uri = resource ?? bimetalEditorUri();
    if (!uri) {
      void vscode.window.showWarningMessage('Bimetal: open a .bimetal file to score it.');
      return;
    }
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    await score(name, { method: SCORE_DOCUMENT, params: { uri: client.code2ProtocolConverter.asUri(uri) } satisfies ScoreDocumentParams, title: `Bimetal: scoring ${name}` });
  };

  // The document is open (its lens was clicked), so the server answers from the scores it already has.
  const showRecipe = async (...[uri, recipe]: Partial<ShowRecipeArguments>) => {
    if (!uri || !recipe) {
      void vscode.window.showWarningMessage("Bimetal: click a recipe's code lens to show its scores.");
      return;
    }
    const params: ScoreDocumentParams = { uri };
    await score(recipe, { method: SCORE_DOCUMENT, params, title: `Bimetal: scoring ${recipe}` }, (records) => recordsOfRecipe(records, recipe));
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
  );
  registerCalibration(context, client, { show: (state) => panel.show(state), phiThreshold, fail });
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
