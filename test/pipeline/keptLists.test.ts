/**
 * The editor's scorer keeps every scored member, so the lists each member holds are allocated at
 * their length: an array grown by push keeps room for 17 items, one built by spreading for 20, and
 * for the 10,000-recipe mixed file that spare room was 6.5 MB of the 50.7 MB scoring kept
 * (`npm run bench -- server`).
 *
 * JavaScript cannot see an array's capacity; a V8 heap snapshot can: an array's element store
 * takes 16 bytes and 8 per slot, and has one edge per item (its index), none for a free slot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { createScorer } from '../../pipeline/src/index';

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

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

interface ListSeen {
  /** The owner's constructor name and the property that holds the list. */
  where: string;
  items: number;
  slots: number;
}

/**
 * Every array held under one of `properties` by an object whose constructor is `owner`, or by an
 * object reached from one through `through` properties, with its item count and slot count.
 */
function listsIn(heap: Snapshot, owner: string, through: readonly string[], properties: readonly string[]): ListSeen[] {
  const { node_fields: nodeFields, edge_fields: edgeFields, node_types: [nodeTypes], edge_types: [edgeTypes] } = heap.snapshot.meta;
  const N = nodeFields.length;
  const E = edgeFields.length;
  const [typeAt, nameAt, sizeAt, countAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nodeFields.indexOf(f));
  const [edgeTypeAt, edgeNameAt, toAt] = ['type', 'name_or_index', 'to_node'].map((f) => edgeFields.indexOf(f));
  const firstEdge: number[] = [];
  for (let i = 0, e = 0; i < heap.nodes.length; i += N) {
    firstEdge[i / N] = e;
    e += heap.nodes[i + countAt] * E;
  }
  const edgesOf = (node: number) => {
    const out: { type: string; name: string | number; to: number }[] = [];
    for (let k = 0, e = firstEdge[node / N]; k < heap.nodes[node + countAt]; k++, e += E) {
      const type = edgeTypes[heap.edges[e + edgeTypeAt]];
      const name = type === 'element' || type === 'hidden' ? heap.edges[e + edgeNameAt] : heap.strings[heap.edges[e + edgeNameAt]];
      out.push({ type, name, to: heap.edges[e + toAt] });
    }
    return out;
  };
  const lists: ListSeen[] = [];
  const visit = (node: number, where: string) => {
    for (const edge of edgesOf(node)) {
      if (edge.type !== 'property') continue;
      if (through.includes(edge.name as string)) visit(edge.to, `${where}.${edge.name}`);
      if (!properties.includes(edge.name as string) || heap.strings[heap.nodes[edge.to + nameAt]] !== 'Array') continue;
      const store = edgesOf(edge.to).find((e) => e.name === 'elements');
      if (!store) continue;
      const slots = (heap.nodes[store.to + sizeAt] - 16) / 8;
      const items = edgesOf(store.to).filter((e) => e.type === 'internal' && /^\d+$/.test(String(e.name))).length;
      lists.push({ where: `${where}.${edge.name}`, items, slots });
    }
  };
  for (let i = 0; i < heap.nodes.length; i += N) {
    if (nodeTypes[heap.nodes[i + typeAt]] === 'object' && heap.strings[heap.nodes[i + nameAt]] === owner) visit(i, owner);
  }
  return lists;
}

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
  } finally {
    rmSync(file, { force: true });
    await scorer.dispose();
  }
});
