import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeAtomically, type WritableFileSystem } from '../../client/src/atomicWrite';

/**
 * Exports are atomic: a full disk or a read-only folder gives a clear error and leaves neither a
 * half-written CSV nor a temporary file. The file system is Node's, with the failure injected
 * where a real one would fail (as root, permissions cannot make a folder read-only here).
 */
let dir: string;
before(() => (dir = mkdtempSync(path.join(tmpdir(), 'bimetal-export-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

const nodeFs: WritableFileSystem<string> = {
  writeFile: (file, content) => fsp.writeFile(file, content),
  rename: (from, to) => fsp.rename(from, to),
  delete: (file) => fsp.rm(file),
};

const errno = (code: string) => Object.assign(new Error(`${code}: operation failed`), { code });
const csv = new TextEncoder().encode('recipe,eForm\n' + 'Au12Ag,-2.5\n'.repeat(10_000));

function setUp(name: string): { target: string; temporary: string } {
  const target = path.join(dir, name);
  writeFileSync(target, 'the previous export\n');
  return { target, temporary: path.join(dir, `.${name}.1234.tmp`) };
}

test('a successful export replaces the file whole and leaves no temporary file', async () => {
  const { target, temporary } = setUp('ok.csv');
  await writeAtomically(nodeFs, target, temporary, csv, 'ok.csv');
  assert.equal(readFileSync(target, 'utf8'), new TextDecoder().decode(csv));
  assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')));
});

test('a full disk in the middle of writing: a clear error, the old file intact, no partial file', async () => {
  const { target, temporary } = setUp('full.csv');
  const fullDisk: WritableFileSystem<string> = {
    ...nodeFs,
    // Half the bytes reach the disk, then there is no more room.
    writeFile: async (file, content) => {
      await fsp.writeFile(file, content.subarray(0, content.length / 2));
      throw errno('ENOSPC');
    },
  };
  await assert.rejects(writeAtomically(fullDisk, target, temporary, csv, 'full.csv'), /could not save full\.csv: the disk is full\. Nothing was written/);
  assert.equal(readFileSync(target, 'utf8'), 'the previous export\n');
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('full')), ['full.csv']);
});

test('a read-only folder (Node or VS Code error codes): a clear error and nothing written', async () => {
  for (const code of ['EROFS', 'EACCES', 'NoPermissions']) {
    const name = `readonly-${code}.csv`;
    const target = path.join(dir, name);
    const readOnly: WritableFileSystem<string> = { ...nodeFs, writeFile: async () => Promise.reject(errno(code)) };
    await assert.rejects(writeAtomically(readOnly, target, `${target}.tmp`, csv, name), /the folder is read-only, you may not write there, or the file is open in another program/);
    assert.ok(!readdirSync(dir).some((f) => f.startsWith(`readonly-${code}`)));
  }
});

test('a target another program holds open (Windows: EBUSY on the rename) is named as such, and the old export kept', async () => {
  const { target, temporary } = setUp('busy.csv');
  const busy: WritableFileSystem<string> = { ...nodeFs, rename: async () => Promise.reject(errno('EBUSY')) };
  await assert.rejects(writeAtomically(busy, target, temporary, csv, 'busy.csv'), /could not save busy\.csv: the file is open in another program \(close it there, e\.g\. in Excel, and save again\)/);
  assert.equal(readFileSync(target, 'utf8'), 'the previous export\n');
});

test('a failed rename removes the written temporary file and keeps the old export', async () => {
  const { target, temporary } = setUp('rename.csv');
  const failingRename: WritableFileSystem<string> = { ...nodeFs, rename: async () => Promise.reject(errno('EXDEV')) };
  await assert.rejects(writeAtomically(failingRename, target, temporary, csv, 'rename.csv'), /could not save rename\.csv: EXDEV/);
  assert.equal(readFileSync(target, 'utf8'), 'the previous export\n');
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('rename')), ['rename.csv']);
});
