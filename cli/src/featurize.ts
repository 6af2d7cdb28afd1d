import { createInterface } from 'node:readline';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featurize, RecipeLigands, type DescribeLigand } from '../../engine/src/features';
import type { CoreGeometry, GeometryError } from '../../engine/src/geometry/types';
import { readXyzStructure } from '../../engine/src/geometry/xyzFile';
import { builtinLigand, loadChemistry } from '../../engine/src/ligands';
import path from 'node:path';
import { SITE_NAMES, TOPOLOGY_NAMES, type RecipeSpec } from '../../engine/src/recipe';

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
    // Past the stream's buffer limit, waits for this chunk to be written, as 'drain' would; a
    // failed write counts as written too (the reader closed the pipe: outputs.ts
    // handleStandardOutputErrors), where 'drain' never comes and the run would end without its status.
    await new Promise<void>((resolve) => {
      if (output.write(chunk, () => resolve())) resolve();
    });
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
      const record = featurizeLine(text, lineNumber, ligands, structure);
      if ('error' in record) failed = true;
      await write(record);
    }
    await flush();
  } catch (error) {
    // The output failed, or the input could not be read: the lines already featurised are still
    // handed to the output (without waiting for a drain that a broken output never sends).
    try {
      if (pending.length > 0) output.write(pending.join(''));
    } catch {
      // The output is what failed; the message below says so.
    }
    process.stderr.write(`bimetal featurize: ${(error as Error).message}\n`);
    return 2;
  }
  return failed ? 1 : 0;
}

/**
 * One input line's output record. Whatever the line holds, it gets its own record: a failure while
 * featurising it (an unforeseen shape the checks let through) becomes that line's error, never the
 * run's.
 */
function featurizeLine(
  text: string,
  lineNumber: number,
  ligands: RecipeLigands,
  structure: (file: string) => CoreGeometry | GeometryError,
): { name: string; features: number[] } | { name: string; error: string } {
  const parsed = parseRecipeLine(text, lineNumber);
  if ('error' in parsed) return parsed;
  const { spec } = parsed;
  try {
    const recipeLigands = ligands.forRecipe(spec);
    const result = 'error' in recipeLigands ? recipeLigands : featurize(spec, { ligands: recipeLigands, structure });
    return 'error' in result ? { name: spec.name, error: result.error } : { name: spec.name, features: Array.from(result.values) };
  } catch (error) {
    return { name: spec.name, error: `cannot be featurised: ${(error as Error).message}` };
  }
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
  const name = typeof spec.name === 'string' ? spec.name : fallbackName;
  const problem = specProblem(value as Record<string, unknown>);
  if (problem) return { name, error: problem };
  return { spec: { ...spec, name } };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const shown = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));
/** A whole number past Number.MAX_SAFE_INTEGER, which the language refuses as a count (grammar/src/validate.ts): JSON's 9007199254740993 reads as …992. */
const tooLargeToCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > Number.MAX_SAFE_INTEGER;
const MAX_COUNT = Number.MAX_SAFE_INTEGER.toLocaleString('en-US');

/**
 * What is wrong with the shape of a RecipeSpec (engine/src/recipe.ts) in the fields the featuriser
 * reads, naming the field; undefined when the shape is right. Values (an unknown element, a SMILES
 * RDKit rejects, a site name) are the featuriser's to judge, with its own messages.
 */
function specProblem(spec: Record<string, unknown>): string | undefined {
  const host = spec.host;
  if (host === undefined) return '"host" missing: {element, count}, the host element and its atom count';
  if (!isObject(host) || typeof host.element !== 'string') return '"host" must be {element, count}: the host element and its atom count';
  if (tooLargeToCount(host.count)) return `"host" count ${shown(host.count)} is too large to count exactly; counts go up to ${MAX_COUNT}`;
  if (!isWhole(host.count) || host.count < 1) return `"host" needs a whole-number count ≥ 1, got ${shown(host.count)}`;
  const dopant = spec.dopant;
  if (dopant === undefined) return '"dopant" missing: {element, count}, the dopant element and its atom count (count 0 for a unary cluster)';
  if (!isObject(dopant)) return '"dopant" must be {element, count}: the dopant element and its atom count (count 0 for a unary cluster)';
  if (tooLargeToCount(dopant.count)) return `"dopant" count ${shown(dopant.count)} is too large to count exactly; counts go up to ${MAX_COUNT}`;
  if (!isWhole(dopant.count) || dopant.count < 0) return `"dopant" needs a whole-number count ≥ 0 (0 for a unary cluster), got ${shown(dopant.count)}`;
  if (dopant.element !== undefined && typeof dopant.element !== 'string') return `"dopant" element must be an element symbol, got ${shown(dopant.element)}`;
  if (dopant.count > 0 && dopant.element === undefined) return '"dopant" element missing';
  // As the language checks a recipe: N_metal = host + dopant must be counted exactly (9,007,199,254,740,991 + 1 was featurised as n_metal 9007199254740992).
  if (host.count + dopant.count > Number.MAX_SAFE_INTEGER) return `"host" and "dopant" counts add up to more than ${MAX_COUNT} atoms, which N_metal cannot count exactly`;
  if (typeof spec.site !== 'string') return `"site" must be one of ${SITE_NAMES.join(', ')}, got ${shown(spec.site)}`;
  if (spec.ligands === undefined) return '"ligands" missing: a list of {name or smiles, count}, [] for a bare cluster';
  if (!Array.isArray(spec.ligands)) return '"ligands" must be a list of {name or smiles, count}, [] for a bare cluster';
  for (const [i, use] of spec.ligands.entries()) {
    if (!isObject(use)) return `"ligands" must be a list of {name or smiles, count}: ligand ${i + 1} is ${shown(use)}`;
    const problem = ligandProblem(use);
    const label = typeof use.name === 'string' ? use.name : typeof use.smiles === 'string' ? use.smiles : undefined;
    if (problem) return `ligand ${i + 1}${label === undefined ? '' : ` (${label})`}: ${problem}`;
  }
  if (spec.ligands.reduce((sum: number, use: { count: number }) => sum + use.count, 0) > Number.MAX_SAFE_INTEGER) {
    return `"ligands" counts add up to more than ${MAX_COUNT}, which cannot be counted exactly`;
  }
  if (spec.ligandOnDopant !== undefined && typeof spec.ligandOnDopant !== 'boolean') return `"ligandOnDopant" must be true or false, or left out, got ${shown(spec.ligandOnDopant)}`;
  // θ = 1 says a ligand sits on the dopant's site; without one there is nothing to sit there.
  if (spec.ligandOnDopant === true && spec.ligands.length === 0) return '"ligandOnDopant" is true, but "ligands" is empty: no ligand to put on the dopant';
  if (spec.ligandOnDopant === true && dopant.count === 0) return '"ligandOnDopant" is true, but the dopant count is 0 (a unary cluster): no dopant to put the ligand on';
  const topology = spec.topology;
  if (topology !== undefined && topology !== null) {
    if (!isObject(topology) || typeof topology.name !== 'string') return `"topology" must be {name, shells?}, e.g. {"name": "icosahedron"}, got ${shown(topology)}`;
    // The language's words only, as for "site": another name (`Icosahedron`, `cube`) was featurised as composition-only (topology_other, no geometry) with exit 0.
    if (!(TOPOLOGY_NAMES as readonly string[]).includes(topology.name)) return `"topology" name must be one of ${TOPOLOGY_NAMES.join(', ')}, got ${shown(topology.name)}`;
    if (topology.shells !== undefined && (!isWhole(topology.shells) || topology.shells < 1)) {
      return `"topology" shells must be a whole number ≥ 1, or left out, got ${shown(topology.shells)}`;
    }
  }
  const support = spec.support;
  if (support !== undefined) {
    if (!isObject(support) || typeof support.kind !== 'string') return `"support" must be {kind, name?}, e.g. {"kind": "zeolite"}, or left out, got ${shown(support)}`;
    if (support.name !== undefined && support.name !== null && typeof support.name !== 'string') return `"support" name must be a string, got ${shown(support.name)}`;
  }
  if (spec.distance !== undefined && !isFiniteNumber(spec.distance)) return `"distance" must be a number (Å), or left out, got ${shown(spec.distance)}`;
  if (spec.charge !== undefined && spec.charge !== null) {
    if (!isFiniteNumber(spec.charge)) return `"charge" must be a number, got ${shown(spec.charge)}`;
    // As the language's `charge INTEGER` (grammar/src/validate.ts).
    if (!Number.isInteger(spec.charge)) return `"charge" must be a whole number, got ${shown(spec.charge)}`;
    if (!Number.isSafeInteger(spec.charge)) return `"charge" ${shown(spec.charge)} is too large to store exactly`;
  }
  if (spec.structure !== undefined && typeof spec.structure !== 'string') return `"structure" must be the path of an XYZ file, or left out, got ${shown(spec.structure)}`;
  return undefined;
}

/** What is wrong with one entry of "ligands" (a LigandUse), or undefined. */
function ligandProblem(use: Record<string, unknown>): string | undefined {
  if (use.name !== undefined && typeof use.name !== 'string') return `"name" must be a string, got ${shown(use.name)}`;
  if (use.smiles !== undefined && typeof use.smiles !== 'string') return `"smiles" must be a SMILES string, got ${shown(use.smiles)}`;
  if (use.name === undefined && use.smiles === undefined) return 'a ligand needs a "name" (a built-in ligand) or "smiles"';
  if (use.count === undefined) return '"count" missing: a ligand needs a whole-number count ≥ 1';
  if (tooLargeToCount(use.count)) return `"count" ${shown(use.count)} is too large to count exactly; counts go up to ${MAX_COUNT}`;
  if (!isWhole(use.count) || use.count < 1) return `a ligand needs a whole-number "count" ≥ 1, got ${shown(use.count)}`;
  if (use.binds !== undefined && (!Array.isArray(use.binds) || !use.binds.every((atom) => typeof atom === 'string'))) {
    return `"binds" must be a list of atom symbols, e.g. ["S"], got ${shown(use.binds)}`;
  }
  if (use.logP !== undefined && !isFiniteNumber(use.logP)) return `"logP" must be a number, got ${shown(use.logP)}`;
  return undefined;
}
