/** The Markdown of hover cards and completion documentation, read as plain text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth, markdownToPlainText } from '../../server/src/plainText';

test('tables become aligned columns under a dashed rule, following the delimiter row’s alignment', () => {
  const markdown = ['| descriptor | value | unit |', '| --- | ---: | --- |', '| H_mix | 4.0 | kJ/mol |', '| D̃ | 0.365 | |', '| logP(PET) × 18 | −12.16 | Crippen \\| RDKit |'].join('\n');
  assert.equal(
    markdownToPlainText(markdown),
    [
      'descriptor       value  unit',
      '--------------  ------  ---------------',
      'H_mix              4.0  kJ/mol',
      'D̃                0.365',
      'logP(PET) × 18  −12.16  Crippen | RDKit',
    ].join('\n'),
  );
});

test('an escaped pipe in a table cell is a pipe, inside a code span too', () => {
  assert.equal(markdownToPlainText('| a | b |\n| --- | --- |\n| SMILES | `C\\|C` |'), 'a       b\n------  ---\nSMILES  C|C');
});

test('emphasis, code spans, escapes and links lose their markup; words with underscores keep theirs', () => {
  assert.equal(markdownToPlainText('**Au12Ag** · `Au12Ag(PET)18`'), 'Au12Ag · Au12Ag(PET)18');
  assert.equal(markdownToPlainText('E_form **−2.74 eV/atom**, χ_env and H_mix'), 'E_form −2.74 eV/atom, χ_env and H_mix');
  assert.equal(markdownToPlainText('_a note_ and *this*'), 'a note and this');
  assert.equal(markdownToPlainText('**my\\_recipe\\*2** — see [BM101](https://example.org/d#bm101)'), 'my_recipe*2 — see BM101 (https://example.org/d#bm101)');
  assert.equal(markdownToPlainText('`C\\*C|S` stays verbatim'), 'C\\*C|S stays verbatim');
});

test('emphasis around a code span, or around words with underscores, loses its underscores; the words keep theirs', () => {
  // The model scope line of a hover card, as hover.ts writes it.
  assert.equal(markdownToPlainText('_`eform-v2` trained on: Au\\_Ag; not trained on: E\\_form of thiolates_'), 'eform-v2 trained on: Au_Ag; not trained on: E_form of thiolates');
  assert.equal(markdownToPlainText('_E_form and ΔE_env of H_mix_'), 'E_form and ΔE_env of H_mix');
  assert.equal(markdownToPlainText('_a note on H_mix_ and E_form'), 'a note on H_mix and E_form');
  assert.equal(markdownToPlainText('**`Au12Ag`** and snake_case_name'), 'Au12Ag and snake_case_name');
});

test('headings, quotes and list markers read as text; fenced code is kept as written', () => {
  assert.equal(markdownToPlainText('## Lowest E_form\n* `Au12Ag` A: −2.70\n> quoted **bold**'), 'Lowest E_form\n- Au12Ag A: −2.70\nquoted bold');
  assert.equal(markdownToPlainText('```\n| a | **b** |\n```\nafter'), '| a | **b** |\nafter');
});

test('display width ignores combining marks', () => {
  assert.equal(displayWidth('D̃'), 1);
  assert.equal(displayWidth('χ_env'), 5);
});
