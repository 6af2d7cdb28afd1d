/**
 * The Python peer of `bimetal score` (peer_score.py) seen from TypeScript: the recipe table it reads,
 * running it, and how far its numbers lie from bimetal's. Shared by the side-by-side bench
 * (bench/peers.bench.ts) and the agreement test (test/bench-peers), so both compare the same thing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { REDUCED_DISTANCE_C, SUPPORT_COORDINATING_ATOM } from '../../engine/src/descriptors';
import { ALL_ELEMENTS } from '../../engine/src/elements';
import { KJ_PER_MOL_IN_EV } from '../../engine/src/features/schema';
import { mixingEnthalpy } from '../../engine/src/hmix';
import { EFORM_MODEL } from '../../engine/src/inference';
import { BINDING_PATTERNS } from '../../engine/src/ligands';
import { dataDir } from '../../scripts/gen-common';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { ScoredMember } from '../../pipeline/src';

/** Debian's interpreter, which python3-rdkit, python3-pymatgen and python3-onnx are installed for. */
export const PEER_PYTHON = '/usr/bin/python3';
const PEER_SCRIPT = path.join(__dirname, 'peer_score.py');
const MODEL_DIR = path.join(__dirname, '..', '..', 'models');

/** One recipe as a chemist's table holds it: composition, ligand SMILES, support, distance. */
interface PeerRecipe {
  name: string;
  host: string;
  nHost: number;
  dopant: string;
  nDopant: number;
  ligands: { smiles: string; count: number; binds?: string[]; logP?: number }[];
  support: string | null;
  distance: number | null;
  site: string;
  structure: string | null;
}

/** The peer's input: the recipes, and the engine's published tables it computes from (peer_score.py says which and why). */
export interface PeerTable {
  recipes: PeerRecipe[];
  published: {
    elements: Record<string, { pauling: number | null; metallicRadius: number | null; atomicWeight: number | null; cohesiveEnergy: number | null }>;
    /** H_mix by Miedema's model (kJ/mol), for the pairs the Takeuchi–Inoue table lacks. */
    hMix: Record<string, number>;
    bindingPatterns: { ligandClass: string; smarts: string }[];
    supportAtom: Record<string, string>;
    reducedDistanceC: number;
    kjPerMolInEv: number;
  };
  /** The Takeuchi–Inoue table as matminer ships it (../shared/data), which the peer reads itself. */
  takeuchiInoue: string;
  modelDir: string;
  model: string;
  coverage: number;
}

/** The quantities both sides report, one value per recipe (the ligand logPs as one list per recipe). */
export const COMPARED = ['hMix', 'chiEnv', 'deltaChi', 'deltaM', 'distance', 'deltaR', 'reducedDistance', 'phi', 'logP', 'eForm', 'lower', 'upper'] as const;
export type Compared = (typeof COMPARED)[number];

/**
 * Largest allowed |bimetal − peer|. Descriptors are float64 arithmetic on the same inputs on both
 * sides; logP comes from two RDKit builds (Debian 2022.09, the wasm 2026.09); the model reads float32
 * features and onnxruntime multiplies in float32.
 */
export const TOLERANCE: Record<Compared, number> = {
  hMix: 1e-9,
  chiEnv: 1e-9,
  deltaChi: 1e-9,
  deltaM: 1e-9,
  distance: 1e-9,
  deltaR: 1e-9,
  reducedDistance: 1e-9,
  phi: 1e-9,
  logP: 1e-6,
  eForm: 1e-5,
  lower: 1e-5,
  upper: 1e-5,
};

export interface PeerOutput {
  recipes: number;
  columns: Record<Compared, (number | null)[]> & { ligandLogP: number[][] };
  /** Where pymatgen's element data differ from the engine's, and the published value was used. */
  overrides: { element: string; property: string; pymatgen: number | null; published: number }[];
  versions: Record<string, string>;
  /** Wall seconds: startup (imports, model files) and scoring (descriptors, model, intervals). */
  seconds: { startup: number; score: number };
  /** CPU seconds of the process up to the end of scoring, and of scoring alone. */
  cpuSeconds: { total: number; score: number };
}

function peerRecipe(spec: RecipeSpec): PeerRecipe {
  return {
    name: spec.name,
    host: spec.host.element,
    nHost: spec.host.count,
    dopant: spec.dopant.element,
    nDopant: spec.dopant.count,
    ligands: spec.ligands.map((use) => {
      if (use.smiles === undefined) throw new Error(`${spec.name}: ligand ${use.name} has no SMILES`);
      return { smiles: use.smiles, count: use.count, binds: use.binds, logP: use.logP };
    }),
    support: spec.support?.kind ?? null,
    distance: spec.distance ?? null,
    site: spec.site,
    structure: spec.structure ?? null,
  };
}

/** The table the peer reads for `specs`: the recipes, the engine's element table, and H_mix of the pairs they use. */
export function peerTable(specs: readonly RecipeSpec[], coverage: number): PeerTable {
  const hMix: Record<string, number> = {};
  for (const spec of specs) {
    const [a, b] = [spec.host.element, spec.dopant.element].sort();
    const h = a === b ? undefined : mixingEnthalpy(a, b);
    if (h?.computed) hMix[`${a}-${b}`] = h.value;
  }
  const elements: PeerTable['published']['elements'] = {};
  for (const e of ALL_ELEMENTS) elements[e.symbol] = { pauling: e.pauling, metallicRadius: e.metallicRadius, atomicWeight: e.atomicWeight, cohesiveEnergy: e.cohesiveEnergy };
  return {
    recipes: specs.map(peerRecipe),
    published: {
      elements,
      hMix,
      bindingPatterns: BINDING_PATTERNS.map(({ ligandClass, smarts }) => ({ ligandClass, smarts })),
      supportAtom: { ...SUPPORT_COORDINATING_ATOM },
      reducedDistanceC: REDUCED_DISTANCE_C,
      kjPerMolInEv: KJ_PER_MOL_IN_EV,
    },
    takeuchiInoue: path.join(dataDir(), 'matminer-miedema', 'MiedemaLiquidDeltaHf.tsv'),
    modelDir: MODEL_DIR,
    model: EFORM_MODEL,
    coverage,
  };
}

/** Runs the peer on `table` as its own process; `wallSeconds` is spawn to exit (interpreter start, imports, scoring, output). */
export async function runPeer(table: PeerTable): Promise<{ output: PeerOutput; wallSeconds: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bimetal-peer-'));
  try {
    const input = path.join(dir, 'recipes.json');
    const result = path.join(dir, 'scores.json');
    await writeFile(input, JSON.stringify(table));
    const started = performance.now();
    try {
      await promisify(execFile)(PEER_PYTHON, [PEER_SCRIPT, input, result], { maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`the Python peer failed (needs python3-rdkit, python3-pymatgen and python3-onnx: scripts/setup.sh installs them):\n${stderr || (error as Error).message}`);
    }
    const wallSeconds = (performance.now() - started) / 1000;
    return { output: JSON.parse(await readFile(result, 'utf8')) as PeerOutput, wallSeconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Bimetal's value of each compared quantity for one scored member. */
export function bimetalValues(member: ScoredMember): Record<Compared, number | null> & { ligandLogP: (number | null)[] } {
  const d = member.descriptors;
  const p = member.prediction;
  return {
    hMix: d.hMix.value,
    chiEnv: d.chiEnv.value,
    deltaChi: d.deltaChi.value,
    deltaM: d.deltaM.value,
    distance: d.distance.value,
    deltaR: d.deltaR.value,
    reducedDistance: d.reducedDistance.value,
    phi: d.phi.value,
    logP: d.logP.mean.value,
    ligandLogP: d.logP.ligands.map((l) => l.value),
    eForm: p?.point ?? null,
    // An unbounded end (±Infinity) is null, as in the peer's JSON.
    lower: p && Number.isFinite(p.lower) ? p.lower : null,
    upper: p && Number.isFinite(p.upper) ? p.upper : null,
  };
}

/**
 * The largest |bimetal − peer| of each quantity over all recipes (ligand logPs in `logP`, with the
 * mean); a null on one side only, or a different ligand count, is a disagreement of +∞.
 */
export function largestDifferences(members: readonly ScoredMember[], peer: PeerOutput): Record<Compared, number> {
  if (members.length !== peer.recipes) throw new Error(`bimetal scored ${members.length} recipes, the peer ${peer.recipes}`);
  const worst = Object.fromEntries(COMPARED.map((k) => [k, 0])) as Record<Compared, number>;
  const differ = (a: number | null, b: number | null): number => (a === null || b === null ? (a === b ? 0 : Infinity) : Math.abs(a - b));
  members.forEach((member, i) => {
    const ours = bimetalValues(member);
    for (const k of COMPARED) worst[k] = Math.max(worst[k], differ(ours[k], peer.columns[k][i]));
    const theirs = peer.columns.ligandLogP[i];
    if (theirs.length !== ours.ligandLogP.length) worst.logP = Infinity;
    else ours.ligandLogP.forEach((v, j) => (worst.logP = Math.max(worst.logP, differ(v, theirs[j]))));
  });
  return worst;
}
