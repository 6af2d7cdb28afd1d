import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecipeSpec } from '../../engine/src/recipe';
import { analyzeText } from '../../grammar/src/index';
import { needsSite, noSiteReason } from '../../pipeline/src/siteCall';

/** Which recipes get a site call: a minority dopant in a core with an interior site (BM210's rule). */
function spec(host: number, dopant: number, topology?: RecipeSpec['topology'], structure?: string): RecipeSpec {
  return {
    name: 'r',
    recipe: 'r',
    host: { element: 'Au', count: host },
    dopant: { element: 'Pd', count: dopant },
    site: 'mixed',
    ligands: [],
    charge: 0,
    ...(topology ? { topology } : {}),
    ...(structure ? { structure } : {}),
  };
}

test('templates without a core site get no site call, with the reason', () => {
  assert.equal(noSiteReason(spec(4, 2, { name: 'octahedron', shells: 1 })), '6 metal atoms make an octahedron, which has no interior (core) site');
  assert.equal(needsSite(spec(9, 1, { name: 'tetrahedron', shells: 2 })), false);
  assert.equal(needsSite(spec(19, 1, { name: 'tetrahedron', shells: 3 })), false);
});

test('templates with a core and structure files get a site call', () => {
  assert.equal(needsSite(spec(12, 1, { name: 'icosahedron', shells: 1 })), true);
  assert.equal(needsSite(spec(18, 1, { name: 'octahedron', shells: 2 })), true);
  // A structure file's member has no topology: its coordinates, not BM210's template rule, say where its core is.
  assert.equal(needsSite(spec(146, 1, undefined, 'core.xyz')), true);
});

test('composition only has no core (BM210), so no site call: no template closing a shell, or topology none', () => {
  for (const n of [3, 5, 8, 12, 200]) assert.equal(noSiteReason(spec(n - 1, 1)), `no topology closes a shell at ${n} atoms, so there is no core`);
  assert.equal(noSiteReason(spec(99, 1, { name: 'none' })), "'topology none' has no core sites");
});

test("the site call's reason is BM210's: the same members, in the same words, the topology written or derived from the counts", () => {
  const recipes = (site: string) =>
    [
      `recipe A { host Au 2 dopant Ag 1 ${site} }`,
      `recipe B { host Au 12 dopant Ag 1 topology none ${site} }`,
      `recipe C { host Au 5 dopant Ag 1 ${site} }`,
      `recipe D { host Au 12 dopant Ag 1 topology icosahedron ${site} }`,
      `recipe E { host Au 5 dopant Ag 1 topology octahedron ${site} }`,
      `recipe F { host Au 3 dopant Ag 1 ${site} }`,
      `recipe G { host Au 9 dopant Ag 1 ${site} }`,
      `recipe H { host Au 18 dopant Ag 1 ${site} }`,
      `recipe I { host Au 54 dopant Ag 1 ${site} }`,
    ].join('\n');
  const scored = analyzeText(recipes(''));
  const withCore = analyzeText(recipes('site core'));
  const bm210 = withCore.diagnostics.filter((d) => d.code === 'BM210').map((d) => d.message);
  const reasons = scored.members.map(noSiteReason);
  // A, B and E have no core, nor have C, F and G, whose 6, 4 and 10 atoms close an octahedron's or a tetrahedron's shell
  // with no interior, nor I, whose 55 atoms close three templates' shells, so none is derived; D's 13, a written
  // icosahedron, and H's 19, an octahedron derived from the counts, have a centre.
  assert.deepEqual(reasons.map((r) => r !== undefined), [true, true, true, false, true, true, true, false, true]);
  const missing = reasons.filter((r) => r !== undefined);
  assert.equal(bm210.length, missing.length);
  bm210.forEach((message, i) => assert.ok(message.startsWith(`'site core' needs a core, but ${missing[i]}; `), message));
});

test('no site call when the dopant is not the minority', () => {
  assert.match(noSiteReason(spec(3, 3, { name: 'octahedron', shells: 1 }))!, /not the minority/);
  assert.equal(needsSite(spec(6, 7, { name: 'icosahedron', shells: 1 })), false);
});
