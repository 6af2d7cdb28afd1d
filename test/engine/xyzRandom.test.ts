/**
 * parseXyz (engine/src/geometry/xyz.ts) on random XYZ texts: it never throws (docs/descriptors.md:
 * "These calls never throw"), and a file it reads has one core or surface label per metal atom
 * and a finite D. The texts mix valid atom lines with the slips and extremes a file can hold:
 * symbols in any case and atomic numbers, non-metals, extended-XYZ headers right and wrong,
 * i-PI units, coordinates at the bounds a double or a distance allows, short and swapped lines,
 * wrong counts, CRLF, further frames.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXyz } from '../../engine/src/geometry/xyz';
import { seededRandom } from '../helpers/random';

const ODD_NUMBERS = ['0', '-0', '1e-160', '1e-300', '1e152', '-1e153', '1e153', '1.1e153', '3.', '.5', '1e-400', '1e400', 'nan', '0x1', '+2', '1E5', '0'.repeat(30) + '1', '9'.repeat(400)];
const ODD_SPECIES = ['au', 'PT', '79', '0', '119', 'S', 'C', 'X', 'Xx', '46', 'H'];
const HEADERS = [
  'Properties=species:S:1:pos:R:3',
  'Properties=pos:R:3:species:S:1',
  'Properties=species:S:1:pos:R:3:forces:R:3',
  'Properties=species:S:0:pos:R:3',
  'Properties="species:S:1:pos:R:3"',
  'Properties=a:b',
  'Properties=species:S:1e400:pos:R:3',
  'positions{atomic_unit}',
  'positions{constructor}',
  'positions{angstrom} Properties=species:S:1:pos:R:3',
];

test('random XYZ texts never make parseXyz throw, and what it reads has one label per metal atom and a finite D', () => {
  const random = seededRandom(316);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const coordinate = () => (random() < 0.97 ? ((random() - 0.5) * 12).toFixed(3) : pick(ODD_NUMBERS));
  let read = 0;
  for (let k = 0; k < 5000; k++) {
    const n = 1 + Math.floor(random() * 12);
    const lines = Array.from({ length: n + (random() < 0.9 ? 0 : Math.floor(random() * 3) - 1) }, () => {
      const fields = [random() < 0.85 ? pick(['Au', 'Pt', 'Pd']) : pick(ODD_SPECIES), coordinate(), coordinate(), coordinate()];
      if (random() < 0.2) fields.push(coordinate(), coordinate(), coordinate());
      if (random() < 0.01) fields.reverse();
      if (random() < 0.01) fields.length = Math.floor(random() * 4);
      return fields.join(random() < 0.9 ? ' ' : '\t');
    });
    const count = random() < 0.95 ? String(n) : pick(['', '-1', '1e2', ' 3 ', '99999999999999999999', '٣']);
    const header = random() < 0.8 ? 'comment' : pick(HEADERS);
    const frames = random() < 0.1 ? ['', String(n), 'next', ...lines] : [];
    const text = [count, header, ...lines, ...frames].join(random() < 0.8 ? '\n' : '\r\n');
    const result = parseXyz(text);
    if ('error' in result) continue;
    read++;
    assert.equal(result.labels.length, result.elements.length, JSON.stringify(text));
    assert.ok(result.labels.every((label) => label === 'core' || label === 'surface'), JSON.stringify(text));
    assert.ok(Number.isFinite(result.meanNearestNeighbourDistance), JSON.stringify(text));
  }
  assert.ok(read > 1000, `${read} of 5,000 texts read`);
});
