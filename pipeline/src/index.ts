/**
 * The pipeline: text → diagnostics and score records, shared by the language server and the
 * command line so both report exactly the same numbers.
 */
export { createScorer, DEFAULT_COVERAGE, DEFAULT_MAX_FAMILY_SIZE, DEFAULT_PHI_THRESHOLD } from './scorer';
export type { DocumentAnalysis, ScoreContext, ScoredDocument, ScoredMember, Scorer, ScorerOptions, ScoreStream, StreamedDocument } from './types';
export { ModelStage, type InferenceMode } from './modelStage';
export { formulaOf } from './formula';
export { isAbortError } from './abort';
export { explainMember, modelScopeLines, termInputsText } from './explain';
export { noSiteReason, sitePreference } from './siteCall';
