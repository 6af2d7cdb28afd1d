/**
 * Restarting the language server with feedback in the status bar: a restart takes a few seconds
 * (models and RDKit load again) and otherwise changes nothing visible, so the user is told while
 * it runs and when it is done. No runtime import of `vscode`, so it is tested without a workbench.
 */

/** How long the "restarted" message stays: long enough to be read, short enough not to linger. */
export const RESTARTED_MESSAGE_MS = 5_000;

export const RESTARTING_MESSAGE = '$(sync~spin) Bimetal: restarting the language server…';
export const RESTARTED_MESSAGE = '$(check) Bimetal: language server restarted';

export interface RestartableClient {
  isRunning(): boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** The part of `vscode.window` used: a status bar message hidden after a timeout, or once a thenable settles. */
export interface StatusBar {
  setStatusBarMessage(text: string, hideAfterTimeout: number): unknown;
  setStatusBarMessage(text: string, hideWhenDone: PromiseLike<unknown>): unknown;
}

/** Restarts the client; a failure propagates (the command shows it as an error) and leaves no "restarted" message. */
export async function restartServer(client: RestartableClient, window: StatusBar): Promise<void> {
  const restarting = (async () => {
    if (client.isRunning()) await client.stop();
    await client.start();
  })();
  window.setStatusBarMessage(
    RESTARTING_MESSAGE,
    restarting.then(
      () => undefined,
      () => undefined,
    ),
  );
  await restarting;
  window.setStatusBarMessage(RESTARTED_MESSAGE, RESTARTED_MESSAGE_MS);
}
