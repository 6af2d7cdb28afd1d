import { createInterface } from 'node:readline';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featurize, RecipeLigands, type DescribeLigand } from '../../engine/src/features';
import type { CoreGeometry, GeometryError } from '../../engine/src/geometry/types';
import { readXyzStructure } from '../../engine/src/geometry/xyzFile';
import { describeLigand, loadChemistry } from '../../engine/src/ligands';
import type { RecipeSpec } from '../../engine/src/recipe';

/**
 * `bimetal featurize`: JSONL RecipeSpec in, JSONL feature vectors out — the only way training/
 * gets features, so Python and the editor share one featuriser (models/FORMAT.md).
 *
 * Output, one line per input line (blank lines skipped), in input order:
 *   {"name": …, "features": number[]}            a featurised recipe
 *   {"name": …, "error": "…"}                    a record that cannot be featurised, or a line
 *                                                that is not a JSON object (name: "line N")
 * The FIRST output line also carries `"featureNames": string[]` and `"featureSchema": string`,
 * whatever kind of line it is, so a reader learns the columns once.
 *
 * Exit code (LANGUAGE.md §5 convention): 0 every line featurised, 1 some lines gave error lines,
 * 2 the chemistry toolkit could not be loaded or the output could not be written.
 */
export async function runFeaturize(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: { dataDir?: string } = {},
): Promise<number> {
  let ligands: RecipeLigands;
  try {
    ligands = new RecipeLigands(await ligandDescriber(options.dataDir));
  } catch (error) {
    process.stderr.write(`bimetal featurize: cannot load the chemistry toolkit: ${(error as Error).message}\n`);
    return 2;
  }
  const structure = cachedStructureReader();

  let first = true;
  let failed = false;
  let lineNumber = 0;
  const write = async (record: Record<string, unknown>): Promise<void> => {
    const line = first ? { ...record, featureNames: FEATURE_NAMES, featureSchema: FEATURE_SCHEMA_VERSION } : record;
    first = false;
    if (!output.write(JSON.stringify(line) + '\n')) await new Promise<void>((resolve) => output.once('drain', resolve));
  };

  try {
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      lineNumber++;
      if (text.trim() === '') continue;
      const parsed = parseRecipeLine(text, lineNumber);
      if ('error' in parsed) {
        failed = true;
        await write({ name: parsed.name, error: parsed.error });
        continue;
      }
      const recipeLigands = ligands.forRecipe(parsed.spec);
      const result = 'error' in recipeLigands ? recipeLigands : featurize(parsed.spec, { ligands: recipeLigands, structure });
      if ('error' in result) {
        failed = true;
        await write({ name: parsed.spec.name, error: result.error });
      } else {
        await write({ name: parsed.spec.name, features: Array.from(result.values) });
      }
    }
  } catch (error) {
    process.stderr.write(`bimetal featurize: ${(error as Error).message}\n`);
    return 2;
  }
  return failed ? 1 : 0;
}

/** RDKit is loaded once; every ligand is described through it (cached by RecipeLigands). */
async function ligandDescriber(dataDir: string | undefined): Promise<DescribeLigand> {
  const chemistry = await loadChemistry({ dataDir });
  return (use) => describeLigand(chemistry, use);
}

/** Structure files are read once each: training data reuses the same XYZ files across records. */
function cachedStructureReader(): (path: string) => CoreGeometry | GeometryError {
  const cache = new Map<string, CoreGeometry | GeometryError>();
  return (path) => {
    let geometry = cache.get(path);
    if (!geometry) {
      geometry = readXyzStructure(path);
      cache.set(path, geometry);
    }
    return geometry;
  };
}

function parseRecipeLine(text: string, lineNumber: number): { spec: RecipeSpec } | { name: string; error: string } {
  const fallbackName = `line ${lineNumber}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { name: fallbackName, error: `line ${lineNumber} is not valid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { name: fallbackName, error: `line ${lineNumber} is not a JSON object (expected a RecipeSpec)` };
  }
  const spec = value as RecipeSpec;
  return { spec: { ...spec, name: typeof spec.name === 'string' ? spec.name : fallbackName } };
}
