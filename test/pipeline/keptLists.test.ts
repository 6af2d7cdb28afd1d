/**
 * The editor's scorer keeps every scored member, so the lists each member holds are allocated at
 * their length: an array grown by push keeps room for 17 items, one built by spreading for 20, and
 * for the 10,000-recipe mixed file that spare room was 6.5 MB of the 50.7 MB scoring kept
 * (`npm run bench -- server`). The snapshot is read by test/helpers/heapLists.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { createScorer } from '../../pipeline/src/index';
import { DESCRIPTOR_KEYS } from '../../report/src/quantities';
import { instancesOf, listsIn, propertyStoresIn, type Snapshot } from '../helpers/heapLists';

const ROOT = path.join(__dirname, '..', '..');

/** A bare core, a ligand-protected cluster with two ligands, and a supported pair, as the mixed screening file has. */
const RECIPES = `ligand Thiol = "CCCCS" binds S
recipe Bare {
  host     Au 12
  dopant   Pt 1
  topology icosahedron
  site     core
}
recipe Protected {
  host     Ag 25
  dopant   Ni 2
  ligands  Thiol x 8, "SCC(=O)O" x 2
}
recipe Supported {
  host     Pd 1
  dopant   Co 1
  support  zeolite MFI
  distance 3.4 Å
}
`;

test('the lists kept for each scored member hold exactly their items', async () => {
  // Models in a worker thread, as in the language server: predictions come back through the wire format.
  const scorer = createScorer({ modelDir: path.join(ROOT, 'models'), inference: 'worker' });
  const file = path.join(os.tmpdir(), `bimetal-kept-lists-${process.pid}.heapsnapshot`);
  try {
    const scored = await scorer.scoreText(RECIPES, { file: 'kept.bimetal' });
    assert.equal(scored.members.length, 3);
    assert.ok(scored.members.every((m) => m.prediction !== null), 'every member is predicted');
    writeHeapSnapshot(file);
    const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    const lists = [
      ...listsIn(heap, 'RecordOnDemand', [], ['diagnostics']),
      ...listsIn(heap, 'AnalysedMember', ['prediction', 'site'], ['terms', 'domainReasons']),
      ...listsIn(heap, 'AnalysedMember', [], ['findings']).filter((l) => l.items > 0),
    ];
    const kinds = new Set(lists.map((l) => l.where));
    for (const kind of ['RecordOnDemand.diagnostics', 'AnalysedMember.prediction.terms', 'AnalysedMember.prediction.domainReasons', 'AnalysedMember.findings']) {
      assert.ok(kinds.has(kind), `the snapshot shows ${kind}`);
    }
    const slack = lists.filter((l) => l.slots !== l.items);
    assert.deepEqual(slack, [], 'lists with room beyond their items');
    // Fields given after an object was made go to a store of their own: 40 bytes more in each analysis and diagnostic kept.
    const { reached, stores } = propertyStoresIn(heap, 'RecordOnDemand', ['analysis', 'kept', 'diagnostics']);
    for (const where of ['RecordOnDemand.analysis', 'RecordOnDemand.analysis.kept', 'RecordOnDemand.diagnostics[]']) {
      assert.ok(reached.has(where), `the snapshot shows ${where}`);
    }
    assert.deepEqual(stores, [], 'kept objects with a separate property store');
  } finally {
    rmSync(file, { force: true });
    await scorer.dispose();
  }
});

/** The heap as a V8 snapshot (written to `file`, then read). */
function heapSnapshot(file: string): Snapshot {
  writeHeapSnapshot(file);
  return JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
}

const DESCRIPTOR_CLASSES = ['KindDescriptor', 'PhiDescriptor', 'MixingDescriptor'];

test('a kept member holds its descriptor values packed, no descriptor objects, and its records and descriptors read as before', async () => {
  // A φ threshold of its own, a structure file's distance and null descriptors (a ligand that cannot be described): what a packed member is computed again from.
  const options = { modelDir: path.join(ROOT, 'models'), phiThreshold: 0.5 };
  const editor = createScorer({ ...options, inference: 'worker' });
  const batch = createScorer({ ...options, batch: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bimetal-kept-descriptors-'));
  const file = path.join(dir, 'heap.heapsnapshot');
  writeFileSync(path.join(dir, 'dimer.xyz'), '2\nAuPt dimer\nAu 0 0 0\nPt 0 0 2.75\n');
  const text = `${RECIPES}recipe Filed {\n  host Au 1\n  dopant Pt 1\n  structure "dimer.xyz"\n}\nrecipe Undescribed {\n  host Au 12\n  dopant Pd 1\n  ligands "C(" x 4\n}\n`;
  const context = { file: 'kept.bimetal', baseDir: dir };
  try {
    // Before any member: the classes' prototypes, which the snapshot names as their objects.
    const before = heapSnapshot(file);
    const kept = await editor.scoreText(text, context);
    const after = heapSnapshot(file);
    assert.equal(instancesOf(after, 'RecordOnDemand'), 5);
    // Eleven descriptors a member were kept as computed, with their values boxed.
    for (const name of DESCRIPTOR_CLASSES) assert.equal(instancesOf(after, name), instancesOf(before, name), `${name} objects kept`);
    // Eight values a member, each in the array itself (no item is a pointer to a boxed number).
    assert.deepEqual(
      listsIn(after, 'RecordOnDemand', ['analysis', 'kept'], ['values']).map(({ items, slots }) => ({ items, slots })),
      Array(5).fill({ items: 0, slots: DESCRIPTOR_KEYS.length }),
    );
    // A batch keeps each member's descriptors as computed; the editor's are packed and computed anew when read.
    const computed = await batch.scoreText(text, context);
    assert.deepEqual(kept.records, computed.records);
    const [, protectedRecord, , filed, undescribed] = kept.records;
    assert.equal(protectedRecord.descriptors?.phiThreshold, 0.5);
    assert.equal(filed.descriptors?.distance, 2.75);
    assert.equal(undescribed.descriptors?.chiEnv, null);
    kept.members.forEach((m, i) => {
      assert.deepEqual(JSON.parse(JSON.stringify(m.descriptors)), JSON.parse(JSON.stringify(computed.members[i].descriptors)));
      assert.deepEqual(m.descriptorRecord(), computed.members[i].descriptorRecord());
      for (const key of DESCRIPTOR_KEYS) assert.equal(m.descriptorValue(key), computed.members[i].descriptorValue(key));
      assert.equal(m.phiVerdict(), computed.members[i].phiVerdict());
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([editor.dispose(), batch.dispose()]);
  }
});

test("a batch's members kept by its caller keep no feature rows, with models or without", async () => {
  // Without models nothing predicts the members, so nothing else lets their rows (views of each chunk's matrix) go.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bimetal-kept-rows-'));
  const batch = createScorer({ modelDir: dir, batch: true });
  const file = path.join(dir, 'heap.heapsnapshot');
  try {
    const before = heapSnapshot(file);
    const scored = await batch.scoreText('recipe Sweep {\n  host Au 12..611\n  dopant Pt 1\n}\n', { file: 'rows.bimetal' });
    assert.equal(scored.members.length, 600);
    assert.ok(scored.members.every((m) => m.prediction === null), 'no member is predicted');
    const after = heapSnapshot(file);
    assert.equal(instancesOf(after, 'RecordOnDemand'), 600);
    assert.ok(instancesOf(after, 'Float32Array') - instancesOf(before, 'Float32Array') < 10, 'feature rows kept');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await batch.dispose();
  }
});
