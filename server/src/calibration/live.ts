/**
 * The editor's own calibration: fitted on the labelled recipes of the workspace (open documents as
 * the editor holds them, closed files as read from disk, closedFiles.ts) and refitted when a
 * file's labels change. It runs off the typing path: a change only schedules it after a pause, a
 * newer change cancels the pending or running fit (a generation counter checked after every
 * await), and files whose labels did not change schedule nothing.
 */
import { byCodeUnit } from '../../../engine/src/byCodeUnit';
import type { BimetalDiagnostic } from '../../../engine/src/diagnostic';
import type { CalibrationFile } from '../../../engine/src/calibration/file';
import { RecordCalibrator } from '../../../pipeline/src/calibration/apply';
import { buildCalibration } from '../../../pipeline/src/calibration/build';
import { fileLabels, hasLabel, mergeLabels, type FileLabels, type LabelledDocument } from '../../../pipeline/src/calibration/labels';
import { parityPoints } from '../../../pipeline/src/calibration/parity';
import { calibrationReport, maeAgainstShipped } from '../../../pipeline/src/calibration/report';
import type { ScoredMember } from '../../../pipeline/src/index';
import type { CalibrationReport, CalibrationStatus } from '../../../report/src/protocol';
import type { ActiveCalibration } from './shown';
import { canonicalUri } from '../uris';

export interface LiveCalibrationOptions {
  /** The setting `bimetal.calibration.enabled`, and a trusted workspace. */
  enabled(): boolean;
  coverage(): number;
  /** Hash of the shipped model files (the calibration's `baseModel.hash`). */
  baseHash(): Promise<string>;
  /**
   * Resolves once no closed file that may hold labels waits to be read from disk and scored
   * (ClosedFileDiagnostics.labelsRead): a fit before would leave their labels out, and each one
   * read after it would change the calibration again (each change republishes everything). Files
   * without labels are not waited for: they change nothing in a fit.
   */
  closedFilesRead(): Promise<void>;
  /**
   * The calibration or the conflicts among labels changed (or went away): refresh what shows them.
   * Only then: everything it refreshes is costly (every open document republished, closed files
   * with labels rescored).
   */
  onChange(status: CalibrationStatus | null): void;
  /** Pause after the last label change before refitting. */
  delayMs: number;
  /** How a conflict (BM420) names the other label's file: as the editor shows it, where the calibration names it by its URI. */
  fileName?: (file: string) => string;
}

interface Entry {
  fingerprint: string;
  /** What a fit reads of the file. */
  labels: FileLabels;
  /** The file's labelled members only. */
  document: LabelledDocument;
}

/**
 * Whether a file's text may hold labels (`energy`, `siteEnergy`), read before scoring it: only such
 * files take part in a fit or show what a calibration changes (BM412, BM420, BM421), so only they
 * are scored when the calibration changes, and the first fit waits only for them.
 */
export function mayHoldLabels(text: string): boolean {
  return /\b(?:energy|siteEnergy)\b/.test(text);
}

/**
 * Members with a reference energy written in their recipe: the only ones a fit or the parity plot
 * reads. Their records are read; the others' are not, as a record is built when first read and then
 * kept (a 98,600-member family's records are 160 MB).
 */
function labelled(members: readonly ScoredMember[]): ScoredMember[] {
  return members.filter((m) => hasLabel(m.spec));
}

/**
 * What a fit reads of a file (its labels' materials, features, values and names, and the labels it
 * cannot use), as one comparable text. Made from the very points the fit merges, so no edit that
 * changes the calibration (a `distance`, a `charge`, a ligand count that moves χ_env but not the
 * shipped E_form) can leave it unchanged. Where a label is written is left out: typing above a
 * label moves it, and would refit at every pause in a labelled file.
 */
function fingerprint(labels: FileLabels): string {
  return JSON.stringify(labels, (key, value: unknown) => (key === 'range' ? undefined : value));
}

export class LiveCalibration {
  /** The files with labels, open or closed, by URI: an open document's entry replaces its file's on disk, and the reverse when it is closed. */
  private readonly documents = new Map<string, Entry>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private file: CalibrationFile | undefined;
  private calibratorValue: RecordCalibrator | undefined;
  private conflicts = new Map<string, BimetalDiagnostic[]>();
  /** Those waiting for refresh() to take effect, told once the newest refit is done. */
  private refreshWaiters: (() => void)[] = [];

  constructor(private readonly options: LiveCalibrationOptions) {}

  get calibrator(): RecordCalibrator | undefined {
    return this.options.enabled() ? this.calibratorValue : undefined;
  }

  /** The calibration the editor shows members through (shown.ts), at the current coverage; undefined when none applies. */
  get active(): ActiveCalibration | undefined {
    const calibrator = this.calibrator;
    return calibrator && { calibrator, coverage: this.options.coverage() };
  }

  /**
   * The diagnostics of one document's labels that the calibration leaves out: BM420 (a label that
   * conflicts with another label of the workspace) and BM421 (a label with no prediction of its
   * kind to compare with, such as a `siteEnergy` where there is no core/surface choice).
   */
  conflictsIn(uri: string): readonly BimetalDiagnostic[] {
    return this.options.enabled() ? (this.conflicts.get(uri) ?? []) : [];
  }

  /** An open document, or a closed file read from disk, was scored: refit later if its labels changed. */
  update(uri: string, file: string, members: readonly ScoredMember[]): void {
    // One entry per file, whether it was read from disk or is open under another spelling of its URI.
    uri = canonicalUri(uri);
    const document = { file, document: { members: labelled(members) } };
    const labels = fileLabels(document);
    const print = fingerprint(labels);
    const previous = this.documents.get(uri);
    const hasLabels = document.document.members.length > 0;
    // Only files with labels are kept: the workspace's closed files are read once each, most have none.
    if (hasLabels) this.documents.set(uri, { fingerprint: print, labels, document });
    else this.documents.delete(uri);
    if (previous ? previous.fingerprint !== print : hasLabels) this.schedule();
    // The same labels moved in the text (a line typed above them): their BM420 and BM421 move with them, read by the
    // document's diagnostics as they are shown (DiagnosticsPublisher asks after update). Nothing else changed, so no
    // refit and no onChange (which republishes every document), and only this file's entry is replaced: the others'
    // stay as the last fit (or the pending refit) decides them.
    else if (this.conflicts.has(file)) this.conflicts.set(file, mergeLabels(this.entries().map((e) => e.labels), this.options.fileName).conflicts.get(file) ?? []);
  }

  /**
   * By URI, not in the order the files were read (the open documents first, then the closed files
   * as the scan reaches them): the report's parity points came in that order, so a server that had
   * read a file early listed them otherwise than one started later on the same files.
   */
  private entries(): Entry[] {
    return [...this.documents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
  }

  /** A file's labels no longer count: it was deleted, closed outside the workspace folders or past the closed-file limit, or read from disk without labels. */
  forget(uri: string): void {
    if (this.documents.delete(canonicalUri(uri))) this.schedule();
  }

  /**
   * Settings or trust changed: refit (or drop the calibration) now. Resolves once the calibration
   * is up to date (after this refit, or a newer one that replaced it), onChange called if it changed.
   */
  refresh(): Promise<void> {
    const done = new Promise<void>((resolve) => this.refreshWaiters.push(resolve));
    this.schedule(0);
    return done;
  }

  status(): CalibrationStatus | null {
    const file = this.options.enabled() ? this.file : undefined;
    if (!file) return null;
    const e = file.targets.eForm?.quality;
    return {
      id: file.id,
      labels: e?.labels ?? 0,
      siteLabels: file.targets.siteEnergy?.quality.labels ?? 0,
      cvMae: e?.cvMae ?? null,
      shippedMae: e?.maeBefore ?? null,
      coverage: e && Number.isFinite(e.coverage) ? e.coverage : null,
      coverageLevel: e?.coverageLevel ?? null,
      labelsNeeded: e ? maeAgainstShipped(e).labelsNeeded : null,
    };
  }

  report(): CalibrationReport | null {
    const status = this.status();
    const calibrator = this.calibratorValue;
    if (!status || !calibrator) return null;
    const members = this.entries().flatMap((e) => e.document.document.members.map((m) => ({ file: e.document.file, member: m })));
    return { status, lines: calibrationReport(calibrator.file), points: parityPoints(members, calibrator, this.options.coverage()) };
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.generation++;
    this.settleRefreshes();
  }

  private settleRefreshes(): void {
    for (const resolve of this.refreshWaiters.splice(0)) resolve();
  }

  private schedule(delayMs = this.options.delayMs): void {
    clearTimeout(this.timer);
    const generation = ++this.generation;
    this.timer = setTimeout(() => void this.refit(generation), delayMs);
  }

  private async refit(generation: number): Promise<void> {
    const stale = () => generation !== this.generation;
    try {
      if (!this.options.enabled()) {
        this.set(undefined, new Map());
        return;
      }
      await this.options.closedFilesRead();
      if (stale()) return;
      const { labels, conflicts } = mergeLabels(this.entries().map((e) => e.labels), this.options.fileName);
      const hash = await this.options.baseHash();
      if (stale()) return;
      const file = buildCalibration(labels, hash, this.options.coverage()) ?? undefined;
      this.set(file, conflicts);
    } finally {
      // A stale refit leaves the waiters to the newer one, which ends the same way.
      if (!stale()) this.settleRefreshes();
    }
  }

  private set(file: CalibrationFile | undefined, conflicts: Map<string, BimetalDiagnostic[]>): void {
    const changed = this.file?.id !== file?.id || conflictsKey(this.conflicts) !== conflictsKey(conflicts);
    this.file = file;
    this.calibratorValue = file && new RecordCalibrator(file);
    this.conflicts = conflicts;
    if (changed) this.options.onChange(this.status());
  }
}

/** The conflicts as one comparable text, per file in file order (the documents' order varies with what was opened first). */
function conflictsKey(conflicts: ReadonlyMap<string, readonly BimetalDiagnostic[]>): string {
  return JSON.stringify([...conflicts].sort(([a], [b]) => byCodeUnit(a, b)));
}
