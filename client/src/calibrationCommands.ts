/**
 * The calibration in the extension: a status-bar item that shows the server's calibration and
 * opens its report (the labelled recipes with their residuals and the parity plot), and
 * "Bimetal: Suggest Next Candidates", which opens the results panel sorted by the acquisition.
 * Shared by the desktop and web extensions.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { CalibrationReport, CalibrationStatus, SuggestParams } from '../../report/src/protocol';
import { CALIBRATION_CHANGED, CALIBRATION_REPORT, SCORE_WORKSPACE, SHOW_CALIBRATION, SUGGEST } from '../../report/src/protocol';
import { num } from '../../report/src/numbers';
import { statusText, suggestionMessage, suggestionSort } from './results/calibrationView';
import { newResultsState, type ResultsState } from './results/state';
import { scoreWithProgress, suggestWithProgress } from './scoring';

export const SUGGEST_COMMAND = 'bimetal.suggestCandidates';
/** How many candidates a suggestion lists. */
const SUGGESTIONS = 10;

export interface CalibrationUi {
  show(state: ResultsState): void;
  phiThreshold(): number;
  fail(error: unknown): void;
}

export function registerCalibration(context: vscode.ExtensionContext, client: BaseLanguageClient, ui: CalibrationUi): void {
  const item = vscode.window.createStatusBarItem('bimetal.calibration', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Bimetal calibration';
  item.command = SHOW_CALIBRATION;
  const update = (status: CalibrationStatus | null) => {
    const shown = statusText(status);
    if (!shown) return item.hide();
    item.text = shown.text;
    item.tooltip = shown.tooltip;
    item.show();
  };
  context.subscriptions.push(item, client.onNotification(CALIBRATION_CHANGED, update));

  const showCalibration = async () => {
    const report = await client.sendRequest<CalibrationReport | null>(CALIBRATION_REPORT);
    if (!report) {
      void vscode.window.showInformationMessage(
        'Bimetal: no calibration yet. Give at least 3 recipes an `energy X eV` label (workspace trusted, setting bimetal.calibration.enabled on).',
      );
      return;
    }
    const records = await scoreWithProgress(client, { method: SCORE_WORKSPACE, params: {}, title: 'Bimetal: scoring the labelled recipes' });
    if (!records) return;
    const labelled = records.filter((r) => r.reference !== undefined || r.site?.reference !== undefined);
    const scope = `calibration ${report.status.id} (${report.status.labels} labels, CV MAE ${num(report.status.cvMae)} eV/atom)`;
    ui.show(newResultsState(scope, labelled, ui.phiThreshold(), new Date(), { column: 'residual', descending: false }));
    void vscode.window.showInformationMessage(report.lines.join(' · '));
  };

  const suggest = async () => {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'stable', description: 'lowest E_form lower bound first: the most promising candidates', objective: 'stable' as const },
        { label: 'uncertain', description: 'widest interval first: where a new result teaches the calibration most', objective: 'uncertain' as const },
      ],
      { title: 'Bimetal: Suggest Next Candidates', placeHolder: 'Rank the unlabelled recipes by…' },
    );
    if (!pick) return;
    const params: SuggestParams = { objective: pick.objective, n: SUGGESTIONS };
    const suggestions = await suggestWithProgress(client, { method: SUGGEST, params, title: `Bimetal: ranking candidates (${pick.label})` });
    if (!suggestions) return;
    const message = suggestionMessage(suggestions);
    if (message) void vscode.window.showInformationMessage(message);
    if (suggestions.records.length === 0) return;
    ui.show(newResultsState(`next candidates (${pick.label})`, suggestions.records, ui.phiThreshold(), new Date(), suggestionSort(pick.objective)));
  };

  const guarded = (command: () => Promise<unknown>) => () => command().catch(ui.fail);
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_CALIBRATION, guarded(showCalibration)),
    vscode.commands.registerCommand(SUGGEST_COMMAND, guarded(suggest)),
  );
}
