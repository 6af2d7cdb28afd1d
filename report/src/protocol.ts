/**
 * The names of the messages the language server and the extension client exchange beyond LSP
 * (custom requests, notifications, client commands): in the report layer, so the client names
 * them without bundling any server code. What each carries is described where the server
 * implements it (server/src/scoreRequests.ts, codeLens.ts, workspaceTrust.ts and
 * calibration/live.ts).
 */

/** Where the server finds its models and wasm files: start options, and a web client's `initializationOptions`. */
export interface ServerAssets {
  /** Folder of the shipped models (Node path, or URL in a Web Worker); the pipeline's default when absent. */
  modelDir?: string;
  /** Folder (or URL) of `ort-wasm-simd-threaded.{wasm,mjs}`; the pipeline's default when absent. */
  wasmDir?: string;
  /** URL of `RDKit_minimal.wasm`; needed in a Web Worker, found beside the bundle in Node. */
  rdkitWasmUrl?: string;
}

/** `{uri}` → ScoreRecord[] of one document. */
export const SCORE_DOCUMENT = 'bimetal/scoreDocument';
/** → ScoreRecord[] for every .bimetal file of the workspace folders. */
export const SCORE_WORKSPACE = 'bimetal/scoreWorkspace';

/**
 * A results request's (SCORE_DOCUMENT, SCORE_WORKSPACE, SUGGEST) records as PackedRecords
 * (report/src/packedRecords.ts) instead of a ScoreRecord[]: what the VS Code client asks for.
 */
export interface PackedRecordsParams {
  packed?: boolean;
}

/**
 * Server → client, for folders the server cannot read itself (all of them in the Web Worker, a
 * virtual folder for the Node server): `{folders}` → the URIs of the `.bimetal` files in those
 * folders (filesInFolders), and `{uri}` → one file's text.
 */
export const LIST_WORKSPACE_FILES = 'bimetal/listWorkspaceFiles';
export const READ_WORKSPACE_FILE = 'bimetal/readWorkspaceFile';

/** A `.bimetal` file (on disk or in a virtual folder), as the workspace's recipe files are named. */
export function isRecipeFile(uri: string): boolean {
  return uri.endsWith('.bimetal');
}

/** Recipe files and the structure files a recipe may name (`structure "core.xyz"`: the XYZ format is the one read), as the server asks the client to watch them. */
export const RECIPE_AND_STRUCTURE_FILES = '**/*.{bimetal,xyz}';

/**
 * An open document that holds recipes of its own: a recipe file, or an untitled document. Not the
 * other views of a file that the editor also syncs (a diff's `git:` original), whose recipes and
 * labels would count twice in Score Workspace and in the calibration.
 */
export function isRecipeDocument(uri: string): boolean {
  return isRecipeFile(uri) || uri.startsWith('untitled:');
}

/** Whether `uri` lies inside one of `folders` (folder URIs, with or without a trailing slash). */
export function inFolders(uri: string, folders: readonly string[]): boolean {
  return folders.some((folder) => uri.startsWith(folder.endsWith('/') ? folder : `${folder}/`));
}

/** Of `uris`, those inside one of `folders`, sorted. */
export function filesInFolders(uris: readonly string[], folders: readonly string[]): string[] {
  return uris.filter((uri) => inFolders(uri, folders)).sort();
}

export interface ScoreDocumentParams extends PackedRecordsParams {
  uri: string;
  /**
   * Only this recipe block's records (a family: every member), as a code lens shows them; without
   * it, every record of the document.
   */
  recipe?: string;
}

/** Client command (code lenses): shows one recipe's score records (a family: all its members) in the results panel. */
export const SHOW_RECIPE = 'bimetal.showRecipe';

/** The arguments of SHOW_RECIPE: the document's URI and the recipe block's name. */
export type ShowRecipeArguments = [uri: string, recipe: string];

/** Client command: opens the calibration report (parity plot of the labelled recipes) in the results panel. */
export const SHOW_CALIBRATION = 'bimetal.showCalibration';

/** Notification from the client: the user granted workspace trust. */
export const WORKSPACE_TRUSTED = 'bimetal/workspaceTrusted';

/** → CalibrationReport | null. */
export const CALIBRATION_REPORT = 'bimetal/calibration';
/** `{objective, n}` → SuggestAnswer: unlabelled recipes of the workspace, best first. */
export const SUGGEST = 'bimetal/suggest';
/** Notification from the server with CalibrationStatus | null. */
export const CALIBRATION_CHANGED = 'bimetal/calibrationChanged';

export interface CalibrationStatus {
  id: string;
  /** Labels of E_form (the hover's "N of your results"), and of ΔE. */
  labels: number;
  siteLabels: number;
  /** Cross-validated MAE of E_form after calibration, eV/atom (null without E_form labels). */
  cvMae: number | null;
  /** MAE of the shipped model on the same E_form labels, eV/atom (null without E_form labels): equal to cvMae where no correction beat the shipped model and its points are kept. */
  shippedMae: number | null;
  /** Share of the E_form labels inside their held-out intervals at `coverageLevel` (null without E_form labels, or where too few labels bound one). */
  coverage: number | null;
  /** The coverage the calibration was fitted at (the bimetal.coverage setting then; null without E_form labels). */
  coverageLevel: number | null;
  /** How many labels an interval needs at that coverage (null without E_form labels). */
  labelsNeeded: number | null;
}

export interface ParityPointMessage {
  /** The label's file as the calibration names it: the editor's, its URI. */
  file: string;
  recipe: string;
  target: 'eForm' | 'siteEnergy';
  reference: number;
  shipped: number;
  predicted: number;
  lower: number;
  upper: number;
}

export interface CalibrationReport {
  status: CalibrationStatus;
  /** The same lines `bimetal calibrate` prints. */
  lines: string[];
  points: ParityPointMessage[];
}

export interface SuggestParams extends PackedRecordsParams {
  objective: 'stable' | 'uncertain';
  n: number;
}

/**
 * SUGGEST's answer: the ranked candidates (PackedRecords when asked packed, else ScoreRecord[]),
 * how many unlabelled recipes an unbounded E_form interval at `coverage` kept out of the ranking
 * (BM405), and, when some are the same material as a labelled recipe, the sentence that says so
 * (`known`, else null), so the editor can say why recipes are missing, as `bimetal suggest` does.
 */
export interface SuggestAnswer {
  candidates: unknown;
  unbounded: number;
  coverage: number;
  known: string | null;
}

