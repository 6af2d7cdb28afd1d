/**
 * Diagnostics: converts the engine's BimetalDiagnostic to LSP and pushes them in two phases —
 * syntax and semantics as soon as a version is parsed, then chemistry and model diagnostics when
 * the scoring run for that version finishes. The first push keeps the last scored findings of
 * the recipes an edit did not change, where they now stand (ScoredFindings), so they do not
 * vanish on every keystroke. Each push is followed by a `bimetal/documentStatus` notification so
 * clients (and tests) know which phase a document reached.
 */
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BimetalDiagnostic, Severity } from '../../engine/src/diagnostic';
import { capDiagnostics } from '../../grammar/src/index';
import { isCancelled } from './cancellation';
import { ScoredFindings } from './carriedFindings';
import type { AnalysedDocument, DocumentModel, DocumentScores } from './documentModel';
import { toRange } from './ranges';

export const DOCUMENT_STATUS = 'bimetal/documentStatus';
export interface DocumentStatusParams {
  uri: string;
  version: number;
  state: 'parsed' | 'scored' | 'failed';
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `docsUrl` is the diagnostics reference page; each code has an anchor named after it (`#bm101`). */
export function toLspDiagnostic(document: TextDocument, diagnostic: BimetalDiagnostic, docsUrl: string | undefined): Diagnostic {
  return {
    range: toRange(document, diagnostic.range),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    ...(docsUrl ? { codeDescription: { href: `${docsUrl}#${diagnostic.code.toLowerCase()}` } } : {}),
    source: 'bimetal',
    message: diagnostic.message,
    ...(diagnostic.related?.length
      ? {
          relatedInformation: diagnostic.related.map((r) => ({
            location: { uri: document.uri, range: toRange(document, r.range) },
            message: r.message,
          })),
        }
      : {}),
    ...(diagnostic.data ? { data: diagnostic.data } : {}),
  };
}

export interface DiagnosticsPublisherOptions {
  docsUrl: string | undefined;
  /** Wait after an edit before scoring, so a burst of keystrokes costs one scoring run. */
  scoringDelayMs: number;
  onScored(analysed: AnalysedDocument, scored: DocumentScores): void;
  /**
   * What to publish for a scoring run (default: its own diagnostics): the editor's view of them (a
   * calibration decides BM412) and those found across documents (conflicting calibration labels).
   */
  shownDiagnostics?(scored: DocumentScores): readonly BimetalDiagnostic[];
}

export class DiagnosticsPublisher {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** The newest version published per document: diagnostics of an older one must never follow it. */
  private readonly publishedVersions = new Map<string, number>();
  /** Per document, the findings of the last version scored under the current settings. */
  private readonly lastScored = new Map<string, ScoredFindings>();
  /** The server shut down (dispose): nothing more is scored, pushed or reported. */
  private disposed = false;

  constructor(
    private readonly connection: Connection,
    private readonly model: DocumentModel,
    private readonly options: DiagnosticsPublisherOptions,
  ) {}

  /** Publishes phase 1 once parsed and schedules phase 2 (`delayMs` 0 on open: nothing to debounce). */
  update(document: TextDocument, delayMs = this.options.scoringDelayMs): void {
    if (this.disposed) return;
    clearTimeout(this.pending.get(document.uri));
    this.pending.delete(document.uri);
    void this.model.analyse(document).then(
      (analysed) => {
        if (this.disposed) return;
        // Each version that was parsed gets its phase 1, unless a newer version was published meanwhile.
        if ((this.publishedVersions.get(document.uri) ?? -Infinity) > analysed.version) return;
        const kept = this.lastScored.get(document.uri)?.carriedTo(analysed) ?? [];
        this.publish(analysed, kept.length === 0 ? analysed.diagnostics : [...analysed.diagnostics, ...kept], 'parsed');
        if (!this.model.isCurrent(analysed)) return; // the newer version's own update scores
        this.pending.set(
          document.uri,
          setTimeout(() => {
            this.pending.delete(document.uri);
            void this.scoreAndPublish(analysed);
          }, delayMs),
        );
      },
      (error: unknown) => {
        if (!isCancelled(error) && !this.disposed) this.connection.console.error(`bimetal: analysing ${document.uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
      },
    );
  }

  /** The document was closed: no more pushes for it from here (what stays in Problems is the caller's choice). */
  stop(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    this.publishedVersions.delete(uri);
    this.lastScored.delete(uri);
  }

  /**
   * The server shut down: no document is scored or pushed from here, and a scoring run under way
   * publishes nothing, nor its failure.
   */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  /** Settings or trust changed, so every document is scored again: findings made under the old ones are not kept until then. */
  forgetScores(): void {
    this.lastScored.clear();
  }

  private async scoreAndPublish(analysed: AnalysedDocument): Promise<void> {
    if (!this.model.isCurrent(analysed)) return;
    try {
      const scored = await this.model.score(analysed.document);
      // A newer version may have arrived while scoring ran; its own run will publish.
      if (this.disposed || !this.model.isCurrent(analysed) || scored.analysed !== analysed) return;
      // Before the diagnostics are shown: what it updates (the calibration's BM420 and BM421, moved with their labels) is shown with them.
      this.options.onScored(analysed, scored);
      // The pipeline re-analyses the same text, so its list already holds the phase-1 diagnostics.
      const diagnostics = this.options.shownDiagnostics?.(scored) ?? scored.diagnostics;
      this.publish(analysed, diagnostics, 'scored');
      this.lastScored.set(analysed.uri, ScoredFindings.of(analysed, diagnostics));
    } catch (error) {
      if (isCancelled(error) || this.disposed || !this.model.isCurrent(analysed)) return;
      // The engine failing must not take the editor down: keep phase 1 and say, once, why the rest is missing.
      const reason = error instanceof Error ? error.message : String(error);
      this.connection.console.error(`bimetal: scoring ${analysed.uri} failed: ${error instanceof Error ? error.stack : reason}`);
      const failure: Diagnostic = {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Warning,
        source: 'bimetal',
        message: `Descriptors and predictions are unavailable: ${reason}`,
      };
      this.lastScored.delete(analysed.uri);
      this.publish(analysed, analysed.diagnostics, 'failed', [failure]);
    }
  }

  private publish(analysed: AnalysedDocument, diagnostics: readonly BimetalDiagnostic[], state: DocumentStatusParams['state'], extra: Diagnostic[] = []): void {
    const { document } = analysed;
    this.publishedVersions.set(document.uri, document.version);
    void this.connection.sendDiagnostics({
      uri: document.uri,
      version: document.version,
      diagnostics: [...capDiagnostics(diagnostics).map((d) => toLspDiagnostic(document, d, this.options.docsUrl)), ...extra],
    });
    const status: DocumentStatusParams = { uri: document.uri, version: document.version, state };
    void this.connection.sendNotification(DOCUMENT_STATUS, status);
  }
}
