import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecipeSpec } from '../../engine/src/recipe';
import { needsSite, noSiteReason } from '../../pipeline/src/siteCall';

/** Which recipes get a site call: a minority dopant in a core with an interior site (BM210's rule). */
function spec(host: number, dopant: number, topology?: RecipeSpec['topology']): RecipeSpec {
  return { name: 'r', recipe: 'r', host: { element: 'Au', count: host }, dopant: { element: 'Pd', count: dopant }, site: 'mixed', ligands: [], charge: 0, ...(topology ? { topology } : {}) };
}

test('templates without a core site get no site call, with the reason', () => {
  assert.equal(noSiteReason(spec(4, 2, { name: 'octahedron', shells: 1 })), 'a 6-atom octahedron has no core site, so every dopant is at the surface');
  assert.equal(needsSite(spec(9, 1, { name: 'tetrahedron', shells: 2 })), false);
  assert.equal(needsSite(spec(19, 1, { name: 'tetrahedron', shells: 3 })), false);
});

test('templates with a core, composition-only and template-free cores get a site call', () => {
  assert.equal(needsSite(spec(12, 1, { name: 'icosahedron', shells: 1 })), true);
  assert.equal(needsSite(spec(18, 1, { name: 'octahedron', shells: 2 })), true);
  assert.equal(needsSite(spec(146, 1)), true);
  assert.equal(needsSite(spec(99, 1, { name: 'none' })), true);
});

test('no site call when the dopant is not the minority', () => {
  assert.match(noSiteReason(spec(3, 3, { name: 'octahedron', shells: 1 }))!, /not the minority/);
  assert.equal(needsSite(spec(6, 7, { name: 'icosahedron', shells: 1 })), false);
});
