/**
 * Asks the language server for score records (`bimetal/scoreDocument`, `bimetal/scoreWorkspace`,
 * `bimetal/suggest`) under a cancellable progress notification, packed on the wire (see
 * report/src/packedRecords.ts: a family's records are a fifth of the bytes). The request carries
 * a work-done token: a server that reports `$/progress` on it moves the bar per file; otherwise the
 * notification stays indeterminate. Cancelling cancels the request.
 */
import * as vscode from 'vscode';
import { WorkDoneProgress, type BaseLanguageClient } from 'vscode-languageclient';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import type { SUGGEST } from '../../report/src/protocol';
import { SCORE_DOCUMENT, SCORE_WORKSPACE, type PackedRecordsParams } from '../../report/src/protocol';
import { answerRecords } from './results/answerRecords';
import { newNonce } from './results/html';
import type { WithProgress } from './testProbe';
import { WorkDoneProgressSteps } from './workDoneProgress';

export interface ScoreRequest {
  method: typeof SCORE_DOCUMENT | typeof SCORE_WORKSPACE | typeof SUGGEST;
  params: object;
  /** Shown in the notification, e.g. "Bimetal: scoring workspace recipes". */
  title: string;
}

/**
 * The records, or undefined when the user cancelled. Server errors are thrown. `withProgress` is
 * `vscode.window`'s, or under test the probe's, which records what the notification showed.
 */
export function scoreWithProgress(client: BaseLanguageClient, request: ScoreRequest, withProgress: WithProgress = vscode.window.withProgress): Thenable<ScoreRecord[] | undefined> {
  return withProgress(
    { location: vscode.ProgressLocation.Notification, title: request.title, cancellable: true },
    async (progress, token) => {
      const workDoneToken = `bimetal-score-${newNonce()}`;
      const steps = new WorkDoneProgressSteps();
      const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => progress.report(steps.step(value)));
      try {
        const params: PackedRecordsParams & { workDoneToken: string } = { ...request.params, workDoneToken, packed: true };
        const result = await client.sendRequest<unknown>(request.method, params, token);
        if (token.isCancellationRequested) return undefined;
        return await answerRecords(result, request.method, () => token.isCancellationRequested);
      } catch (error) {
        // A cancelled request is answered with an error (RequestCancelled); that is not a failure.
        if (token.isCancellationRequested || error instanceof vscode.CancellationError) return undefined;
        throw error;
      } finally {
        listening.dispose();
      }
    },
  );
}
