/**
 * A name far longer than any known one costs no did-you-mean search, and messages quote the
 * user's text shortened: a 1 MB unknown ligand name took 2.4 s to validate and made a 2.1 MB
 * message, sent again on every edit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../grammar/src/index';
import { quoted } from '../../grammar/src/diagnostics';

const long = 'Zq'.repeat(1 << 19); // 1 MiB

test('quoted text past 40 characters keeps its first 40 and an ellipsis, never half a surrogate pair', () => {
  assert.equal(quoted('Au'), "'Au'");
  assert.equal(quoted('a'.repeat(40)), `'${'a'.repeat(40)}'`);
  assert.equal(quoted('a'.repeat(41)), `'${'a'.repeat(40)}…'`);
  assert.equal(quoted('𝑃'.repeat(41)), `'${'𝑃'.repeat(40)}…'`);
});

test('a 1 MB unknown ligand name: compared with no candidate, its message quotes it shortened, its quick fix declares it whole', () => {
  const text = `recipe A {\n  host Au 4\n  dopant Pt 2\n  ligands ${long} x 2\n}\n`;
  const { diagnostics } = analyzeText(text);
  assert.deepEqual(diagnostics.map((d) => d.code), ['BM212']);
  assert.equal(diagnostics[0].message, `unknown ligand '${long.slice(0, 40)}…': not declared in this file nor built in; declare it: ligand ${long.slice(0, 40)}… = "SMILES"`);
  assert.equal((diagnostics[0].data as { declare: string }).declare, long);
});

test('the did-you-mean of a 1 MB ligand name reads it a bounded number of times, not once per known ligand', () => {
  // Each built-in was tested as a sure correction, which split the whole name into formula groups.
  const text = `recipe A {\n  host Au 4\n  dopant Pt 2\n  ligands ${long} x 2\n}\n`;
  const match = String.prototype.match;
  let charactersMatched = 0;
  String.prototype.match = function counted(this: string, ...args: Parameters<typeof match>) {
    charactersMatched += this.length;
    return match.apply(this, args);
  } as typeof match;
  try {
    assert.equal(analyzeText(text).diagnostics[0].code, 'BM212');
  } finally {
    String.prototype.match = match;
  }
  assert.ok(charactersMatched < 4 * long.length, `${charactersMatched / long.length} times the name`);
  // A name close to a built-in still gets it.
  const near = analyzeText(`recipe A {\n  host Au 4\n  dopant Pt 2\n  ligands PTE x 2\n}\n`).diagnostics[0];
  assert.equal((near.data as { replacements: string[] }).replacements[0], 'PET');
});

test('every message quotes at most 40 characters of a long word, whatever construct holds it', () => {
  const cases = [
    `recipe A {\n  host ${long} 4\n  dopant Pt 2\n}\n`,
    `recipe A {\n  host Au 4\n  dopant Pt 2\n  ${long.toLowerCase()} 3\n}\n`,
    `recipe A {\n  host Au 12\n  dopant Pt 1\n  topology ${long}\n}\n`,
    `recipe A {\n  host Au 12\n  dopant Pt 1\n  distance 2.8 ${long}\n}\n`,
    `recipe 4${long} {\n  host Au 12\n  dopant Pt 1\n}\n`,
    `recipe ${long} {\n  host Au 12\n  dopant Pt 1\n}\nrecipe ${long} {\n  host Au 12\n  dopant Pt 1\n}\n`,
    `${long}\n`,
    `recipe ${long} {\n  host Au 1..1000\n  dopant [Pt, Pd] 1..100\n}\n`,
    `recipe A {\n  host Au [[${'1,'.repeat(100_000)}1]]\n  dopant Pt 1\n}\n`,
  ];
  for (const text of cases) {
    const { diagnostics } = analyzeText(text);
    assert.ok(diagnostics.length > 0);
    for (const d of diagnostics) {
      const related = (d.related ?? []).map((r) => r.message).join('');
      assert.ok(d.message.length + related.length < 600, `${d.code}: ${d.message.length} + ${related.length} characters`);
    }
  }
});
