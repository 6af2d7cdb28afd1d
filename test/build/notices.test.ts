/**
 * THIRD_PARTY_NOTICES.md against what the bundles carry: every npm package an esbuild metafile of
 * the last build (`dist/meta-*.json`) lists as an input of a shipped bundle has its row in the
 * notices' software table, at the version installed, under the licence its package.json states.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageOf, readBundles } from './bundleRules';

const ROOT = path.resolve(__dirname, '..', '..');
const NOTICES = readFileSync(path.join(ROOT, 'THIRD_PARTY_NOTICES.md'), 'utf8');

/** The software table's rows: package → version and licence. */
function noticedPackages(): Map<string, { version: string; licence: string }> {
  const software = NOTICES.slice(NOTICES.indexOf('## Software'), NOTICES.indexOf('\n## ', NOTICES.indexOf('## Software') + 1));
  const rows = new Map<string, { version: string; licence: string }>();
  for (const line of software.split('\n')) {
    const cells = /^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \|/.exec(line);
    if (cells) rows.set(cells[1], { version: cells[2].trim(), licence: cells[3].trim() });
  }
  return rows;
}

test('every npm package in a shipped bundle has its row in THIRD_PARTY_NOTICES.md, at the installed version and licence', () => {
  const noticed = noticedPackages();
  assert.ok(noticed.size > 10, 'the software table is read');
  // Each bundled package by the folder it was bundled from: a nested copy has its own version.
  const bundled = new Map<string, string>();
  for (const bundle of readBundles()) {
    for (const input of Object.keys(bundle.meta.outputs[bundle.file].inputs)) {
      const at = input.lastIndexOf('node_modules/');
      if (at >= 0) bundled.set(`${input.slice(0, at)}node_modules/${packageOf(input)}`, packageOf(input));
    }
  }
  assert.ok(new Set(bundled.values()).has('onnxruntime-web'), 'the metafiles are read');
  for (const [folder, name] of [...bundled].sort()) {
    const row = noticed.get(name);
    assert.ok(row, `${name} is bundled but has no row in THIRD_PARTY_NOTICES.md`);
    const manifest = JSON.parse(readFileSync(path.join(ROOT, folder, 'package.json'), 'utf8')) as { version: string; license: string };
    assert.equal(row.version, manifest.version, `${name}'s version`);
    assert.equal(row.licence, manifest.license, `${name}'s licence`);
  }
});
