import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeText } from '../../grammar/src/index';
import { StructureFiles } from '../../pipeline/src/structureStage';

/**
 * The structure stage answers a member that names no structure file at once, without a promise:
 * the scorer asks for every member of a batch, and an await for each cost a sweep a promise and a
 * turn of the microtask queue per member. A member that names a file gets its reading as before.
 */
test('a member without a structure file gets its result at once; one with a file gets it through a promise', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-structure-stage-'));
  try {
    writeFileSync(path.join(dir, 'dimer.xyz'), '2\nAuPt dimer\nAu 0 0 0\nPt 0 0 2.75\n');
    const [bare, withFile, missing] = analyzeText(
      [
        'recipe Bare {\n  host Au 1\n  dopant Pt 1\n}',
        'recipe FromFile {\n  host Au 1\n  dopant Pt 1\n  structure "dimer.xyz"\n}',
        'recipe Missing {\n  host Au 1\n  dopant Pt 1\n  structure "absent.xyz"\n}',
      ].join('\n'),
    ).members;
    const structureOf = new StructureFiles().forDocument({ baseDir: dir });

    const none = structureOf(bare);
    assert.ok(!(none instanceof Promise), 'a member without a file must not wait for a promise');
    assert.deepEqual({ geometry: none.geometry, diagnostics: none.diagnostics }, { geometry: undefined, diagnostics: [] });

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
