/**
 * Asks the language server for score records (`bimetal/scoreDocument`, `bimetal/scoreWorkspace`,
 * `bimetal/suggest`) under a cancellable progress notification, packed on the wire (see
 * report/src/packedRecords.ts: a family's records are a fifth of the bytes). The request carries
 * a work-done token: a server that reports `$/progress` on it moves the bar per file; otherwise the
 * notification stays indeterminate. Cancelling cancels the request.
 *
 * The server applies a settings change once it has pulled the new settings, which may be after a
 * request sent at once, or halfway through a long one (each file is scored with the settings of its
 * turn): records not scored under the settings configured when they arrive are asked for again.
 */
import * as vscode from 'vscode';
import { WorkDoneProgress, type BaseLanguageClient } from 'vscode-languageclient';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import type { SUGGEST, SuggestParams } from '../../report/src/protocol';
import { SCORE_DOCUMENT, SCORE_WORKSPACE, type PackedRecordsParams } from '../../report/src/protocol';
import { readSettings, type BimetalSettings, type RawBimetalSection } from '../../report/src/settings';
import { answerRecords, answerSuggestions, type Suggestions } from './results/answerRecords';
import { newNonce } from './results/html';
import { RecordPool } from './results/recordPool';
import { scoredUnder } from './results/staleness';
import type { WithProgress } from './testProbe';
import { WorkDoneProgressSteps } from './workDoneProgress';

interface ProgressRequest {
  method: string;
  params: object;
  /** Shown in the notification, e.g. "Bimetal: scoring workspace recipes". */
  title: string;
}

export interface ScoreRequest extends ProgressRequest {
  method: typeof SCORE_DOCUMENT | typeof SCORE_WORKSPACE;
}

export interface SuggestRequest extends ProgressRequest {
  method: typeof SUGGEST;
  params: SuggestParams;
}

/** The records of every results answer: the panels of one family (workspace, file, lens, suggestions) share theirs. */
const records = new RecordPool();

/**
 * The records, or undefined when the user cancelled. Server errors are thrown. `withProgress` is
 * `vscode.window`'s, or under test the probe's, which records what the notification showed.
 */
export function scoreWithProgress(client: BaseLanguageClient, request: ScoreRequest, withProgress: WithProgress = vscode.window.withProgress): Thenable<ScoreRecord[] | undefined> {
  return requestWithProgress(client, request, withProgress, (answer, cancelled) => answerRecords(answer, request.method, cancelled, records), (answered) => answered);
}

/** SUGGEST's answer (answerSuggestions), as scoreWithProgress reads a results answer. */
export function suggestWithProgress(client: BaseLanguageClient, request: SuggestRequest, withProgress: WithProgress = vscode.window.withProgress): Thenable<Suggestions | undefined> {
  return requestWithProgress(client, request, withProgress, (answer, cancelled) => answerSuggestions(answer, request.method, cancelled, records), (suggestions) => suggestions.records);
}

/** The `bimetal.*` settings as the server reads them (report/src/settings.ts). */
export function configuredSettings(): BimetalSettings {
  return readSettings(vscode.workspace.getConfiguration('bimetal') as RawBimetalSection);
}

/** How often a request is sent in all when its answers are not scored under the configured settings, and the pause before each retry. */
const ATTEMPTS = 4;
const RETRY_MS = 500;

/**
 * Sends `request` with a work-done token under a cancellable notification, and reads its answer with
 * `read`; again while `recordsOf` the answer were not scored under the configured settings (at most
 * ATTEMPTS times: a server that never catches up still shows what it has).
 */
function requestWithProgress<T>(
  client: BaseLanguageClient,
  request: ProgressRequest,
  withProgress: WithProgress,
  read: (answer: unknown, cancelled: () => boolean) => Promise<T | undefined>,
  recordsOf: (answer: T) => readonly ScoreRecord[],
): Thenable<T | undefined> {
  return withProgress(
    { location: vscode.ProgressLocation.Notification, title: request.title, cancellable: true },
    async (progress, token) => {
      const steps = new WorkDoneProgressSteps();
      for (let attempt = 1; ; attempt++) {
        const workDoneToken = `bimetal-score-${newNonce()}`;
        const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => progress.report(steps.step(value)));
        let answer: T | undefined;
        try {
          const params: PackedRecordsParams & { workDoneToken: string } = { ...request.params, workDoneToken, packed: true };
          const result = await client.sendRequest<unknown>(request.method, params, token);
          if (token.isCancellationRequested) return undefined;
          answer = await read(result, () => token.isCancellationRequested);
        } catch (error) {
          // A cancelled request is answered with an error (RequestCancelled); that is not a failure.
          if (token.isCancellationRequested || error instanceof vscode.CancellationError) return undefined;
          throw error;
        } finally {
          listening.dispose();
        }
        if (!answer || attempt >= ATTEMPTS || scoredUnder(recordsOf(answer), configuredSettings())) return answer;
        progress.report({ message: 'the settings changed meanwhile: scoring again' });
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        if (token.isCancellationRequested) return undefined;
      }
    },
  );
}
