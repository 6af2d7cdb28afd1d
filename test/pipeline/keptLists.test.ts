/**
 * The editor's scorer keeps every scored member, so the lists each member holds are allocated at
 * their length: an array grown by push keeps room for 17 items, one built by spreading for 20, and
 * for the 10,000-recipe mixed file that spare room was 6.5 MB of the 50.7 MB scoring kept
 * (`npm run bench -- server`). The snapshot is read by test/helpers/heapLists.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { createScorer } from '../../pipeline/src/index';
import { listsIn, propertyStoresIn, type Snapshot } from '../helpers/heapLists';

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
      ...listsIn(heap, 'RecordOnDemand', ['prediction', 'site', 'descriptors', 'logP'], ['diagnostics', 'terms', 'domainReasons', 'ligands']),
      ...listsIn(heap, 'Object', [], ['findings']).filter((l) => l.items > 0),
    ];
    const kinds = new Set(lists.map((l) => l.where));
    for (const kind of ['RecordOnDemand.diagnostics', 'RecordOnDemand.prediction.terms', 'RecordOnDemand.prediction.domainReasons', 'RecordOnDemand.descriptors.logP.ligands', 'Object.findings']) {
      assert.ok(kinds.has(kind), `the snapshot shows ${kind}`);
    }
    const slack = lists.filter((l) => l.slots !== l.items);
    assert.deepEqual(slack, [], 'lists with room beyond their items');
    // Fields given after an object was made go to a store of their own: 40 bytes more in each descriptor and diagnostic kept.
    const descriptors = ['chiEnv', 'deltaChi', 'nMetal', 'ratio', 'deltaM', 'hMix', 'distance', 'deltaR', 'reducedDistance', 'phi', 'logP', 'mean'];
    const { reached, stores } = propertyStoresIn(heap, 'RecordOnDemand', ['descriptors', ...descriptors, 'diagnostics']);
    for (const where of ['RecordOnDemand.descriptors.hMix', 'RecordOnDemand.descriptors.phi', 'RecordOnDemand.descriptors.logP.mean', 'RecordOnDemand.diagnostics[]']) {
      assert.ok(reached.has(where), `the snapshot shows ${where}`);
    }
    assert.deepEqual(stores, [], 'kept objects with a separate property store');
  } finally {
    rmSync(file, { force: true });
    await scorer.dispose();
  }
});
