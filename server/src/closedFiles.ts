/**
 * Diagnostics of the workspace's closed `.bimetal` files, so a file's errors stay in the Problems
 * view after it is closed and files never opened show theirs too (issue 10, bug 4). Every client
 * takes pushed diagnostics, so they are pushed, read from disk and scored as an open file would be.
 *
 * Bounded: at most MAX_CLOSED_FILES files, scored one at a time after the open documents' work
 * (the scorer yields between members), each dropped as soon as the editor opens it. A file past
 * the limit is not read, so nothing of it is shown or counted.
 *
 * The same reading gives the editor's calibration the closed files' labels (`read`, `gone`), so
 * each closed file is scored once for both. The files that may hold labels are scored first, and
 * the calibration waits only for them (`labelsRead`): a large file without labels, such as a sweep
 * of candidates, must not hold back the fit.
 */
import { inFolders, isRecipeFile } from '../../report/src/protocol';
import type { Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { capDiagnostics } from '../../grammar/src/index';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { ScoredDocument, Scorer } from '../../pipeline/src/index';
import { mayHoldLabels } from './calibration/live';
import { isCancelled } from './cancellation';
import { toLspDiagnostic } from './diagnostics';
import { namesAnyOf, structureFilesNamed } from './structurePaths';
import { canonicalUri, documentLocation } from './uris';
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
  /** In canonicalUri's spelling, as the files' URIs are here. */
  workspaceFolders(): readonly string[];
  isOpen(uri: string): boolean;
  docsUrl(): string | undefined;
  /** What to publish of a file's scoring run: the editor's view of its diagnostics, as for an open document (a calibration decides BM412; conflicts among labels, BM420/BM421, are found across files). */
  shownDiagnostics(scored: ScoredDocument, uri: string): readonly BimetalDiagnostic[];
  /** A closed file was read from disk and scored (its labels count as it is on disk). */
  read(uri: string, scored: ScoredDocument): void;
  /** A file holds no labels that count: deleted, closed outside the workspace folders or past the limit, or read without any. */
  gone(uri: string): void;
}

export class ClosedFileDiagnostics {
  /**
   * Files waiting to be read, in order, each once, with whether it is scored only if it may hold
   * labels (a calibration change); queued for any reason besides, it is scored whatever it holds.
   */
  private readonly queue = new Map<string, boolean>();
  /** Files read and found without labels, in order, waiting to be scored for their diagnostics once no queued file is left. */
  private readonly unlabelled = new Set<string>();
  /**
   * The closed files kept current (queued, waiting, being read, or read), each counted once against
   * MAX_CLOSED_FILES however often it is queued again.
   */
  private readonly kept = new Set<string>();
  /** The structure files each kept file's recipes named when it was last scored (structureFilesNamed). */
  private readonly structures = new Map<string, ReadonlySet<string>>();
  private running: AbortController | undefined;
  private runningUri: string | undefined;
  /**
   * The files changed on disk since the file being read or scored was taken up (changedFileNames):
   * it may have read one of them before it changed, which only its scoring tells.
   */
  private changedDuringRun: string[] = [];
  /** The file being scored was read without labels: the calibration need not wait for it. */
  private runningUnlabelled = false;
  /** Scans whose files are not queued yet; the start-up scan counts from construction, as it must be waited for from the start. */
  private listing = 1;
  private readonly labelWaiters: (() => void)[] = [];
  /** The start-up scan, until its SCAN_DELAY_MS are up. */
  private startScan: ReturnType<typeof setTimeout> | undefined;
  /** The server shut down (dispose): nothing more is listed, read, scored or pushed. */
  private disposed = false;

  constructor(
    private readonly connection: Connection,
    private readonly options: ClosedFilesOptions,
  ) {}

  /** Queues every closed `.bimetal` file of the workspace folders, soon after start. */
  scanAfterStart(): void {
    this.startScan = setTimeout(() => void this.queueWorkspace(false), SCAN_DELAY_MS);
  }

  /** The server shut down: the scan waiting to start and the files queued are dropped, the file being scored is abandoned. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.startScan);
    this.queue.clear();
    this.unlabelled.clear();
    this.running?.abort();
  }

  /**
   * Resolves once no file that may hold labels is queued, being read or scored, or waiting for its
   * scan to list it, the start-up scan included: every closed file's labels are known then. Files
   * without labels may still be waiting to be scored for their diagnostics.
   */
  labelsRead(): Promise<void> {
    return this.labelsKnown() ? Promise.resolve() : new Promise((resolve) => this.labelWaiters.push(resolve));
  }

  /**
   * Queues every closed `.bimetal` file of the workspace folders, and drops those of folders no
   * longer in it: when the folders change, and when a setting or the calibration that its
   * diagnostics depend on changes (a file being scored meanwhile is queued again).
   * `labelledOnly`: the calibration changed, which changes nothing in a file without labels, so
   * only files that may hold some are scored.
   */
  scanWorkspace(labelledOnly = false): Promise<void> {
    if (this.disposed) return Promise.resolve();
    // The files of a folder that left the workspace: nothing keeps them current any more, their
    // labels must not count in the calibration, and each held a place under MAX_CLOSED_FILES.
    for (const uri of this.kept) if (!this.inWorkspace(uri)) this.forget(uri, true);
    this.listing++;
    return this.queueWorkspace(labelledOnly);
  }

  /** Lists and queues the files of one scan counted in `listing`. */
  private async queueWorkspace(labelledOnly: boolean): Promise<void> {
    try {
      const folders = this.options.workspaceFolders();
      if (this.disposed || folders.length === 0) return; // a single file opened without a folder: nothing else is the workspace's
      const uris = await this.options.files.list(folders);
      for (const uri of uris.slice(0, MAX_CLOSED_FILES)) this.add(uri, labelledOnly);
    } finally {
      this.listing--;
      this.settleLabels();
    }
  }

  /**
   * A file was closed or changed on disk: rescored from disk if it lies in a workspace folder and
   * within the limit, else its diagnostics and labels are removed (nothing would keep them current;
   * a document just closed would otherwise keep its discarded edits' ones).
   */
  refresh(uri: string): void {
    // The client's file events may spell a URI otherwise than the listing (pathToUri) does.
    uri = canonicalUri(uri);
    if (this.inWorkspace(uri) && this.hasRoomFor(uri)) this.add(uri);
    else this.clear(uri);
  }

  /**
   * Files changed on disk (`changed`, changedFileNames): the closed files whose recipes read one as
   * their structure file are scored again. The file being scored is scored again if it turns out
   * to read one (publishFromDisk): every event, a deletion of `.git/index.lock` among them, would
   * otherwise start its scoring over.
   */
  refreshReadersOf(changed: readonly string[]): void {
    if (this.running) for (const uri of changed) this.changedDuringRun.push(uri);
    for (const [uri, named] of this.structures) if (namesAnyOf(named, changed)) this.add(uri);
  }

  /** The file was deleted, or opened (its open document publishes from now on). */
  forget(uri: string, clear: boolean): void {
    uri = canonicalUri(uri);
    this.queue.delete(uri);
    this.unlabelled.delete(uri);
    if (this.runningUri === uri) this.running?.abort();
    if (clear) this.clear(uri);
    else this.drop(uri);
  }

  /** A folder was deleted: every file kept under it goes, diagnostics and labels. */
  forgetUnder(folder: string): void {
    const under = canonicalUri(folder);
    for (const uri of this.kept) if (inFolders(uri, [under])) this.forget(uri, true);
  }

  private clear(uri: string): void {
    this.drop(uri);
    this.options.gone(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** The file is no longer kept current: it gives up its place under MAX_CLOSED_FILES. */
  private drop(uri: string): void {
    this.kept.delete(uri);
    this.structures.delete(uri);
  }

  private labelsKnown(): boolean {
    return this.listing === 0 && this.queue.size === 0 && (!this.running || this.runningUnlabelled);
  }

  private settleLabels(): void {
    if (this.labelsKnown()) for (const resolve of this.labelWaiters.splice(0)) resolve();
  }

  private inWorkspace(uri: string): boolean {
    return isRecipeFile(uri) && inFolders(uri, this.options.workspaceFolders());
  }

  /** Whether the file is one of the at most MAX_CLOSED_FILES files kept current, or may become one. */
  private hasRoomFor(uri: string): boolean {
    return this.kept.has(uri) || this.kept.size < MAX_CLOSED_FILES;
  }

  private add(uri: string, labelledOnly = false): void {
    // A scan that listed its folders before one was removed must not bring that folder's files back.
    if (this.disposed || this.options.isOpen(uri) || !this.inWorkspace(uri) || !this.hasRoomFor(uri)) return;
    // A file still owed its diagnostics is read again in full, whatever this change asks.
    const owed = this.unlabelled.delete(uri);
    this.kept.add(uri);
    this.queue.set(uri, labelledOnly && !owed && (this.queue.get(uri) ?? true));
    if (!this.running) void this.drain();
  }

  /** Reads the queued files, scoring those that may hold labels; then scores the others. */
  private async drain(): Promise<void> {
    for (let next = this.next(); next; next = this.next()) {
      const [uri, labelledOnly, unlabelled] = next;
      const controller = new AbortController();
      this.running = controller;
      this.runningUri = uri;
      this.runningUnlabelled = unlabelled;
      this.changedDuringRun = [];
      try {
        await this.publishFromDisk(uri, labelledOnly, unlabelled, controller.signal);
      } catch (error) {
        if (!isCancelled(error) && !controller.signal.aborted) this.connection.console.warn(`bimetal: diagnostics of closed file ${uri} failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.running = undefined;
        this.runningUri = undefined;
      }
      // Before the next file starts: the last file that may hold labels may have been this one.
      this.settleLabels();
    }
  }

  /** The next file, taken off its queue: [uri, scored only if it may hold labels, read before without labels]. */
  private next(): [string, boolean, boolean] | undefined {
    for (const [uri, labelledOnly] of this.queue) {
      this.queue.delete(uri);
      return [uri, labelledOnly, false];
    }
    for (const uri of this.unlabelled) {
      this.unlabelled.delete(uri);
      return [uri, false, true];
    }
    return undefined;
  }

  private async publishFromDisk(uri: string, labelledOnly: boolean, readBefore: boolean, signal: AbortSignal): Promise<void> {
    const text = await this.options.files.read(uri).catch(() => undefined);
    if (signal.aborted) return;
    if (text === undefined) return this.clear(uri); // deleted meanwhile
    if (!readBefore && !mayHoldLabels(text)) {
      // Its labels are known now (none, where a document just closed may have had some); it is
      // scored later, for its diagnostics only, once every file that may hold labels is.
      this.options.gone(uri);
      if (!labelledOnly) this.unlabelled.add(uri);
      return;
    }
    const scored = await (await this.options.scorer()).scoreText(text, {
      ...documentLocation(uri),
      signal,
      // Scored once, until the file changes: its member analyses are not kept for an edit.
      keepMembers: false,
      ...this.options.fileAccess(),
    });
    if (signal.aborted || this.options.isOpen(uri)) return;
    const named = await structureFilesNamed(uri, scored.families.map((family) => family.first.structure));
    if (signal.aborted || this.options.isOpen(uri)) return;
    this.structures.set(uri, named);
    // It may have read a file changed since it was taken up; a later change finds it in `structures`.
    if (namesAnyOf(named, this.changedDuringRun)) this.add(uri);
    this.options.read(uri, scored);
    const document = TextDocument.create(uri, 'bimetal', 0, text);
    const docsUrl = this.options.docsUrl();
    void this.connection.sendDiagnostics({ uri, diagnostics: capDiagnostics(this.options.shownDiagnostics(scored, uri)).map((d) => toLspDiagnostic(document, d, docsUrl)) });
  }
}
