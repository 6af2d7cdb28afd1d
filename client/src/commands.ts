/**
 * The extension's commands, shared by the desktop (Node) and web (Web Worker) clients:
 * - `bimetal.scoreWorkspace`: every .bimetal file of the workspace, through the server;
 * - `bimetal.scoreDocument`: the active (or given) .bimetal file;
 * - `bimetal.exportCsv`: the results on show (or a fresh workspace run) as CSV;
 * - `bimetal.restartServer`: restarts the server (e.g. after replacing the models), with a status
 *   bar message while it runs and when it is done, then makes the open results panels again;
 * - `bimetal.showRecipe` (a recipe's code lens): that recipe's records, or its family's;
 * - `bimetal.showCalibration` and `bimetal.suggestCandidates`: see calibrationCommands.ts.
 * Results open in the results panel, one tab per source (state.ts `ResultsSource`). Every failure ends in an error message, never in an
 * unhandled rejection.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { SCORE_DOCUMENT, SCORE_WORKSPACE, SHOW_RECIPE, type ScoreDocumentParams, type ShowRecipeArguments } from '../../report/src/protocol';
import { scoringSettingsChanged } from '../../report/src/settings';
import { calibrationResults, registerCalibration, suggestionResults } from './calibrationCommands';
import { errorText } from './errorText';
import { exportCsv } from './exportCsv';
import { newResultsState, type ResultsSource, type ResultsState } from './results/state';
import { ResultsPanels } from './resultsPanel';
import { restartServer } from './restartServer';
import { openRecordDocument, recordFileUri, revealRecipe } from './revealRecipe';
import { showsCalibration } from './results/staleness';
import { documentTabName } from './results/recipeLocation';
import { answersFor, unlistedErrors, type Problem } from './results/unlistedErrors';
import { RECIPE_DETAIL, type MemberParams } from '../../report/src/recipeDetailProtocol';
import { configuredSettings, scoreWithProgress, type ScoreRequest } from './scoring';
import type { TestProbe } from './testProbe';

/** What the extension's start asks of the commands beyond registering them. */
export interface Commands {
  /** Makes the open results panels again, saying `why` on them meanwhile: the server scores otherwise now. */
  remakePanels(why: string): void;
}

/** `probe`: only under test, it records the progress notifications, status messages and the webview's messages. */
export function registerCommands(context: vscode.ExtensionContext, client: BaseLanguageClient, probe?: TestProbe): Commands {
  const fail = (error: unknown) => showError(client, error);
  const detail = async (file: string, recipe: string) => {
    const document = await openRecordDocument(file);
    if (!document) return null;
    const params: MemberParams = { uri: client.code2ProtocolConverter.asUri(document.uri), recipe };
    return client.sendRequest<unknown>(RECIPE_DETAIL, params);
  };
  const panel = new ResultsPanels(context.extensionUri, {
    reveal: (file, recipe, beside) => revealRecipe(client, file, recipe, beside),
    exportCsv,
    detail,
    // A panel restored or stale is made again as it was first made, without what a command says.
    rescore: (source) => scoreSource(source, false),
    problems: workspaceProblems,
    recordUri: (file) => recordFileUri(file).toString(),
    fail,
    received: probe?.webviewMessage,
  });

  /**
   * Runs a scoring request and returns its records as a run, or says why there is none. A run with
   * no record whose files have errors is still a run: its panel names those errors (unlistedErrors)
   * rather than keeping the rows of a run before them.
   */
  const score = async (scope: string, request: ScoreRequest, source: ResultsSource): Promise<ResultsState | undefined> => {
    const records = await scoreWithProgress(client, request, probe?.withProgress);
    if (!records) return undefined; // cancelled
    // Label conflicts (BM420) keep no recipe from being scored: only errors the panel would name count.
    if (records.length === 0 && unlistedErrors([], workspaceProblems(source), String).length === 0) {
      void vscode.window.showInformationMessage(`Bimetal: no recipes found in ${scope}.`);
      return undefined;
    }
    return newResultsState(scope, records, phiThreshold());
  };

  /** The records of a source (workspace, file, recipe, calibration report, suggestion); `run`: a command asked, so it may say more than the panel. */
  const sourceResults = async (source: ResultsSource, run: boolean): Promise<ResultsState | undefined> => {
    switch (source.kind) {
      case 'workspace':
        return score('workspace', { method: SCORE_WORKSPACE, params: {}, title: 'Bimetal: scoring workspace recipes' }, source);
      case 'document': {
        const name = documentTabName(source.uri);
        return score(name, { method: SCORE_DOCUMENT, params: { uri: source.uri } satisfies ScoreDocumentParams, title: `Bimetal: scoring ${name}` }, source);
      }
      case 'recipe':
        return score(source.recipe, { method: SCORE_DOCUMENT, params: { uri: source.uri, recipe: source.recipe } satisfies ScoreDocumentParams, title: `Bimetal: scoring ${source.recipe}` }, source);
      case 'calibration':
        return calibrationResults(client, phiThreshold(), run);
      case 'suggestions':
        return suggestionResults(client, source.objective, phiThreshold(), run);
    }
  };

  /** Makes a source's records and, when `show` (a command asked), opens them in its own tab. */
  const scoreSource = async (source: ResultsSource, show = true): Promise<ResultsState | undefined> => {
    const state = await sourceResults(source, show);
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
    return scoreSource({ kind: 'document', uri: client.code2ProtocolConverter.asUri(uri) });
  };

  // The document is open (its lens was clicked), so the server answers from the scores it already has.
  const showRecipe = async (...[uri, recipe]: Partial<ShowRecipeArguments>) => {
    if (!uri || !recipe) {
      void vscode.window.showWarningMessage("Bimetal: click a recipe's code lens to show its scores.");
      return;
    }
    await scoreSource({ kind: 'recipe', uri, recipe });
  };

  const remakePanels = (why: string) => void panel.rescore(why, () => true).catch(fail);

  // The new server loads the models again (restarting is how replaced ones are used): open panels show what it scores.
  const restart = async () => {
    await restartServer(client, probe?.statusBar ?? vscode.window);
    remakePanels('The language server restarted');
  };

  // What the panel used last shows (its filters and order), as its own Export CSV… button saves.
  const exportScores = async () => {
    const state = panel.shown ?? (await scoreWorkspace());
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
    vscode.commands.registerCommand('bimetal.restartServer', guarded(restart)),
    vscode.commands.registerCommand(SHOW_RECIPE, guarded(showRecipe)),
    // Open panels show the old records until made again under the settings the server scores with
    // (report/src/settings.ts says which). bimetal.calibration.enabled is not among them: the server
    // says when the calibration changes, which follows it (calibrationChanged below).
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('bimetal')) return;
      const next = configuredSettings();
      const changed = scoringSettingsChanged(applied, next);
      applied = next;
      if (changed) remakePanels('Settings changed');
    }),
  );
  let applied = configuredSettings();
  registerCalibration(context, client, {
    open: (source) => scoreSource(source),
    // Records carry the calibration they were made with: those of another are made again.
    calibrationChanged: (status) => void panel.rescore('The calibration changed', (state) => !showsCalibration(state.records, status?.id ?? null)).catch(fail),
    fail,
  });
  return { remakePanels };
}

/** The φ threshold the server scored with (the server's own reading of the setting). */
function phiThreshold(): number {
  return configuredSettings().phiThreshold;
}

/** The errors of the Problems view in the documents a source answers for (answersFor). */
function workspaceProblems(source: ResultsSource): Problem[] {
  const spelt = source.kind === 'document' ? { ...source, uri: vscode.Uri.parse(source.uri).toString() } : source;
  return vscode.languages.getDiagnostics().flatMap(([uri, diagnostics]) =>
    answersFor(spelt, uri.toString())
      ? diagnostics
          .filter((d) => d.severity === vscode.DiagnosticSeverity.Error && d.source === 'bimetal')
          .map((d) => ({
            uri: uri.toString(),
            file: vscode.workspace.asRelativePath(uri),
            line: d.range.start.line + 1,
            column: d.range.start.character + 1,
            code: String(typeof d.code === 'object' ? d.code.value : (d.code ?? '')),
            message: d.message,
          }))
      : [],
  );
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
