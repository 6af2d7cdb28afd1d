/**
 * The calibration in the extension: a status-bar item that shows the server's calibration and
 * opens its report (the labelled recipes with their residuals and the parity plot), and
 * "Bimetal: Suggest Next Candidates", which opens the results panel sorted by the acquisition.
 * Both panels are results sources (state.ts), so they are made again after a reload or a settings
 * change as the scored ones are. Shared by the desktop and web extensions.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { CalibrationReport, CalibrationStatus, SuggestParams } from '../../report/src/protocol';
import { CALIBRATION_CHANGED, CALIBRATION_REPORT, SCORE_WORKSPACE, SHOW_CALIBRATION, SUGGEST } from '../../report/src/protocol';
import { calibrationLabelRecords, calibrationScope, statusText, suggestionMessage, suggestionSort } from './results/calibrationView';
import { newResultsState, type ResultsSource, type ResultsState } from './results/state';
import { recordFileUri } from './revealRecipe';
import { scoreWithProgress, suggestWithProgress } from './scoring';

export const SUGGEST_COMMAND = 'bimetal.suggestCandidates';
/** How many candidates a suggestion lists. */
const SUGGESTIONS = 10;

export interface CalibrationUi {
  /** Makes a source's records and shows them in its own tab (commands.ts). */
  open(source: ResultsSource): Promise<unknown>;
  /** The server's calibration changed: panels that show another one are made again. */
  calibrationChanged(status: CalibrationStatus | null): void;
  fail(error: unknown): void;
}

/**
 * The calibration report's records: the recipes of its labels, smallest residual first; undefined when
 * there is no calibration (said in a message when `announce`) or the user cancelled. `announce`:
 * the command was run, so the report's lines are shown too (not when a panel is made again).
 */
export async function calibrationResults(client: BaseLanguageClient, phiThreshold: number, announce: boolean): Promise<ResultsState | undefined> {
  const report = await client.sendRequest<CalibrationReport | null>(CALIBRATION_REPORT);
  if (!report) {
    if (announce) {
      void vscode.window.showInformationMessage(
        'Bimetal: no calibration yet. Give at least 3 recipes an `energy X eV` label (workspace trusted, setting bimetal.calibration.enabled on).',
      );
    }
    return undefined;
  }
  const records = await scoreWithProgress(client, { method: SCORE_WORKSPACE, params: {}, title: 'Bimetal: scoring the labelled recipes' });
  if (!records) return undefined;
  const labelled = calibrationLabelRecords(records, report, (file) => recordFileUri(file).toString());
  const scope = calibrationScope(report.status);
  if (announce) void vscode.window.showInformationMessage(report.lines.join(' · '));
  return newResultsState(scope, labelled, phiThreshold, new Date(), { column: 'residual', descending: false });
}

/**
 * A suggestion's ranked candidates, in its order; undefined when nothing ranks or the user
 * cancelled. Why recipes are missing from the ranking is said when `announce` (the command was run).
 */
export async function suggestionResults(client: BaseLanguageClient, objective: SuggestParams['objective'], phiThreshold: number, announce: boolean): Promise<ResultsState | undefined> {
  const params: SuggestParams = { objective, n: SUGGESTIONS };
  const suggestions = await suggestWithProgress(client, { method: SUGGEST, params, title: `Bimetal: ranking candidates (${objective})` });
  if (!suggestions) return undefined;
  const message = suggestionMessage(suggestions);
  if (announce && message) void vscode.window.showInformationMessage(message);
  if (suggestions.records.length === 0) return undefined;
  return newResultsState(`next candidates (${objective})`, suggestions.records, phiThreshold, new Date(), suggestionSort(objective));
}

export function registerCalibration(context: vscode.ExtensionContext, client: BaseLanguageClient, ui: CalibrationUi): void {
  const item = vscode.window.createStatusBarItem('bimetal.calibration', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Bimetal calibration';
  item.command = SHOW_CALIBRATION;
  const update = (status: CalibrationStatus | null) => {
    ui.calibrationChanged(status);
    const shown = statusText(status);
    if (!shown) return item.hide();
    item.text = shown.text;
    item.tooltip = shown.tooltip;
    item.show();
  };
  context.subscriptions.push(item, client.onNotification(CALIBRATION_CHANGED, update));

  const suggest = async () => {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'stable', description: 'lowest E_form lower bound first: the most promising candidates', objective: 'stable' as const },
        { label: 'uncertain', description: 'widest interval first: where a new result teaches the calibration most', objective: 'uncertain' as const },
      ],
      // Kept open when focus moves: a results panel still loading (the report just asked for) or
      // made again by a recalibration takes focus, which closed the pick under the user's cursor.
      { title: 'Bimetal: Suggest Next Candidates', placeHolder: 'Rank the unlabelled recipes by…', ignoreFocusOut: true },
    );
    if (pick) await ui.open({ kind: 'suggestions', objective: pick.objective });
  };

  const guarded = (command: () => Promise<unknown>) => () => command().catch(ui.fail);
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_CALIBRATION, guarded(() => ui.open({ kind: 'calibration' }))),
    vscode.commands.registerCommand(SUGGEST_COMMAND, guarded(suggest)),
  );
}
