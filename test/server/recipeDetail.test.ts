/**
 * `bimetal/memberLocation` and `bimetal/recipeDetail` (server/src/recipeDetail.ts) through the
 * built server over stdio: a family member's exact source ranges, and its detail: record, exact
 * Shapley attribution that adds up to the model's output, and the generated core with its dopants.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Range } from 'vscode-languageserver-protocol';
import type { MemberLocation, RecipeDetail } from '../../report/src/recipeDetailProtocol';
import { startWithTestModels, type TestServer } from './lspHarness';

const uri = 'file:///workspace/detail.bimetal';
const text = `recipe Fam {
  host     Au 12
  dopant   [Pd, Pt, Ag] 1
  topology icosahedron
  site     core
  ligands  PET x 8
  energy   -2.5 eV
}
recipe Lone {
  host Cu 12
  dopant Ni 1
  topology none
}
`;

function slice(range: Range): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [lines[range.start.line].slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), lines[range.end.line].slice(0, range.end.character)].join('\n');
}

describe('recipe detail requests', { timeout: 120_000 }, () => {
  let server: TestServer;
  before(async () => {
    server = await startWithTestModels();
    await server.open(uri, text);
    await server.waitFor(uri, 1, 'scored', 60_000);
  });
  after(async () => server?.stop());

  test('a family member is located by its name and the very alternative that makes it', async () => {
    const location = await server.connection.sendRequest<MemberLocation | null>('bimetal/memberLocation', { uri, recipe: 'Fam[dopant=Pt]' });
    assert.ok(location);
    assert.equal(slice(location.name), 'Fam');
    assert.deepEqual(location.choices.map(slice), ['Pt']);
    assert.match(slice(location.recipe), /^recipe Fam \{[\s\S]*\}$/);
    const lone = await server.connection.sendRequest<MemberLocation | null>('bimetal/memberLocation', { uri, recipe: 'Lone' });
    assert.deepEqual(lone?.choices, [], 'a plain recipe has no alternatives to select');
    assert.equal(await server.connection.sendRequest('bimetal/memberLocation', { uri, recipe: 'Fam[dopant=Fe]' }), null);
  });

  test('the detail has the record, an attribution that adds up to the prediction, and the core with its dopant', async () => {
    const detail = await server.connection.sendRequest<RecipeDetail | null>('bimetal/recipeDetail', { uri, recipe: 'Fam[dopant=Pt]' });
    assert.ok(detail);
    assert.equal(detail.record.recipe, 'Fam[dopant=Pt]');
    assert.equal(detail.record.reference, -2.5, 'the reference energy travels with it');
    assert.ok(detail.record.prediction!.terms.length > 0, 'the terms the model exposes');
    const a = detail.attribution;
    assert.ok(a.available, JSON.stringify(a));
    assert.equal(a.shares.length, 9);
    const sum = a.shares.reduce((s, x) => s + x.value, 0);
    assert.ok(Math.abs(sum - (a.prediction - a.baseline)) < 1e-4, `efficiency: ${sum} vs ${a.prediction - a.baseline}`);
    const ordering = detail.record.prediction!.terms.find((t) => t.key === 'ordering')?.value ?? 0;
    assert.ok(Math.abs(a.ordering - ordering) < 1e-6, 'the record rounds its terms');
    assert.ok(Math.abs(a.prediction + a.ordering - detail.record.prediction!.eForm) < 1e-4, 'the attribution explains the prediction on show (the site model\'s ordering term aside)');
    assert.match(a.background, /median of 4 recipes/);
    const core = detail.core;
    assert.ok(core.available);
    assert.equal(core.elements.length, 13);
    assert.deepEqual(core.elements.filter((e) => e === 'Pt').length, 1);
    assert.equal(core.labels[core.elements.indexOf('Pt')], 'core', 'site core puts the dopant in the core');
    assert.equal(core.positions.length, 39);
  });

  test('a recipe without a template core or without other recipes says why, instead of failing', async () => {
    const detail = await server.connection.sendRequest<RecipeDetail | null>('bimetal/recipeDetail', { uri, recipe: 'Lone' });
    assert.ok(detail);
    assert.equal(detail.core.available, false);
    assert.match((detail.core as { reason: string }).reason, /topology none/);
    assert.equal(await server.connection.sendRequest('bimetal/recipeDetail', { uri: 'file:///workspace/not-open.bimetal', recipe: 'X' }), null);
  });
});
