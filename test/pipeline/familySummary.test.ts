import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { FamilyHead } from '../../grammar/src/index';
import { FamilySummary } from '../../pipeline/src/familyDiagnostics';
import type { ScoredMember } from '../../pipeline/src/types';

/** Only what FamilySummary reads of a member: its spec's names and its diagnostics. */
function member(name: string, diagnostics: BimetalDiagnostic[]): ScoredMember {
  return { spec: { name, recipe: 'Sweep' } as RecipeSpec, diagnostics } as ScoredMember;
}

function outOfDomain(model: string, start: number): BimetalDiagnostic {
  return { code: 'BM404', severity: 'warning', message: `${model} prediction is outside its applicability domain`, range: { start, end: start + 5 } };
}

const family = (size: number) => [{ first: { recipe: 'Sweep' }, size }] as unknown as FamilyHead[];

test('a member warned twice at one place (E_form and site both out of domain) is counted once', () => {
  const summary = new FamilySummary(family(8));
  const members = Array.from({ length: 8 }, (_, i) => member(`Sweep[dopantCount=${i + 1}]`, [outOfDomain('eform-v2', 7), outOfDomain('site-v2', 7)]));
  summary.add(members.slice(0, 3));
  summary.add(members.slice(3));
  const [only, ...rest] = summary.diagnostics();
  assert.equal(rest.length, 0);
  assert.equal(only.message, `8 of 8 members of Sweep (${members.slice(0, 5).map((m) => m.spec.name).join(', ')} and 3 more). First: eform-v2 prediction is outside its applicability domain`);
  assert.deepEqual(only.data, { members: members.slice(0, 5).map((m) => m.spec.name), memberCount: 8 });
});

test('each place and code is its own summary; a problem of one member alone is shown as it is', () => {
  const summary = new FamilySummary(family(3));
  const alone = outOfDomain('eform-v2', 40);
  summary.add([member('A', [outOfDomain('eform-v2', 7)]), member('B', [outOfDomain('eform-v2', 7), alone]), member('C', [])]);
  const diagnostics = summary.diagnostics();
  assert.equal(diagnostics.length, 2);
  assert.match(diagnostics[0].message, /^2 of 3 members of Sweep \(A, B\)\. First: /);
  assert.equal(diagnostics[1], alone);
});

test("a diagnostic shared by members is taken in once; each member's own ones are counted for it", () => {
  const recipes = [{ first: { recipe: 'A' }, size: 1 }, { first: { recipe: 'B' }, size: 1 }, { first: { recipe: 'Sweep' }, size: 2 }] as unknown as FamilyHead[];
  const summary = new FamilySummary(recipes);
  // One object per place, as the ligand stage makes it for every member using a broken declaration.
  const declaration = outOfDomain('shared', 1);
  const own = (at: number) => outOfDomain('eform-v2', at);
  const inRecipe = (recipe: string, name: string, diagnostics: BimetalDiagnostic[]) => ({ spec: { name, recipe } as RecipeSpec, diagnostics }) as ScoredMember;
  const sweepOwn = own(30);
  const members = [
    inRecipe('A', 'A', [declaration, own(10)]),
    inRecipe('B', 'B', [declaration]),
    // The same object twice among the members' own: each member counts, as a member's own diagnostics are made for it alone.
    inRecipe('Sweep', 'Sweep[1]', [declaration, sweepOwn]),
    inRecipe('Sweep', 'Sweep[2]', [declaration, sweepOwn]),
  ];
  summary.add(members, () => 1);
  const diagnostics = summary.diagnostics();
  assert.equal(diagnostics.filter((d) => d === declaration).length, 1, 'the shared one once');
  assert.equal(diagnostics.length, 3);
  assert.match(diagnostics[2].message, /^2 of 2 members of Sweep/);
});

