/**
 * The lists a V8 heap snapshot shows under chosen objects, with their items and their slots.
 * JavaScript cannot see an array's capacity; a heap snapshot can: an array's element store takes
 * 16 bytes and 8 per slot, and has one edge per item (its index), none for a free slot.
 */
export interface Snapshot {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface ListSeen {
  /** The owner's constructor name and the property that holds the list. */
  where: string;
  items: number;
  slots: number;
}

/**
 * Every array held under one of `properties` by an object whose constructor is `owner`, or by an
 * object reached from one through `through` properties (and the items of arrays held there), with
 * its item count and slot count.
 */
export function listsIn(heap: Snapshot, owner: string, through: readonly string[], properties: readonly string[]): ListSeen[] {
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
  const isArray = (node: number) => heap.strings[heap.nodes[node + nameAt]] === 'Array';
  /** An array's element store and the edges to its items. */
  const storeOf = (array: number) => {
    const store = edgesOf(array).find((e) => e.name === 'elements');
    return store && { node: store.to, items: edgesOf(store.to).filter((e) => e.type === 'internal' && /^\d+$/.test(String(e.name))) };
  };
  const lists: ListSeen[] = [];
  const visit = (node: number, where: string) => {
    for (const edge of edgesOf(node)) {
      if (edge.type !== 'property') continue;
      const name = edge.name as string;
      if (through.includes(name)) {
        if (isArray(edge.to)) for (const item of storeOf(edge.to)?.items ?? []) visit(item.to, `${where}.${name}[]`);
        else visit(edge.to, `${where}.${name}`);
      }
      if (!properties.includes(name) || !isArray(edge.to)) continue;
      const store = storeOf(edge.to);
      if (!store) continue;
      lists.push({ where: `${where}.${name}`, items: store.items.length, slots: (heap.nodes[store.node + sizeAt] - 16) / 8 });
    }
  };
  for (let i = 0; i < heap.nodes.length; i += N) {
    if (nodeTypes[heap.nodes[i + typeAt]] === 'object' && heap.strings[heap.nodes[i + nameAt]] === owner) visit(i, owner);
  }
  return lists;
}
