import { createInterface } from 'node:readline';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featurize, RecipeLigands, type DescribeLigand } from '../../engine/src/features';
import type { CoreGeometry, GeometryError } from '../../engine/src/geometry/types';
import { readXyzStructure } from '../../engine/src/geometry/xyzFile';
import { builtinLigand, loadChemistry } from '../../engine/src/ligands';
import path from 'node:path';
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
 * `options.dataDir` is the folder relative `structure` paths are resolved against (default: the
 * current directory), e.g. the shared data folder holding the unary clusters' XYZ files.
 *
 * Exit code (LANGUAGE.md §5 convention): 0 every line featurised, 1 some lines gave error lines,
 * 2 the chemistry toolkit could not be loaded or the output could not be written.
 */
/** Output is written in chunks of about this many characters (a few hundred feature lines). */
const OUTPUT_CHUNK_CHARS = 1 << 20;

export async function runFeaturize(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: { dataDir?: string } = {},
): Promise<number> {
  let ligands: RecipeLigands;
  try {
    ligands = new RecipeLigands(await ligandDescriber());
  } catch (error) {
    process.stderr.write(`bimetal featurize: cannot load the chemistry toolkit: ${(error as Error).message}\n`);
    return 2;
  }
  const structure = cachedStructureReader(options.dataDir ?? process.cwd());

  let first = true;
  let failed = false;
  let lineNumber = 0;
  // Lines are written in chunks: one write per line made writing, not featurising, the bottleneck.
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    pendingLength = 0;
    if (!output.write(chunk)) await new Promise<void>((resolve) => output.once('drain', resolve));
  };
  const write = async (record: Record<string, unknown>): Promise<void> => {
    const line = JSON.stringify(first ? { ...record, featureNames: FEATURE_NAMES, featureSchema: FEATURE_SCHEMA_VERSION } : record) + '\n';
    first = false;
    pending.push(line);
    pendingLength += line.length;
    if (pendingLength >= OUTPUT_CHUNK_CHARS) await flush();
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
    await flush();
  } catch (error) {
    process.stderr.write(`bimetal featurize: ${(error as Error).message}\n`);
    return 2;
  }
  return failed ? 1 : 0;
}

/**
 * RDKit is loaded once; every ligand is described through it (RecipeLigands caches the results).
 * A use without SMILES is a built-in ligand named by the recipe.
 */
async function ligandDescriber(): Promise<DescribeLigand> {
  const chemistry = await loadChemistry();
  return (use) => {
    const smiles = use.smiles ?? (use.name !== undefined ? builtinLigand(use.name)?.smiles : undefined);
    if (smiles === undefined) return { error: 'no SMILES given and not a built-in ligand name' };
    const described = chemistry.describeLigand(smiles, { binds: use.binds, logP: use.logP });
    return 'error' in described ? { error: described.error } : described;
  };
}

/** Structure files are read once each (training data reuses XYZ files across records). */
function cachedStructureReader(baseDir: string): (file: string) => CoreGeometry | GeometryError {
  const cache = new Map<string, CoreGeometry | GeometryError>();
  return (file) => {
    const resolved = path.resolve(baseDir, file);
    let geometry = cache.get(resolved);
    if (!geometry) {
      geometry = readXyzStructure(resolved);
      cache.set(resolved, geometry);
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
