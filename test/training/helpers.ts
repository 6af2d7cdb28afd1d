import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { runFeaturize } from '../../cli/src/featurize';
import type { RecipeSpec } from '../../engine/src/recipe';

/** Feature rows for recipes through the same entry point training uses (`bimetal featurize`). */
export async function featurizeSpecs(specs: RecipeSpec[]): Promise<{ names: string[]; rows: Float32Array[] }> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c) => chunks.push(String(c)));
  input.end(specs.map((s) => JSON.stringify(s)).join('\n') + '\n');
  const code = await runFeaturize(input, output);
  // PassThrough delivers 'data' asynchronously: drain it before reading the chunks.
  const ended = once(output, 'end');
  output.end();
  await ended;
  if (code === 2) throw new Error('featurize could not load the chemistry toolkit (exit 2)');
  const lines = chunks.join('').trim().split('\n').map((l) => JSON.parse(l));
  const failed = lines.filter((l) => 'error' in l);
  if (failed.length) throw new Error(`featurize rejected: ${JSON.stringify(failed.slice(0, 3))}`);
  return { names: lines[0].featureNames, rows: lines.map((l) => Float32Array.from(l.features)) };
}

export function unaryIcosahedron(element: string, shells: number): RecipeSpec {
  const name = `${element}-ico${shells}`;
  return {
    name,
    recipe: name,
    host: { element, count: (10 * shells ** 3 + 15 * shells ** 2 + 11 * shells + 3) / 3 },
    dopant: { element, count: 0 },
    topology: { name: 'icosahedron', shells },
    site: 'mixed',
    ligands: [],
    charge: 0,
  };
}
