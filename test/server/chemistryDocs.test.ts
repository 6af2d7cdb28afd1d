// Ligand hover: the formula and mass are labelled as the molecule as written, and the bound form
// (less the H of each X-type binding atom) follows them (audit D5); an NHC binds through C (D4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_LIGANDS } from '../../engine/src/ligands';
import { ligandMarkdown } from '../../server/src/chemistryDocs';

function rows(markdown: string): Map<string, string> {
  return new Map(
    markdown
      .split('\n')
      .map((line) => /^\| (.+?) \| (.+) \|$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
}

test('a thiolate shows its thiol parent as written and the SR it binds as, with mass', async () => {
  const pet = BUILTIN_LIGANDS.PET;
  const shown = rows(await ligandMarkdown({ name: 'PET', smiles: pet.smiles, options: { binds: pet.binds }, origin: 'built-in library', count: 18 }));
  assert.equal(shown.get('formula (molecule as written)'), 'C8H10S');
  assert.equal(shown.get('mass (molecule as written)'), '138.23 g/mol');
  assert.equal(shown.get('bound form'), 'C8H9S- · 137.23 g/mol (the molecule less the H of its binding atom)');
  assert.equal(shown.has('formula'), false, 'no unlabelled formula under a thiolate name');
});

test('a halide, a phosphine and an NHC bind as written; the NHC binds through C', async () => {
  for (const smiles of [BUILTIN_LIGANDS.Cl.smiles, BUILTIN_LIGANDS.PPh3.smiles, 'CN1C=CN(C)[C]1']) {
    const shown = rows(await ligandMarkdown({ smiles, origin: 'SMILES' }));
    assert.equal(shown.get('bound form'), 'as written (no binding atom gives up an H)', smiles);
  }
  const nhc = rows(await ligandMarkdown({ name: 'IMe', smiles: 'Cn1cc[n+](C)[c-]1', origin: 'declared on line 1' }));
  assert.deepEqual([nhc.get('binding atoms'), nhc.get('class')], ['C (inferred)', 'other']);
});
