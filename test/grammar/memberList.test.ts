import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFamilies, analyzeText, everyNth, memberArray, type MemberList } from '../../grammar/src/index';

/**
 * Members made a slice at a time (analyzeFamilies, for a batch) are the members analyzeText expands
 * at once, wherever the slices start and end, and so are every N-th of them (`--shard`).
 */
const TEXT = `ligand Thiol = "SCCc1ccccc1" binds S
recipe Single {
  host Au 12
  dopant Pt 1
}
recipe Sweep {
  host [Au, Ag] 1..7
  dopant [Pt, Pd, Cu] 1..5
  ligands Thiol x [2, 4..5], PET x 1..2
}
recipe Broken {
  host Au 12
  dopant Qq 1
}
recipe Pairs {
  host [Cu, Ag] 10
  dopant Ni 1..3
  support zeolite MFI
}
`;

const names = (list: MemberList, start: number, end: number) => list.slice(start, end).map((m) => m.name);

test('any slice of the lazily made members is that slice of the expanded members, member for member', () => {
  const eager = analyzeText(TEXT);
  const lazy = analyzeFamilies(TEXT);
  assert.equal(lazy.members.length, eager.members.length);
  assert.equal(eager.members.length, 1 + 2 * 7 * 3 * 5 * 3 * 2 + 2 * 3);
  assert.deepEqual(lazy.diagnostics, eager.diagnostics);
  assert.ok(eager.diagnostics.some((d) => d.severity === 'error'), 'Broken is not expanded');
  assert.deepEqual(lazy.members.slice(0, lazy.members.length), eager.members);
  // Slices that start and end inside a family and across families, and past the end.
  for (const [start, end] of [[0, 1], [1, 2], [5, 97], [200, 632], [629, 640], [1259, 1263], [1265, 1300]]) {
    assert.deepEqual(lazy.members.slice(start, end), eager.members.slice(start, end), `${start}..${end}`);
  }
});

test('each recipe with members is one family: its first member and its size, in file order', () => {
  const lazy = analyzeFamilies(TEXT);
  const heads = (list: MemberList) => list.families.map((f) => [f.first.name, f.size]);
  const expected = [
    ['Single', 1],
    ['Sweep[host=Au,hostCount=1,dopant=Pt,dopantCount=1,ThiolCount=2,PETCount=1]', 1260],
    ['Pairs[host=Cu,dopantCount=1]', 6],
  ];
  assert.deepEqual(heads(lazy.members), expected);
  const { members, families } = analyzeText(TEXT);
  assert.deepEqual(heads(memberArray(members, families)), expected);
  // The eager heads stand on the very members of the array, and each has the key of its lazy family.
  families.forEach((head, i) => {
    assert.equal(head.first, members[families.slice(0, i).reduce((n, f) => n + f.size, 0)]);
    assert.equal(head.contentKey, lazy.members.families[i].contentKey);
  });
});

test('every N-th member from a first position: the members at those positions, with each family counted in its part', () => {
  const { members: eager, families } = analyzeText(TEXT);
  for (const list of [analyzeFamilies(TEXT).members, memberArray(eager, families)]) {
    for (const [first, step] of [[0, 1], [0, 7], [3, 7], [6, 7], [1, 500], [636, 2], [1259, 3], [1266, 4], [1267, 1]]) {
      const part = everyNth(list, first, step);
      const positions = eager.map((_, i) => i).filter((i) => i >= first && (i - first) % step === 0);
      assert.deepEqual(names(part, 0, part.length), positions.map((i) => eager[i].name), `${first} + k·${step}`);
      assert.deepEqual(names(part, 2, 5), positions.slice(2, 5).map((i) => eager[i].name));
      const byRecipe = new Map<string, number>();
      for (const i of positions) byRecipe.set(eager[i].recipe, (byRecipe.get(eager[i].recipe) ?? 0) + 1);
      assert.deepEqual(
        part.families.map((f) => [f.first.recipe, f.size]),
        [...byRecipe],
      );
      assert.deepEqual(part.families.map((f) => f.first.name), [...byRecipe.keys()].map((recipe) => eager[positions.find((i) => eager[i].recipe === recipe)!].name));
    }
  }
});

test('a family of ten million members is analysed without making them; any slice names its positions', () => {
  const lazy = analyzeFamilies('recipe Huge {\n  host Au 1..10000\n  dopant Pt 1..1000\n}\n', { maxFamilySize: 10_000_000 });
  assert.equal(lazy.members.length, 10_000_000);
  assert.deepEqual(names(lazy.members, 5_000_998, 5_001_001), [
    'Huge[hostCount=5001,dopantCount=999]',
    'Huge[hostCount=5001,dopantCount=1000]',
    'Huge[hostCount=5002,dopantCount=1]',
  ]);
});
