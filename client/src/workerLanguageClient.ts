/**
 * The web extension's language client. A language server in a Web Worker cannot exit, so a client
 * that kept one worker (vscode-languageclient/browser's LanguageClient) sent a restarted client's
 * `initialize` to the server it had shut down, whose state then counted twice: its start-up scan
 * of closed files left the calibration waiting for it forever. This client starts a new worker at
 * each start and terminates the one before, as the desktop client starts a new process.
 */
import { BaseLanguageClient, BrowserMessageReader, BrowserMessageWriter, State, type LanguageClientOptions, type MessageTransports } from 'vscode-languageclient/browser';

export class WorkerLanguageClient extends BaseLanguageClient {
  private worker: Worker | undefined;

  constructor(
    id: string,
    name: string,
    clientOptions: LanguageClientOptions,
    private readonly startWorker: () => Worker,
  ) {
    super(id, name, clientOptions);
  }

  protected createMessageTransports(): Promise<MessageTransports> {
    this.terminateWorker();
    this.worker = this.startWorker();
    return Promise.resolve({ reader: new BrowserMessageReader(this.worker), writer: new BrowserMessageWriter(this.worker) });
  }

  override async stop(timeout?: number): Promise<void> {
    try {
      await super.stop(timeout);
    } finally {
      // A client still starting refuses to stop (vscode-languageclient throws) and goes on starting: its worker must live.
      if (this.state === State.Stopped) this.terminateWorker();
    }
  }

  private terminateWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
