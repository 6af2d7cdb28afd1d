// Descriptor throughput over a 100,000-member family: Au host × 30 dopants × 5 icosahedral sizes
// × 3 dopant counts × 3 sites × 25 ligand shells × 3 ligand counts (first 100,000 of 101,250).
// RDKit loads once and each distinct ligand is described once; every recipe then goes through
// computeDescriptors (geometry built on first use and cached) and toDescriptorRecord.
// Prints recipes/s for a cold pass (templates and cores built as they come) and a warm pass
// (the editor re-scoring after an edit). Target: ≥ 100,000 recipes/s.
import { performance } from 'node:perf_hooks';
import type { RecipeSpec, SiteName } from '../engine/src/recipe';
import { ALL_ELEMENTS } from '../engine/src/elements';
import { BUILTIN_LIGANDS, isLigandError, loadChemistry } from '../engine/src/ligands';
import { computeDescriptors, ligandKey, toDescriptorRecord, type LigandFacts } from '../engine/src/descriptors';

const RECIPES = 100_000;
const HOST = 'Au';
const SIZES = [13, 55, 147, 309, 561];
const DOPANT_COUNTS = [1, 2, 4];
const SITES: SiteName[] = ['core', 'surface', 'mixed'];
const LIGAND_COUNTS = [6, 12, 18];

function family(ligandNames: string[]): RecipeSpec[] {
  const dopants = ALL_ELEMENTS.filter((e) => e.metallicRadius !== null && e.symbol !== HOST).slice(0, 30).map((e) => e.symbol);
  const out: RecipeSpec[] = [];
  for (const dopant of dopants) {
    for (const size of SIZES) {
      for (const nDopant of DOPANT_COUNTS) {
        for (const site of SITES) {
          for (const ligand of ligandNames) {
            for (const count of LIGAND_COUNTS) {
              if (out.length === RECIPES) return out;
              out.push({
                name: `scan[dopant=${dopant},size=${size},dopantCount=${nDopant},site=${site},ligand=${ligand},count=${count}]`,
                recipe: 'scan',
                host: { element: HOST, count: size - nDopant },
                dopant: { element: dopant, count: nDopant },
                topology: { name: 'icosahedron' },
                site,
                ligands: [{ name: ligand, smiles: BUILTIN_LIGANDS[ligand].smiles, count }, { name: 'PPh3', smiles: BUILTIN_LIGANDS.PPh3.smiles, count: 2 }],
                charge: 0,
              });
            }
          }
        }
      }
    }
  }
  return out;
}

interface PassTiming {
  seconds: number;
  /** User + system CPU time of the process: the figure to compare on a shared, loaded machine. */
  cpuSeconds: number;
  checksum: number;
}

function pass(recipes: RecipeSpec[], ligands: ReadonlyMap<string, LigandFacts>): PassTiming {
  let checksum = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const spec of recipes) {
    const record = toDescriptorRecord(computeDescriptors(spec, { ligands }));
    checksum += record.phi ?? 0;
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, checksum };
}

function rate(recipes: number, t: PassTiming): string {
  const perSecond = (s: number) => Math.round(recipes / s).toLocaleString('en');
  return `${perSecond(t.seconds)} recipes/s wall (${t.seconds.toFixed(3)} s), ${perSecond(t.cpuSeconds)} recipes per CPU-second`;
}

export async function run(): Promise<void> {
  let start = performance.now();
  const chemistry = await loadChemistry();
  const loadSeconds = (performance.now() - start) / 1000;

  const ligandNames = Object.keys(BUILTIN_LIGANDS).slice(0, 25);
  start = performance.now();
  const ligands = new Map<string, LigandFacts>();
  for (const name of new Set([...ligandNames, 'PPh3'])) {
    const description = chemistry.describeLigand(BUILTIN_LIGANDS[name].smiles, { binds: BUILTIN_LIGANDS[name].binds });
    if (isLigandError(description)) throw new Error(`${name}: ${description.error}`);
    ligands.set(ligandKey({ name }), description);
  }
  const describeSeconds = (performance.now() - start) / 1000;

  const recipes = family(ligandNames);
  const cold = pass(recipes, ligands);
  const warm = pass(recipes, ligands);
  if (Math.abs(cold.checksum - warm.checksum) > 1e-6) throw new Error('cold and warm passes disagree');

  console.log(`RDKit load ${loadSeconds.toFixed(2)} s; ${ligands.size} distinct ligands described once in ${(describeSeconds * 1000).toFixed(1)} ms`);
  console.log(`${recipes.length} recipes (${new Set(recipes.map((r) => r.dopant.element)).size} dopants × ${SIZES.length} sizes × ${DOPANT_COUNTS.length} counts × ${SITES.length} sites × ligands)`);
  console.log(`cold (cores built on first use): ${rate(recipes.length, cold)}`);
  console.log(`warm (cores cached):             ${rate(recipes.length, warm)}`);
}
