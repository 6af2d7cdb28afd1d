/**
 * Model inference: onnxruntime-web (WASM) predictions with CV+ intervals and an applicability
 * domain, for the CLI, the Node language server and the browser Web Worker alike. The Node-only
 * worker_threads runner is NOT re-exported here (it would pull node:worker_threads into browser
 * bundles): import `./worker` directly.
 */
export {
  EFORM_MODEL,
  ENERGY_TERMS_FILE,
  SITE_MODEL,
  loadModelRuntime,
  toFeatureMatrix,
  type FeatureMatrix,
  type LoadModelOptions,
  type ModelCard,
  type ModelOutputs,
  type ModelRuntime,
  type Prediction,
  type PredictOptions,
} from './runtime';
export { ModelLoadError, type ModelFailureKind } from './errors';
export { ENERGY_TERMS_SCHEMA, type EnergyTerm, type EnergyTermKey, type EnergyTermsFile } from './energyTerms';
export {
  MODEL_CODES,
  describeModelFailure,
  domainDiagnostic,
  modelFailureDiagnostic,
  notFeaturisableDiagnostic,
  unboundedIntervalDiagnostic,
} from './diagnostics';
export { CalibrationGroup, MondrianCvPlus, lowerRank, upperRank, minimumGroupSize, parseGroupBy } from './conformal';
