import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createScorer } from '../../pipeline/src/index';

// Example comments that quote a φ ("φ = −0.48 for NAME") must quote what Bimetal computes for
// that recipe, so a comment can never again claim a value the tool contradicts.
const EXAMPLES = path.resolve(__dirname, '../../examples');
const CLAIM = /φ = ([−-]?\d+\.\d+) for ([A-Za-z0-9_]+)/g;

function commentText(source: string): string {
  return source
    .split('\n')
    .filter((line) => line.trimStart().startsWith('#'))
    .map((line) => line.replace(/^\s*#\s?/, ''))
    .join(' ');
}

test('every φ an example comment quotes for a recipe is the φ Bimetal computes for it', { timeout: 120_000 }, async () => {
  const scorer = createScorer({ modelDir: '/nonexistent-models' });
  let claims = 0;
  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.bimetal'))) {
    const source = readFileSync(path.join(EXAMPLES, file), 'utf8');
    const quoted = [...commentText(source).matchAll(CLAIM)];
    if (quoted.length === 0) continue;
    const doc = await scorer.scoreText(source, { file, baseDir: EXAMPLES });
    for (const [, value, recipe] of quoted) {
      const record = doc.records.find((r) => r.recipe === recipe);
      assert.ok(record, `${file}: the comment quotes φ for ${recipe}, which is no recipe of the file`);
      const phi = record.descriptors?.phi;
      assert.equal(typeof phi, 'number', `${file}: ${recipe} has no φ`);
      assert.equal((phi as number).toFixed(2), Number(value.replace('−', '-')).toFixed(2), `${file}: the comment quotes φ = ${value} for ${recipe}`);
      claims++;
    }
  }
  assert.ok(claims >= 2, `the examples quote φ values (found ${claims})`);
});
