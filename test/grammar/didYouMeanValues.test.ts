/**
 * The did-you-mean of a misspelt property (BM218) judged by every value after it on its line
 * (following.ts, parser.ts valueAhead), over random lines: it never throws, takes time about linear
 * in the line's length, and never prefers a keyword whose fix leaves an error on the line where
 * another candidate's would leave none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../grammar/src/parse';
import { validateDocument } from '../../grammar/src/validate';
import { suggestClosest } from '../../grammar/src/suggest';
import { PROPERTY_NAMES } from '../../grammar/src/vocabulary';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import { seededRandom } from '../helpers/random';

/** One edit from a property each: a deletion, a swap, a doubled or a changed letter. */
const MISSPELT = ['hots', 'dopnt', 'topolgy', 'sitte', 'lignads', 'suport', 'distnce', 'chrage', 'enrgy', 'siteEnrgy', 'nte', 'structre'];
/** Values and slips of every kind the language has, and some it has not. */
const TOKENS = [
  'Au', 'Pt', 'Cl', 'Br', 'B', 'PET', 'Thiol', 'icosahedron', 'fcc', 'core', 'surface', 'mixed', 'oxide', 'none', 'NC',
  '12', '1', '8', '2.9', '-3', '1e3', '1..4', '[Au, Ag]', '[1, 2]', '[2, 4..6]', '[]', '[Au', 'x', 'X', ',', '=', '..', ']', '[', '{', '}',
  '"note"', '"CCS"', '"open', 'Å', 'eV', 'nm', 'meV', 'Angstrom', 'ü', '日本', '😀', '#', '//', '\\', '@', '4-MBA',
];

const errorsIn = (diagnostics: readonly BimetalDiagnostic[], start: number, end: number) =>
  diagnostics.filter((d) => d.severity === 'error' && d.range.start >= start && d.range.start < end);

function diagnose(text: string): BimetalDiagnostic[] {
  const { ast, diagnostics } = parseDocument(text);
  return [...diagnostics, ...validateDocument(ast)];
}

const PREFIX = 'recipe R {\n  ';

/** The errors on the property's line with `keyword` in the misspelt word's place. */
function lineErrors(keyword: string, values: string): BimetalDiagnostic[] {
  const text = `${PREFIX}${keyword} ${values}\n}\n`;
  return errorsIn(diagnose(text), PREFIX.length, PREFIX.length + keyword.length + 1 + values.length);
}

test('a misspelt property\'s preferred fixes leave its line clean wherever some candidate\'s fix would', () => {
  const random = seededRandom(218);
  let preferred = 0;
  let checked = 0;
  for (let k = 0; k < 4000; k++) {
    const word = MISSPELT[Math.floor(random() * MISSPELT.length)];
    const values = Array.from({ length: 1 + Math.floor(random() * 3) }, () => TOKENS[Math.floor(random() * TOKENS.length)]).join(' ');
    const text = `${PREFIX}${word} ${values}\n}\n`;
    const found = diagnose(text).find((d) => d.code === 'BM218' && d.range.start === PREFIX.length);
    const data = found?.data as { replacements?: string[]; unsure?: boolean } | undefined;
    if (!data?.replacements) continue;
    checked++;
    const clean = suggestClosest(word, PROPERTY_NAMES).filter((candidate) => lineErrors(candidate, values).length === 0);
    if (clean.length === 0) continue;
    const line = `${word} ${values}`;
    assert.ok(!data.unsure, `${line}: ${clean.join(', ')} would leave the line clean, but no fix is preferred (offered: ${data.replacements.join(', ')})`);
    for (const keyword of data.replacements) {
      preferred++;
      assert.deepEqual(lineErrors(keyword, values).map((d) => `${d.code} ${d.message}`), [], `${line}: ${keyword} is preferred, ${clean.join(', ')} would leave the line clean`);
    }
  }
  assert.ok(checked > 1000 && preferred > 100, `${checked} lines with a did-you-mean, ${preferred} preferred fixes`);
});

test('a misspelt property followed by 10,000 values on its line, unicode and an unterminated string among them, is diagnosed in time about linear in the line', () => {
  const random = seededRandom(10_000);
  const soup = (n: number) => Array.from({ length: n }, () => TOKENS[Math.floor(random() * TOKENS.length)]).join(' ');
  const time = (values: string) => {
    const started = performance.now();
    const diagnostics = diagnose(`${PREFIX}lignads ${values}\n}\n`);
    assert.ok(diagnostics.some((d) => d.code === 'BM218'));
    return performance.now() - started;
  };
  time(soup(1000));
  const short = Math.min(time(soup(1000)), time(soup(1000)));
  const long = Math.min(time(soup(10_000)), time(soup(10_000)));
  // Ten times the values: linear would be 10×; a loose bound that only a quadratic walk breaks.
  assert.ok(long < 40 * short + 200, `1,000 values ${short.toFixed(0)} ms, 10,000 values ${long.toFixed(0)} ms`);
  assert.ok(long < 5000, `${long.toFixed(0)} ms`);
});
