/**
 * Wires LSP handlers to the feature modules (one module per feature, each a function of the
 * document's analysed/scored state). No analysis happens here.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  FileOperationPatternKind,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
  type CancellationToken,
  type Connection,
  type FileOperationRegistrationOptions,
  type FileSystemWatcher,
  type InitializeResult,
  type TextEdit,
  type WorkDoneProgressParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createScorer, ModelStage, type InferenceMode, type Scorer, type ScoredMember } from '../../pipeline/src/index';
import { eachLabelledRecord, labelledRecords } from '../../pipeline/src/calibration/apply';
import { baseModelHash } from '../../pipeline/src/calibration/baseModel';
import { knownText, suggest } from '../../pipeline/src/calibration/suggest';
import { parseDocument, propertyOf } from '../../grammar/src/index';
import { documentHighlights } from './documentHighlights';
import { structurePathEdits, type RecipeSource } from './fileRenames';
import { calibrationLenses } from './calibration/display';
import { LiveCalibration } from './calibration/live';
import { shownDocumentDiagnostics } from './calibration/shown';
import { CALIBRATION_CHANGED, CALIBRATION_REPORT, SUGGEST, type SuggestAnswer, type SuggestParams } from '../../report/src/protocol';
import { answeringCancellation, isCancelled, untilCancelled } from './cancellation';
import { ClosedFileDiagnostics } from './closedFiles';
import { clientMarkup, completionInKind, hoverInKind, type ClientMarkup } from './clientMarkup';
import { codeActions } from './codeActions';
import { codeLenses, codeLensTarget, resolveCodeLens } from './codeLens';
import { completion } from './completion';
import { DiagnosticsPublisher } from './diagnostics';
import { documentLinks } from './documentLinks';
import { DocumentModel, scoredMembersOf, type AnalysedDocument, type DocumentScores } from './documentModel';
import { foldingRanges } from './folding';
import { formatDocument, formatRange, type FormattingRefusal } from './formatting';
import { hover } from './hover';
import { inlayHints } from './inlayHints';
import { definition, prepareRename, references, rename } from './navigation';
import { registerRecipeDetail } from './recipeDetail';
import { checkPositiveInteger, checkUri, withCheckedParams } from './requestParams';
import { isRecipeDocument, isRecipeFile, RECIPE_AND_STRUCTURE_FILES, SCORE_DOCUMENT, SCORE_WORKSPACE, WORKSPACE_TRUSTED, type PackedRecordsParams, type ScoreDocumentParams } from '../../report/src/protocol';
import { packRecords } from '../../report/src/packedRecords';
import { scoreWorkspace } from './scoreRequests';
import { changedFileNames, namesAnyOf, structureFilesNamed } from './structurePaths';
import { DocumentTokens, SEMANTIC_TOKENS_LEGEND } from './semanticTokens';
import { selectionRanges } from './selectionRanges';
import { DEFAULT_SETTINGS, overrideSettings, readSettings, scoringSettingsChanged, type BimetalSettings, type RawBimetalSection } from '../../report/src/settings';
import { documentSymbols, workspaceSymbols } from './symbols';
import { baseNameOf, canonicalUri, dirnameOf, documentName, pathToUri, uriOfDocumentName, uriToPath, workspaceRelativeName } from './uris';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { closedFileTexts, workspaceFilesFor } from './workspaceFiles';
import { WorkspaceIndex } from './workspaceIndex';
import type { FileAccessContext } from './workspaceTrust';
import type { ServerAssets } from '../../report/src/protocol';

export interface ServerOptions extends ServerAssets {
  /**
   * Where the models run. The Node servers pass `worker` so that predicting a large family does
   * not block hovers and edits; the Web Worker server is already off the editor's thread.
   */
  inference?: InferenceMode;
}

/** What a client may pass in `initializationOptions` (all optional; these win over ServerOptions). */
interface InitializationOptions extends ServerOptions {
  settings?: RawBimetalSection;
  /** Base URL of docs/diagnostics.md, for diagnostic code links. */
  docsUrl?: string;
  /**
   * False in an untrusted workspace (see workspaceTrust.ts); absent means trusted. Until trust is
   * granted the server reads no structure file and never calibrates on the workspace's files.
   */
  workspaceTrusted?: boolean;
}

/** Debounce of the model step after an edit: long enough to coalesce a burst of keystrokes. */
const SCORING_DELAY_MS = 100;
/** Pause after the last label change before the calibration is refitted: typing a number is several changes. */
const CALIBRATION_DELAY_MS = 500;

/**
 * What the server asks a client to watch: recipe and structure files created or changed, and any
 * deletion, since a folder's deletion comes as one event for the folder, which no file pattern
 * matches. They must not overlap: VS Code reports an event once per watcher that sees it.
 */
/** The renames whose recipes' structure paths may need to follow: structure and recipe files, and folders holding them. */
const RENAMED_FILES: FileOperationRegistrationOptions['filters'] = [
  { scheme: 'file', pattern: { glob: RECIPE_AND_STRUCTURE_FILES, matches: FileOperationPatternKind.file } },
  { scheme: 'file', pattern: { glob: '**/*', matches: FileOperationPatternKind.folder } },
];

const WATCHED_FILES: FileSystemWatcher[] = [
  { globPattern: RECIPE_AND_STRUCTURE_FILES, kind: WatchKind.Create | WatchKind.Change },
  { globPattern: '**/*', kind: WatchKind.Delete },
];

export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  /** The formatting refusal last shown for each open document (formattingEdits). */
  const shownRefusals = new Map<string, string>();
  /**
   * The open document of a file listed from disk or named by the client's file events, whatever
   * the spelling of its URI (canonicalUri): that file is the editor's, not the disk's.
   */
  const openDocument = (uri: string): TextDocument | undefined => documents.get(uri) ?? documents.get(openUris.get(canonicalUri(uri)) ?? '');
  /** Each open document's URI by canonicalUri, kept as documents open and close: one look-up per file listed, not a scan of the open documents. */
  const openUris = new Map<string, string>();
  const files = workspaceFilesFor(connection);
  const workspaceIndex = new WorkspaceIndex(files);
  let settings: BimetalSettings = DEFAULT_SETTINGS;
  /** What `initializationOptions.settings` set: pulled and pushed settings override it, key by key. */
  let initialSettings: BimetalSettings = DEFAULT_SETTINGS;
  let paths: ServerOptions = { ...options };
  let docsUrl = defaultDocsUrl();
  let workspaceFolders: string[] = [];
  let trusted = true;
  /** The shutdown request came (onShutdown). */
  let shutDown = false;
  const fileAccess = (): FileAccessContext => ({
    allowedRoots: workspaceFolders.map(uriToPath).filter((p): p is string => p !== undefined),
    rootsFrom: 'workspace',
    trusted,
  });
  /** A file as the editor names it to the user, in every message that names one (BM420, the suggestion's note). */
  const shownName = (uri: string) => workspaceRelativeName(uri, workspaceFolders);
  let pullsConfiguration = false;
  let registersConfigurationChanges = false;
  let watchesFiles = false;
  let markup: ClientMarkup = clientMarkup({});
  let tracksWorkspaceFolders = false;
  let refreshesInlayHints = false;
  let refreshesCodeLenses = false;
  let completionInsertReplace = false;

  let scorer: Promise<Scorer> | undefined;
  /**
   * One model runtime for the server's life, made once the client's paths are known. A new scorer
   * is made whenever a scoring setting changes, and the models depend on none of them: a runtime
   * per scorer left each replaced one's worker thread and sessions running (about 60 MB resident each).
   * The recipe detail's attribution runs through it too.
   */
  let models: ModelStage | undefined;
  const modelStage = () => (models ??= new ModelStage({ modelDir: paths.modelDir, wasmDir: paths.wasmDir, inference: paths.inference }));
  const currentScorer = () =>
    (scorer ??= Promise.resolve().then(() =>
      createScorer({
        models: modelStage(),
        rdkitWasmUrl: paths.rdkitWasmUrl,
        coverage: settings.coverage,
        phiThreshold: settings.phiThreshold,
        maxFamilySize: settings.maxFamilySize,
      }),
    ));
  const model = new DocumentModel({ maxFamilySize: () => settings.maxFamilySize, scorer: currentScorer, fileAccess });
  const tokens = new DocumentTokens();
  let baseHash: Promise<string> | undefined;
  const calibration = new LiveCalibration({
    enabled: () => settings.calibrationEnabled && trusted,
    coverage: () => settings.coverage,
    baseHash: () => (baseHash ??= baseModelHash(paths.modelDir)),
    closedFilesRead: (): Promise<void> => closedFiles.labelsRead(),
    onChange: (status) => {
      void connection.sendNotification(CALIBRATION_CHANGED, status);
      // Every view shows members through the calibration (calibration/shown.ts): the diagnostics
      // (BM412, and the conflicts BM420/BM421) of open and closed files, hints and lenses. The
      // findings scored under the old calibration are not shown meanwhile.
      publisher.forgetScores();
      for (const document of documents.all()) publisher.update(document, 0);
      // Only files with labels show anything a calibration decides; a settings change that refits
      // scans every closed file once, after the refit (applySettings).
      if (settingsScansPending === 0) void closedFiles.scanWorkspace(true);
      refreshViews();
    },
    delayMs: CALIBRATION_DELAY_MS,
    fileName: shownName,
  });
  /** Settings changes whose refit is running, each to scan every closed file once it is done. */
  let settingsScansPending = 0;
  /** The members' records, made as they are read (eachLabelledRecord). */
  const present = (members: readonly ScoredMember[]) => eachLabelledRecord(members, calibration.calibrator, settings.coverage);
  /** A results request's answer: its records, packed when the client asks so (each record is garbage once packed). */
  const answer = (records: Iterable<ScoreRecord>, params: PackedRecordsParams | null) => (params?.packed ? packRecords(records) : [...records]);
  const publisher = new DiagnosticsPublisher(connection, model, {
    get docsUrl() {
      return docsUrl;
    },
    scoringDelayMs: SCORING_DELAY_MS,
    shownDiagnostics: (scored) => [...shownDocumentDiagnostics(scored.diagnostics, scored.members, scored.analysed.families, calibration.active), ...calibration.conflictsIn(scored.analysed.uri)],
    onScored: (analysed, scored) => {
      if (isRecipeDocument(analysed.uri)) calibration.update(analysed.uri, analysed.uri, scored.members);
      // Hints and lenses were answered from the previous scores (or waited); ask for them again.
      refreshViews();
    },
  });
  /** Asks the client for the hints and lenses it shows again, where it can be asked and they are on. */
  const refreshViews = () => {
    if (refreshesInlayHints && settings.inlayHintsEnabled) void connection.languages.inlayHint.refresh();
    if (refreshesCodeLenses && settings.codeLensEnabled) void connection.sendRequest('workspace/codeLens/refresh');
  };

  const closedFiles = new ClosedFileDiagnostics(connection, {
    files,
    scorer: currentScorer,
    fileAccess,
    workspaceFolders: () => workspaceFolders,
    isOpen: (uri) => openDocument(uri) !== undefined,
    docsUrl: () => docsUrl,
    shownDiagnostics: (scored, uri) => [...shownDocumentDiagnostics(scored.diagnostics, scored.members, scored.families, calibration.active), ...calibration.conflictsIn(uri)],
    read: (uri, scored) => calibration.update(uri, uri, scored.members),
    gone: (uri) => calibration.forget(uri),
  });

  /**
   * Scores every open document and closed file again (settings or trust changed); `reanalyse` when
   * the change alters how families expand (the family size limit), which each analysis fixed.
   * Closed files are scanned once `calibrated` is done: a refit the change started, so that they
   * are published under the calibration it leaves, and scanned once rather than again after it.
   */
  const rescoreAll = (reanalyse = false, calibrated = Promise.resolve()) => {
    if (reanalyse) model.invalidateAnalyses();
    else model.invalidateScores();
    publisher.forgetScores();
    for (const document of documents.all()) publisher.update(document, 0);
    settingsScansPending++;
    void calibrated.then(() => {
      settingsScansPending--;
      void closedFiles.scanWorkspace();
    });
  };
  const applySettings = (next: BimetalSettings) => {
    // Settings the client answered after shutdown: nothing is scored or shown any more.
    if (shutDown) return;
    const previous = settings;
    settings = next;
    // Turned off, the hints or lenses shown must go; turned on, documents opened meanwhile need theirs: the client asks again either way.
    if (refreshesInlayHints && previous.inlayHintsEnabled !== next.inlayHintsEnabled) void connection.languages.inlayHint.refresh();
    if (refreshesCodeLenses && previous.codeLensEnabled !== next.codeLensEnabled) void connection.sendRequest('workspace/codeLens/refresh');
    const rescore = scoringSettingsChanged(previous, next);
    const calibrated = rescore || previous.calibrationEnabled !== next.calibrationEnabled ? calibration.refresh() : undefined;
    if (!rescore) return;
    scorer = undefined;
    rescoreAll(previous.maxFamilySize !== next.maxFamilySize, calibrated);
  };

  connection.onInitialize((params): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    paths = {
      modelDir: init.modelDir ?? options.modelDir,
      wasmDir: init.wasmDir ?? options.wasmDir,
      rdkitWasmUrl: init.rdkitWasmUrl ?? options.rdkitWasmUrl,
      // Not a client's choice: kept from the entry point (the Node servers predict in a worker thread).
      inference: options.inference,
    };
    docsUrl = init.docsUrl ?? docsUrl;
    trusted = init.workspaceTrusted !== false;
    initialSettings = readSettings(init.settings);
    settings = initialSettings;
    // In canonicalUri's spelling, the one the files listed from them and the closed files' URIs have.
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => canonicalUri(f.uri));
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [canonicalUri(params.rootUri)];
    const caps = params.capabilities;
    pullsConfiguration = !!caps.workspace?.configuration;
    registersConfigurationChanges = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    watchesFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    markup = clientMarkup(caps);
    tracksWorkspaceFolders = !!caps.workspace?.workspaceFolders;
    refreshesInlayHints = !!caps.workspace?.inlayHint?.refreshSupport;
    refreshesCodeLenses = !!caps.workspace?.codeLens?.refreshSupport;
    completionInsertReplace = !!caps.textDocument?.completion?.completionItem?.insertReplaceSupport;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [',', '['] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true } },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        foldingRangeProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        selectionRangeProvider: true,
        renameProvider: { prepareProvider: true },
        documentLinkProvider: { resolveProvider: false },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: true },
        workspace: {
          workspaceFolders: { supported: true, changeNotifications: true },
          // Structure paths follow a structure file, a folder or a recipe file the user moves (fileRenames.ts).
          fileOperations: { willRename: { filters: RENAMED_FILES } },
        },
      },
      serverInfo: { name: 'bimetal-language-server', version: '0.1.0' },
    };
  });

  const pullSettings = async () => {
    try {
      applySettings(overrideSettings(initialSettings, await connection.workspace.getConfiguration('bimetal')));
    } catch (error) {
      // A client that fails the request keeps what it passed at initialisation.
      connection.console.warn(`bimetal: workspace/configuration failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  connection.onInitialized(async () => {
    // In VS Code this registration is the only source of settings changes (clientOptions.ts has no
    // `synchronize`). Registering without the client's leave makes eglot warn on every connect.
    if (registersConfigurationChanges) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'bimetal' });
    if (pullsConfiguration) await pullSettings();
    if (shutDown) return; // while the settings were asked for
    if (watchesFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES });
    closedFiles.scanAfterStart();
    // vscode-languageserver throws here for a client that did not announce workspace folders
    // (many terminal editors): their folders are fixed by initialize's rootUri/workspaceFolders.
    if (tracksWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => canonicalUri(f.uri)));
        workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...event.added.map((f) => canonicalUri(f.uri))];
        void closedFiles.scanWorkspace();
      });
    }
  });

  /**
   * After the shutdown request the server sends nothing more of its own accord (shutdown.ts refuses
   * what the client sends but exit): the scoring and publishing under way stop, and the model
   * runtime is let go before the answer, as the process lives on until exit.
   */
  connection.onShutdown(async () => {
    shutDown = true;
    publisher.dispose();
    closedFiles.dispose();
    calibration.dispose();
    model.invalidateScores(); // aborts the open documents' scoring runs
    await models?.release();
  });

  // Trust is only ever granted while running (revoking it reloads the window).
  connection.onNotification(WORKSPACE_TRUSTED, () => {
    if (trusted) return;
    trusted = true;
    // The calibration was off (enabled() reads trust) and no label changed, so nothing else would fit it.
    rescoreAll(false, calibration.refresh());
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (pullsConfiguration) return pullSettings();
    applySettings(overrideSettings(initialSettings, (change.settings as { bimetal?: RawBimetalSection } | null | undefined)?.bimetal));
  });

  const justOpened = new Set<string>();
  /**
   * Diagnostics published under one spelling of a file's URI where the other now speaks for it: the
   * closed file's are the server's spelling (`%28` for `(`), an open document's the client's, and a
   * client that matches URIs as strings would keep the other's beside them.
   */
  const clearOtherSpelling = (uri: string, other: string) => {
    if (other !== uri) void connection.sendDiagnostics({ uri: other, diagnostics: [] });
  };
  documents.onDidOpen((e) => {
    openUris.set(canonicalUri(e.document.uri), e.document.uri);
    justOpened.add(e.document.uri);
    closedFiles.forget(e.document.uri, false);
    clearOtherSpelling(e.document.uri, canonicalUri(e.document.uri));
  });
  documents.onDidChangeContent((e) => {
    const opened = justOpened.delete(e.document.uri);
    publisher.update(e.document, opened ? 0 : SCORING_DELAY_MS);
  });
  documents.onDidClose((e) => {
    shownRefusals.delete(e.document.uri);
    openUris.delete(canonicalUri(e.document.uri));
    model.close(e.document.uri);
    tokens.forget(e.document.uri);
    publisher.stop(e.document.uri);
    // A closed file keeps its errors in Problems, read back from disk (unsaved edits were discarded).
    clearOtherSpelling(canonicalUri(e.document.uri), e.document.uri);
    closedFiles.refresh(e.document.uri);
  });
  /**
   * Scores again the open documents and closed files whose recipes name a structure file among
   * `changed` (changedFileNames), or inside one of them (a folder deleted): the scorer reads a
   * structure file anew once its size or time changed (structureStage.ts), but nothing asks a
   * scored document again.
   */
  const rescoreReadersOf = (changed: readonly string[]) => {
    for (const document of documents.all()) {
      void model.analyse(document).then(
        async (analysed) => {
          const written = analysed.ast.recipes.map((recipe) => propertyOf(recipe, 'structure')?.path?.value);
          if (!namesAnyOf(await structureFilesNamed(analysed.uri, written), changed)) return;
          // Closed meanwhile (and perhaps opened again: a new document, scored as the files are now):
          // analysing this one again would put the discarded text back in place of the open one's.
          if (documents.get(document.uri) !== document) return;
          model.invalidateScores(document.uri);
          publisher.update(document, 0);
        },
        () => undefined, // superseded by a newer version, whose scoring reads the files as they are now
      );
    }
    closedFiles.refreshReadersOf(changed);
  };
  connection.onDidChangeWatchedFiles((p) => {
    /** Every file but a recipe file, or folder deleted: what a recipe may name as its structure file, or hold it in. */
    const possibleStructures: string[] = [];
    for (const change of p.changes) {
      if (!isRecipeFile(change.uri)) {
        // A folder's deletion comes as one event for the folder: its recipe files go with it.
        if (change.type === FileChangeType.Deleted) closedFiles.forgetUnder(change.uri);
        possibleStructures.push(change.uri);
        continue;
      }
      if (openDocument(change.uri)) continue; // the editor's text wins
      if (change.type === FileChangeType.Deleted) closedFiles.forget(change.uri, true);
      else closedFiles.refresh(change.uri);
    }
    if (possibleStructures.length === 0) return;
    void changedFileNames(possibleStructures).then(rescoreReadersOf, (error: unknown) => {
      // A URI of the client's that does not parse: reported, as the library reports a handler that throws.
      connection.console.error(`bimetal: file events ${possibleStructures.join(', ')}: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  /**
   * Runs a feature on the current analysis; a failure is logged and answers null. A stale version
   * (a newer edit cancelled its analysis) or a cancelled request ends in the cancellation error.
   */
  const analysedOrCancelled = async <T>(uri: string, feature: (analysed: AnalysedDocument) => T | Promise<T>): Promise<T | null> => {
    const document = documents.get(uri);
    if (!document) return null;
    try {
      return await feature(await model.analyse(document));
    } catch (error) {
      if (isCancelled(error)) throw error;
      if (error instanceof ResponseError) throw error; // a deliberate refusal (e.g. an invalid rename) the user should see
      connection.console.error(`bimetal: ${error instanceof Error ? error.stack : String(error)}`);
      return null;
    }
  };
  /** The same, where stale versions and cancelled requests answer null: the client has asked again, or will. */
  const onAnalysed = <T>(uri: string, feature: (analysed: AnalysedDocument) => T | Promise<T>): Promise<T | null> =>
    analysedOrCancelled(uri, feature).catch((error: unknown) => {
      if (isCancelled(error)) return null;
      throw error;
    });
  /** The same, for features that need descriptors and predictions; waits for this version's scores. */
  const onScored = <T>(uri: string, token: CancellationToken, feature: (analysed: AnalysedDocument, scored: DocumentScores | undefined) => T | Promise<T>) =>
    onAnalysed(uri, async (analysed) => {
      const scored = await untilCancelled(
        model.score(analysed.document).catch((error: unknown) => {
          if (isCancelled(error)) throw error;
          return undefined; // scoring failed: features fall back to what the grammar knows
        }),
        token,
      );
      return await feature(analysed, scored);
    });

  connection.onHover((p, token) => onScored(p.textDocument.uri, token, async (a, s) => hoverInKind(await hover(a, s, p.position, calibration.active), markup.hover)));
  connection.onCompletion((p) => onAnalysed(p.textDocument.uri, (a) => completionInKind(completion(a, p.position, completionInsertReplace), markup.documentation)));
  connection.onCodeAction((p) => onAnalysed(p.textDocument.uri, (a) => codeActions(a, p, model)));
  connection.onDocumentSymbol((p) => onAnalysed(p.textDocument.uri, documentSymbols));
  connection.onWorkspaceSymbol(async (p, token) => {
    const open = await Promise.all(documents.all().map((d) => model.analyse(d)));
    const closed = await workspaceIndex.closedFileSymbols(workspaceFolders, (uri) => openDocument(uri) !== undefined, token);
    return workspaceSymbols(p.query, open, closed);
  });
  // A stale version's tokens are ContentModified: VS Code keeps the document's colours while it asks
  // again (vscode-languageclient's retryOnContentModified), where the empty result that null became
  // cleared every colour of a large file at each keystroke that came while its analysis ran.
  connection.languages.semanticTokens.on(answeringCancellation(async (p) => (await analysedOrCancelled(p.textDocument.uri, (a) => tokens.full(a))) ?? { data: [] }));
  connection.languages.semanticTokens.onDelta(
    answeringCancellation(async (p) => (await analysedOrCancelled(p.textDocument.uri, (a) => tokens.delta(a, p.previousResultId))) ?? { data: [] }),
  );
  /**
   * Formatting's edits; a refusal is none, and its reason on screen (window/showMessage): an empty
   * answer alone looks like Format doing nothing. The same refusal of one document is shown once,
   * until it formats, its reason changes or it is closed: with editor.formatOnSave every save of a
   * broken file asks for formatting, and put a warning on screen at each save of a syntax error
   * Problems already lists.
   */
  const formattingEdits = (uri: string, result: TextEdit[] | FormattingRefusal): TextEdit[] => {
    if (Array.isArray(result)) {
      shownRefusals.delete(uri);
      return result;
    }
    if (shownRefusals.get(uri) !== result.refused) {
      shownRefusals.set(uri, result.refused);
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Bimetal did not format ${baseNameOf(uri)}: ${result.refused}` });
    }
    return [];
  };
  connection.onDocumentFormatting((p) => onAnalysed(p.textDocument.uri, (a) => formattingEdits(a.uri, formatDocument(a, p.options))));
  connection.workspace.onWillRenameFiles(async (p, token) => {
    const open = await Promise.all(documents.all().filter((d) => isRecipeFile(d.uri)).map((d) => model.analyse(d)));
    const closed: RecipeSource[] = [];
    for await (const { uri, text } of closedFileTexts(files, workspaceFolders, (uri) => openDocument(uri) !== undefined, token)) {
      closed.push({ document: TextDocument.create(uri, 'bimetal', 0, text), ast: parseDocument(text).ast });
    }
    if (token.isCancellationRequested) return null;
    const changes = structurePathEdits([...open, ...closed], p.files);
    return Object.keys(changes).length > 0 ? { changes } : null;
  });
  connection.onDocumentRangeFormatting((p) => onAnalysed(p.textDocument.uri, (a) => formattingEdits(a.uri, formatRange(a, p.range, p.options))));
  connection.onFoldingRanges((p) => onAnalysed(p.textDocument.uri, foldingRanges));
  connection.onDefinition((p) => onAnalysed(p.textDocument.uri, (a) => definition(a, p.position)));
  connection.onReferences((p) => onAnalysed(p.textDocument.uri, (a) => references(a, p.position, p.context.includeDeclaration)));
  connection.onDocumentHighlight((p) => onAnalysed(p.textDocument.uri, (a) => documentHighlights(a, p.position)));
  connection.onSelectionRanges((p) => onAnalysed(p.textDocument.uri, (a) => selectionRanges(a, p.positions)));
  connection.onPrepareRename((p) => onAnalysed(p.textDocument.uri, (a) => prepareRename(a, p.position)));
  connection.onRenameRequest((p) => onAnalysed(p.textDocument.uri, (a) => rename(a, p.position, p.newName)));
  connection.onDocumentLinks((p) => onAnalysed(p.textDocument.uri, documentLinks));
  connection.languages.inlayHint.on((p, token) =>
    settings.inlayHintsEnabled ? onScored(p.textDocument.uri, token, (a, s) => inlayHints(a, s, p.range, calibration.active)) : [],
  );
  connection.onCodeLens((p, token) =>
    settings.codeLensEnabled
      ? onScored(p.textDocument.uri, token, (a, s) => [...codeLenses(a, s), ...calibrationLenses(a, s, calibration.active)])
      : [],
  );
  connection.onCodeLensResolve(async (lens, token) => {
    const target = codeLensTarget(lens);
    return (target && (await onScored(target[0], token, (a, s) => resolveCodeLens(lens, target, a, s, calibration.active)))) ?? lens;
  });

  connection.onRequest(SCORE_DOCUMENT, withCheckedParams(SCORE_DOCUMENT, { uri: 'string' }, answeringCancellation(async (p: ScoreDocumentParams, token: CancellationToken) => {
    checkUri(SCORE_DOCUMENT, p.uri);
    const document = documents.get(p.uri);
    if (document) {
      const scored = await untilCancelled(model.score(document), token);
      return answer(present(p.recipe === undefined ? scored.members : scoredMembersOf(scored, p.recipe)), p);
    }
    const unreadable = (uri: string, reason: string) => {
      throw new ResponseError(ErrorCodes.InvalidParams, `${SCORE_DOCUMENT} cannot read ${uri}: ${reason}`);
    };
    const members = await scoreWorkspace({ uris: [p.uri], open: () => undefined, files, scorer: currentScorer, fileAccess: fileAccess(), token, unreadable });
    return answer(present(p.recipe === undefined ? members : members.filter((m) => m.spec.recipe === p.recipe)), p);
  })));
  const scoreAll = async (p: WorkDoneProgressParams | null, token: CancellationToken) => {
    const progress = connection.window.attachWorkDoneProgress(p?.workDoneToken);
    progress.begin('Scoring .bimetal files', 0, undefined, true);
    const unread: string[] = [];
    try {
      const closedOnDisk = (await files.list(workspaceFolders)).filter((uri) => !openDocument(uri));
      const open = documents.all().flatMap((d) => (isRecipeDocument(d.uri) ? [d.uri] : []));
      return await scoreWorkspace({
        uris: [...closedOnDisk, ...open].sort(),
        open: (uri) => {
          const document = documents.get(uri);
          return document ? model.score(document) : undefined;
        },
        files,
        scorer: currentScorer,
        fileAccess: fileAccess(),
        token,
        // One file the server cannot read does not cost the user the records of all the others.
        unreadable: (uri, reason) => void unread.push(`${documentName(uri)} (${reason})`),
        onFile: (index, total, uri) => progress.report(Math.round((100 * index) / total), `${index + 1}/${total}: ${baseNameOf(uri)}`),
      });
    } finally {
      progress.done();
      // One warning for the run, not one pop-up per file of an unreadable folder.
      if (unread.length > 0) {
        const files = unread.length === 1 ? unread[0] : `${unread.length} files: ${unread.slice(0, 3).join('; ')}${unread.length > 3 ? '; …' : ''}`;
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Bimetal did not score ${files}` });
      }
    }
  };
  connection.onRequest(SCORE_WORKSPACE, answeringCancellation(async (p: (WorkDoneProgressParams & PackedRecordsParams) | null, token) => answer(present(await scoreAll(p, token)), p)));
  connection.onRequest(CALIBRATION_REPORT, () => calibration.report());
  connection.onRequest(SUGGEST, withCheckedParams(SUGGEST, { objective: 'string', n: 'number' }, answeringCancellation(async (p: SuggestParams & WorkDoneProgressParams, token: CancellationToken): Promise<SuggestAnswer> => {
    checkPositiveInteger(SUGGEST, 'n', p.n);
    const members = await scoreAll(p, token);
    const { coverage } = settings;
    const records = labelledRecords(members, calibration.calibrator, coverage);
    const candidates = members.map((m, i) => ({ member: m, record: records[i] }));
    const { ranked, unbounded, known } = suggest(candidates, p.objective === 'uncertain' ? 'uncertain' : 'stable', p.n);
    return { candidates: answer(ranked, p), unbounded, coverage, known: known.length > 0 ? knownText(known, (file) => shownName(uriOfDocumentName(file))) : null };
  })));

  registerRecipeDetail(connection, { document: (uri) => documents.get(uri), analyse: (d) => model.analyse(d), score: (d) => model.score(d), models: modelStage, coverage: () => settings.coverage, calibration: () => calibration.active });

  documents.listen(connection);
  connection.listen();
}

/**
 * docs/diagnostics.md beside the bundle's folder (`dist/../docs`), when running from files: for the
 * editors that pass no `docsUrl` (VS Code's extension passes its own, clientOptions.ts).
 */
function defaultDocsUrl(): string | undefined {
  return typeof __dirname === 'string' ? pathToUri(`${dirnameOf(__dirname)}/docs/diagnostics.md`) : undefined;
}
