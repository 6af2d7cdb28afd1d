import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { bundlesAreCurrent } from './build';

test('bundles are current only while no input listed in their metafile is newer than them', (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'bimetal-build-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.equal(bundlesAreCurrent(root), false, 'no dist at all');
  mkdirSync(path.join(root, 'dist'));
  mkdirSync(path.join(root, 'src'));
  assert.equal(bundlesAreCurrent(root), false, 'no metafile');
  const at = (file: string, seconds: number) => {
    writeFileSync(path.join(root, file), '');
    utimesSync(path.join(root, file), seconds, seconds);
  };
  at('src/a.ts', 1000);
  at('src/b.ts', 1000);
  at('dist/x.js', 2000);
  at('dist/x.js.map', 2000);
  writeFileSync(path.join(root, 'dist', 'meta-x.json'), JSON.stringify({ inputs: { 'src/a.ts': {}, 'src/b.ts': {} }, outputs: { 'dist/x.js': {}, 'dist/x.js.map': {} } }));
  assert.equal(bundlesAreCurrent(root), true);
  at('src/b.ts', 3000);
  assert.equal(bundlesAreCurrent(root), false, 'an input edited after the build');
  at('src/b.ts', 1000);
  rmSync(path.join(root, 'src', 'a.ts'));
  assert.equal(bundlesAreCurrent(root), false, 'an input that is gone');
  at('src/a.ts', 1000);
  writeFileSync(path.join(root, 'dist', 'meta-x.json'), '{"inputs": {"src/a.ts"');
  assert.equal(bundlesAreCurrent(root), false, 'a metafile another build is writing');
  writeFileSync(path.join(root, 'dist', 'meta-x.json'), JSON.stringify({ inputs: { 'src/a.ts': {} }, outputs: { 'dist/x.js': {} } }));
  assert.equal(bundlesAreCurrent(root), true);
  rmSync(path.join(root, 'dist', 'x.js'));
  assert.equal(bundlesAreCurrent(root), false, 'a bundle that is gone');
});
