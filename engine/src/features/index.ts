/**
 * The featuriser: one feature vector per recipe, the single source of truth for model inputs
 * (training reaches it through `bimetal featurize`). Column definitions: schema.ts.
 */
export { FEATURE_DEFINITIONS, FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featureIndex, type FeatureDefinition } from './schema';
export { featurize, featurizeInto, ligandCoverageOf, type FeatureLigand, type FeaturizeContext, type FeaturizeResult, type LigandCoverage } from './featurize';
export { RecipeLigands, type DescribeLigand } from './recipeLigands';
