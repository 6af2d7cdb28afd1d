import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createScorer, type ScoredMember } from '../../pipeline/src/index';

/**
 * Physics the shipped E_form runtime must respect (issue 8, "tests that can fail, on the shipped
 * runtime"): size trends, the weight of one dopant, smooth composition, and the site identity.
 * Each runs the whole pipeline on recipes, with the shipped models/.
 */
const MODELS_DIR = path.join(__dirname, '..', '..', 'models');
const scorer = createScorer({ modelDir: MODELS_DIR });

after(() => scorer.dispose());

/** Every member of a recipe text, with a prediction. */
async function members(text: string): Promise<ScoredMember[]> {
  const doc = await scorer.scoreText(text, { file: 'physics.bimetal' });
  for (const m of doc.members) assert.ok(m.prediction, `${m.spec.name}: no prediction (${doc.diagnostics.map((d) => d.message).join('; ')})`);
  return doc.members;
}

const recipe = (name: string, host: string, nHost: number, dopant: string, nDopant: number, extra = '') =>
  `recipe ${name} {\n  host ${host} ${nHost}\n  dopant ${dopant} ${nDopant}\n${extra}}\n`;

/** E_form never rises as N grows (binding per atom strengthens towards the bulk); 1 meV/atom of slack. */
function assertMonotone(sizes: number[], energies: number[], what: string): void {
  for (let i = 1; i < sizes.length; i++) {
    assert.ok(energies[i] <= energies[i - 1] + 1e-3, `${what}: E_form(${sizes[i]}) = ${energies[i]} > E_form(${sizes[i - 1]}) = ${energies[i - 1]}`);
  }
}

test('E_form is monotone in N from 13 atoms towards bulk: icosahedra and composition-only recipes', async () => {
  const icosahedra = [13, 55, 147, 309, 561];
  const ico = await members(icosahedra.map((n) => recipe(`ico${n}`, 'Au', n - 1, 'Ag', 1, '  topology icosahedron\n')).join(''));
  assertMonotone(icosahedra, ico.map((m) => m.prediction!.point), 'Au(N−1)Ag icosahedra');
  const sizes = [13, 55, 147, 309, 1415, 5000, 10000];
  const bare = await members(sizes.map((n) => recipe(`n${n}`, 'Au', n - 1, 'Ag', 1, '  topology none\n')).join(''));
  assertMonotone(sizes, bare.map((m) => m.prediction!.point), 'composition-only Au(N−1)Ag');
});

test('one dopant among 147 atoms moves E_form per atom by less than 0.1 eV across the d-block', async () => {
  const dopants = ['Ag', 'Cu', 'Pd', 'Pt', 'Ni', 'Rh', 'Ir', 'Ru', 'Co', 'Fe', 'Os', 'Re', 'W', 'Mo', 'Cr', 'V', 'Ti', 'Zr', 'Hf', 'Ta', 'Nb'];
  const scored = await members(dopants.map((d) => recipe(`Au146${d}`, 'Au', 146, d, 1, '  topology icosahedron\n')).join(''));
  const energies = scored.map((m) => m.prediction!.point);
  const spread = Math.max(...energies) - Math.min(...energies);
  assert.ok(spread < 0.1, `spread ${spread.toFixed(3)} eV/atom: ${scored.map((_, i) => `${dopants[i]} ${energies[i].toFixed(3)}`).join(', ')}`);
});

test('dopant count moves E_form smoothly: Au(147−k)Pt(k), k = 1…5, changes with k and without jumps', async () => {
  const counts = [1, 2, 3, 4, 5];
  const scored = await members(counts.map((k) => recipe(`Pt${k}`, 'Au', 147 - k, 'Pt', k, '  topology icosahedron\n')).join(''));
  const e = scored.map((m) => m.prediction!.point);
  const steps = e.slice(1).map((v, i) => v - e[i]);
  assert.ok(steps.every((s) => s !== 0), `identical E_form for different Pt counts: ${e.join(', ')}`);
  const curvature = steps.slice(1).map((s, i) => Math.abs(s - steps[i]));
  assert.ok(Math.max(...curvature) < 0.02, `uneven steps ${steps.map((s) => s.toFixed(4)).join(', ')}`);
});

test('site core and site surface of one recipe: (E_form(core) − E_form(surface)) × N = n_dopant × predicted ΔE', async () => {
  const [core, surface] = await members(
    recipe('core', 'Au', 54, 'Pt', 1, '  topology icosahedron\n  site core\n') + recipe('surface', 'Au', 54, 'Pt', 1, '  topology icosahedron\n  site surface\n'),
  );
  assert.ok(core.site && surface.site, 'a 55-atom icosahedron has core sites: both get a site prediction');
  assert.ok(Math.abs(core.site.point - surface.site.point) < 1e-9, `the site model reads the stated site: ΔE ${core.site.point} vs ${surface.site.point}`);
  const difference = (core.prediction!.point - surface.prediction!.point) * 55;
  assert.ok(Math.abs(difference - core.site.point) < 1e-4, `(E_core − E_surface)·N = ${difference}, ΔE = ${core.site.point}`);
});
