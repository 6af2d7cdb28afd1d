import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeText } from '../../grammar/src/index';
import { StructureFiles } from '../../pipeline/src/structureStage';
import { TimeSlices } from '../../report/src/timeSlices';

/**
 * The structure stage's contract with the scorer: the files a document's recipes name are located
 * and read once, before scoring, so that the scorer then looks up each member's structure without
 * waiting (it asks for every member of a batch, and awaiting each cost a sweep a promise and a turn
 * of the microtask queue per member).
 */
const analysed = (...bodies: string[]) => analyzeText(bodies.map((body, i) => `recipe R${i} {\n  host Au ${i === 0 ? '1' : '[1, 2]'}\n  dopant Pt 1\n${body}}`).join('\n'));

test('a member without a structure file gets the empty structure result, not a promise', async () => {
  const { members, families } = analysed('');
  const result = (await new StructureFiles().forDocument(families, {}))(members[0]);
  assert.ok(!(result instanceof Promise), 'a member without a file must not wait for a promise');
  assert.deepEqual(result, { stamp: '', diagnostics: [] });
});

test('the files named by the recipes are read before scoring: every member, file or not, gets its result at once', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-structure-stage-'));
  try {
    writeFileSync(path.join(dir, 'dimer.xyz'), '2\nAuPt dimer\nAu 0 0 0\nPt 0 0 2.75\n');
    // R1 is a family of two: Au1Pt1 fits the dimer, Au2Pt1 holds one metal atom more than the file.
    const { members, families } = analysed('', '  structure "dimer.xyz"\n', '  structure "absent.xyz"\n');
    const structureOf = await new StructureFiles().forDocument(families, { baseDir: dir });
    const [bare, fits, tooLarge, missingSmall] = members.map(structureOf);
    for (const result of [bare, fits, tooLarge, missingSmall]) assert.ok(!(result instanceof Promise));

    assert.equal(bare.geometry, undefined);
    assert.equal(fits.geometry?.elements.length, 2);
    assert.deepEqual(fits.diagnostics, []);
    assert.deepEqual(tooLarge.diagnostics.map((d) => d.code), ['BM311']);
    assert.equal(missingSmall.geometry, undefined);
    assert.match(missingSmall.diagnostics[0]?.message ?? '', /absent\.xyz" not found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a member whose file no recipe head names is an error of the caller, said as such', async () => {
  const withFile = analysed('', '  structure "dimer.xyz"\n');
  const structureOf = await new StructureFiles().forDocument(analysed('').families, {});
  assert.throws(() => structureOf(withFile.members[1]), /"dimer\.xyz" is named by a member but by none of its document's recipe heads/);
});

test("between files, the editor's time slices hand the event loop a turn, and an aborted run stops there", async () => {
  // Files refused without I/O (an untrusted workspace) resolve in microtasks alone: only the slices let a timer, or an edit, in.
  const { families } = analyzeText(Array.from({ length: 50 }, (_, i) => `recipe R${i} {\n  host Au 1\n  dopant Pt 1\n  structure "f${i}.xyz"\n}`).join('\n'));
  let turns = 0;
  const counting = setInterval(() => turns++, 0);
  try {
    const structureOf = await new StructureFiles().forDocument(families, { trusted: false }, new TimeSlices(undefined, 0));
    assert.ok(turns > 0, 'the event loop had a turn while the files were located');
    assert.match(structureOf(analyzeText('recipe R {\n  host Au 1\n  dopant Pt 1\n  structure "f7.xyz"\n}').members[0]).diagnostics[0].message, /f7\.xyz/);
  } finally {
    clearInterval(counting);
  }
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(new StructureFiles().forDocument(families, { trusted: false }, new TimeSlices(aborted.signal, 0)), { name: 'AbortError' });
});

test('a file of several frames is read at its first with a warning on the path (BM317), one with a metal atom far from the others warned of (BM318); an empty path is said to be empty', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-structure-frames-'));
  try {
    // An optimisation's first step and its last: only the first is read.
    writeFileSync(path.join(dir, 'steps.xyz'), '2\nstep 1\nAu 0 0 0\nPt 0 0 2.95\n2\nstep 2\nAu 0 0 0\nPt 0 0 2.75\n');
    // A dimer and a stray Au 1000 Å away.
    writeFileSync(path.join(dir, 'stray.xyz'), '3\nc\nAu 0 0 0\nPt 0 0 2.8\nAu 1000 0 0\n');
    const { members, families } = analyzeText(
      'recipe R {\n  host Au 1\n  dopant Pt 1\n  structure "steps.xyz"\n}\nrecipe E {\n  host Au 1\n  dopant Pt 1\n  structure ""\n}\nrecipe S {\n  host Au 2\n  dopant Pt 1\n  structure "stray.xyz"\n}\n',
    );
    const structureOf = await new StructureFiles().forDocument(families, { baseDir: dir });
    const [steps, empty, stray] = members.map(structureOf);
    assert.deepEqual(stray.diagnostics.map((d) => [d.code, d.severity]), [['BM318', 'warning']]);
    // Named by its line, which is what to correct.
    assert.equal(
      stray.diagnostics[0].message,
      'the metal atom on line 5 of the structure file lies more than 2 × D from every atom of the cluster: no part of it, yet counted as a surface atom; correct its coordinates or remove it',
    );
    assert.equal(steps.geometry?.meanNearestNeighbourDistance, 2.95);
    assert.deepEqual(steps.diagnostics.map((d) => [d.code, d.severity]), [['BM317', 'warning']]);
    assert.match(steps.diagnostics[0].message, /^the structure file holds 2 frames \(the steps of an optimisation, or several structures\); only the first is read/);
    assert.deepEqual(empty.diagnostics.map((d) => d.code), ['BM310']);
    assert.match(empty.diagnostics[0].message, /^the structure path is empty: name an XYZ file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
