/**
 * Diagnostics of the workspace's closed `.bimetal` files, so a file's errors stay in the Problems
 * view after it is closed and files never opened show theirs too (issue 10, bug 4). Every client
 * takes pushed diagnostics, so they are pushed, read from disk and scored as an open file would be.
 *
 * Bounded: at most MAX_CLOSED_FILES files, scored one at a time after the open documents' work
 * (the scorer yields between members), each dropped as soon as the editor opens it.
 *
 * The same reading gives the editor's calibration the closed files' labels (`read`, `gone`), so
 * each closed file is scored once for both.
 */
import type { Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { capDiagnostics } from '../../grammar/src/index';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { ScoredDocument, Scorer } from '../../pipeline/src/index';
import { mayHoldLabels } from './calibration/live';
import { isCancelled } from './cancellation';
import { toLspDiagnostic } from './diagnostics';
import { dirnameOf, uriToPath } from './uris';
import type { WorkspaceFiles } from './workspaceFiles';
import type { FileAccessContext } from './workspaceTrust';

/** More closed files than this are left out: a workspace of generated screens must not keep the server busy for minutes. */
export const MAX_CLOSED_FILES = 500;

/**
 * The start-up scan waits this long: the editor opens its restored files right after
 * initialisation, and their phase-1 diagnostics must not queue behind the first scoring run's
 * loading of RDKit and the models.
 */
const SCAN_DELAY_MS = 1_000;

export interface ClosedFilesOptions {
  files: WorkspaceFiles;
  scorer(): Promise<Scorer>;
  fileAccess(): FileAccessContext;
  workspaceFolders(): readonly string[];
  isOpen(uri: string): boolean;
  docsUrl(): string | undefined;
  /** What to publish of a file's scoring run: the editor's view of its diagnostics, as for an open document (a calibration decides BM412; conflicts among labels, BM420/BM421, are found across files). */
  shownDiagnostics(scored: ScoredDocument, uri: string): readonly BimetalDiagnostic[];
  /** A closed file was read from disk and scored (its labels count as it is on disk). */
  read(uri: string, scored: ScoredDocument): void;
  /** A file is no longer read from disk: deleted, or closed outside the workspace folders. */
  gone(uri: string): void;
}

export class ClosedFileDiagnostics {
  /**
   * Files waiting to be scored, in order, each once, with whether it is scored only if it may hold
   * labels (a calibration change); queued for any reason besides, it is scored whatever it holds.
   */
  private readonly queue = new Map<string, boolean>();
  /** Closed files whose diagnostics are in the Problems view, to clear when they are deleted. */
  private readonly published = new Set<string>();
  private running: AbortController | undefined;
  private runningUri: string | undefined;
  /** Scans whose files are not queued yet; the start-up scan counts from construction, as it must be waited for from the start. */
  private listing = 1;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly options: ClosedFilesOptions,
  ) {}

  /** Queues every closed `.bimetal` file of the workspace folders, soon after start. */
  scanAfterStart(): void {
    setTimeout(() => void this.queueWorkspace(false), SCAN_DELAY_MS);
  }

  /**
   * Resolves once no file is queued, being read or waiting for its scan to list it, the start-up
   * scan included: every closed file's labels are known then.
   */
  idle(): Promise<void> {
    return this.isIdle() ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Queues every closed `.bimetal` file of the workspace folders: when the folders change, and when
   * a setting or the calibration that its diagnostics depend on changes (a file being scored
   * meanwhile is queued again). `labelledOnly`: the calibration changed, which changes nothing in a
   * file without labels, so only files that may hold some are scored.
   */
  scanWorkspace(labelledOnly = false): Promise<void> {
    this.listing++;
    return this.queueWorkspace(labelledOnly);
  }

  /** Lists and queues the files of one scan counted in `listing`. */
  private async queueWorkspace(labelledOnly: boolean): Promise<void> {
    try {
      const folders = this.options.workspaceFolders();
      if (folders.length === 0) return; // a single file opened without a folder: nothing else is the workspace's
      const uris = await this.options.files.list(folders);
      for (const uri of uris.slice(0, MAX_CLOSED_FILES)) this.add(uri, labelledOnly);
    } finally {
      this.listing--;
      this.settleIdle();
    }
  }

  /**
   * A file was closed or changed on disk: rescored from disk if it lies in a workspace folder, else
   * its diagnostics are removed (nothing would keep them current).
   */
  refresh(uri: string): void {
    if (this.inWorkspace(uri)) this.add(uri);
    else this.clear(uri);
  }

  /** The file was deleted, or opened (its open document publishes from now on). */
  forget(uri: string, clear: boolean): void {
    this.queue.delete(uri);
    if (this.runningUri === uri) this.running?.abort();
    if (clear) this.clear(uri);
    else this.published.delete(uri);
  }

  private clear(uri: string): void {
    this.published.delete(uri);
    this.options.gone(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private isIdle(): boolean {
    return this.listing === 0 && !this.running && this.queue.size === 0;
  }

  private settleIdle(): void {
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private inWorkspace(uri: string): boolean {
    return uri.endsWith('.bimetal') && this.options.workspaceFolders().some((folder) => uri.startsWith(folder.endsWith('/') ? folder : `${folder}/`));
  }

  private add(uri: string, labelledOnly = false): void {
    if (this.options.isOpen(uri)) return;
    if (this.queue.size + this.published.size >= MAX_CLOSED_FILES && !this.published.has(uri)) return;
    this.queue.set(uri, labelledOnly && (this.queue.get(uri) ?? true));
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0) {
      const [uri, labelledOnly] = this.queue.entries().next().value as [string, boolean];
      this.queue.delete(uri);
      const controller = new AbortController();
      this.running = controller;
      this.runningUri = uri;
      try {
        await this.publishFromDisk(uri, labelledOnly, controller.signal);
      } catch (error) {
        if (!isCancelled(error)) this.connection.console.warn(`bimetal: diagnostics of closed file ${uri} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.running = undefined;
    this.runningUri = undefined;
    this.settleIdle();
  }

  private async publishFromDisk(uri: string, labelledOnly: boolean, signal: AbortSignal): Promise<void> {
    const text = await this.options.files.read(uri).catch(() => undefined);
    if (text === undefined) return this.clear(uri); // deleted meanwhile
    if (labelledOnly && !mayHoldLabels(text)) return;
    const file = uriToPath(uri);
    const scored = await (await this.options.scorer()).scoreText(text, {
      file: file ?? uri,
      baseDir: file ? dirnameOf(file) : undefined,
      signal,
      ...this.options.fileAccess(),
    });
    if (signal.aborted || this.options.isOpen(uri)) return;
    this.options.read(uri, scored);
    const document = TextDocument.create(uri, 'bimetal', 0, text);
    const docsUrl = this.options.docsUrl();
    this.published.add(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: capDiagnostics(this.options.shownDiagnostics(scored, uri)).map((d) => toLspDiagnostic(document, d, docsUrl)) });
  }
}
