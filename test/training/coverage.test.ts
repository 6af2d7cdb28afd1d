import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// The intervals the editor shows must mean what they say on chemistry the model has not seen. The
// E_form card records coverage on the untouched test split, per slice (source, size band, novelty,
// bimetallic rows); the site card under leave-host-out. Intervals that fall short of nominal on a
// slice large enough to judge must not ship.
const modelDir = path.resolve(__dirname, '../../models');
const MIN_SLICE = 30;
// A held-out slice of 30–400 rows, correlated within an element, has a sampling error of a few points.
const TOLERATED_SHORTFALL = 0.06;

type Slice = { n: number } & Record<string, { coverage: number; width: number } | number>;

function card(name: string) {
  return JSON.parse(readFileSync(path.join(modelDir, `${name}.card.json`), 'utf8'));
}

test('eform-v2: coverage on every test slice of 30 or more rows is near nominal at 80, 90 and 95 %', () => {
  const slices = card('eform-v2').coverage as Record<string, Slice>;
  const judged = Object.entries(slices).filter(([, s]) => s.n >= MIN_SLICE);
  assert.ok(judged.some(([name]) => name.startsWith('source ')) && judged.some(([name]) => name.startsWith('size ')),
    'slices by source and by size are measured');
  const short: string[] = [];
  for (const [name, s] of judged) {
    for (const level of ['0.8', '0.9', '0.95']) {
      const c = (s[level] as { coverage: number }).coverage;
      if (Number(level) - c > TOLERATED_SHORTFALL) short.push(`${name} ${level}: ${c.toFixed(3)}`);
    }
  }
  assert.deepEqual(short, []);
});

test('site-v2: leave-host-out 90 % coverage is near nominal', () => {
  const measured = card('site-v2').coverage['leave-host-out'];
  assert.ok(measured.n >= MIN_SLICE);
  assert.ok(0.9 - measured['0.9'].coverage <= TOLERATED_SHORTFALL, `coverage ${measured['0.9'].coverage}`);
});
