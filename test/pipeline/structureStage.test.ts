import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeText } from '../../grammar/src/index';
import { StructureFiles } from '../../pipeline/src/structureStage';

/**
 * The structure stage's contract with the scorer: a member that names no structure file gets its
 * result at once, not a promise, because the scorer asks for every member of a batch and awaiting
 * each cost a sweep a promise and a turn of the microtask queue per member. (That the scorer then
 * skips the await is its own business: this pins the stage's side.) A member that names a file
 * still gets its reading through a promise.
 */
const members = (...bodies: string[]) => analyzeText(bodies.map((body, i) => `recipe R${i} {\n  host Au 1\n  dopant Pt 1\n${body}}`).join('\n')).members;

test('a member without a structure file gets the empty structure result at once, not a promise', () => {
  const [bare] = members('');
  const result = new StructureFiles().forDocument({})(bare);
  assert.ok(!(result instanceof Promise), 'a member without a file must not wait for a promise');
  assert.deepEqual(result, { stamp: '', diagnostics: [] });
});

test('a member that names a structure file gets its reading, or why there is none, through a promise', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-structure-stage-'));
  try {
    writeFileSync(path.join(dir, 'dimer.xyz'), '2\nAuPt dimer\nAu 0 0 0\nPt 0 0 2.75\n');
    const [withFile, missing] = members('  structure "dimer.xyz"\n', '  structure "absent.xyz"\n');
    const structureOf = new StructureFiles().forDocument({ baseDir: dir });

    const read = structureOf(withFile);
    assert.ok(read instanceof Promise);
    const result = await read;
    assert.equal(result.geometry?.elements.length, 2);
    assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);

    const refused = await structureOf(missing);
    assert.equal(refused.geometry, undefined);
    assert.match(refused.diagnostics[0]?.message ?? '', /absent\.xyz" not found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
