/**
 * Asks the language server for score records (`bimetal/scoreDocument`, `bimetal/scoreWorkspace`)
 * under a cancellable progress notification. The request carries a work-done token: a server that
 * reports `$/progress` on it moves the bar per file; otherwise the notification stays
 * indeterminate. Cancelling cancels the request.
 */
import * as vscode from 'vscode';
import { WorkDoneProgress, type BaseLanguageClient } from 'vscode-languageclient';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import type { SUGGEST } from '../../report/src/protocol';
import { SCORE_DOCUMENT, SCORE_WORKSPACE } from '../../report/src/protocol';
import { newNonce } from './results/html';
import { WorkDoneProgressSteps } from './workDoneProgress';

export interface ScoreRequest {
  method: typeof SCORE_DOCUMENT | typeof SCORE_WORKSPACE | typeof SUGGEST;
  params: object;
  /** Shown in the notification, e.g. "Bimetal: scoring workspace recipes". */
  title: string;
}

/** The records, or undefined when the user cancelled. Server errors are thrown. */
export function scoreWithProgress(client: BaseLanguageClient, request: ScoreRequest): Thenable<ScoreRecord[] | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: request.title, cancellable: true },
    async (progress, token) => {
      const workDoneToken = `bimetal-score-${newNonce()}`;
      const steps = new WorkDoneProgressSteps();
      const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => progress.report(steps.step(value)));
      try {
        const result = await client.sendRequest<unknown>(request.method, { ...request.params, workDoneToken }, token);
        if (token.isCancellationRequested) return undefined;
        if (!Array.isArray(result)) throw new Error(`the server answered ${request.method} with ${result === null ? 'null' : typeof result} instead of a list of records`);
        return result as ScoreRecord[];
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
