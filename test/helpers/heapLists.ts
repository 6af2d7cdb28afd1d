/**
 * What a V8 heap snapshot shows of the objects under chosen owners: the capacity of their lists,
 * and whether they keep properties in a store apart from the object. JavaScript sees neither.
 * An array's element store takes 16 bytes and 8 per slot, with one edge per item (its index) and
 * none for a free slot. Properties added to a finished object go to a separate property store
 * (its `properties` edge leads to an array of its own rather than the shared empty one).
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

interface Edge {
  type: string;
  name: string | number;
  to: number;
}

/** The empty fixed array, which every object without a property store points to, takes 16 bytes. */
const EMPTY_STORE_BYTES = 16;

class HeapView {
  private readonly N: number;
  private readonly E: number;
  private readonly at: Record<'type' | 'name' | 'size' | 'count' | 'edgeType' | 'edgeName' | 'to', number>;
  private readonly firstEdge: number[] = [];

  constructor(private readonly heap: Snapshot) {
    const { node_fields: nodeFields, edge_fields: edgeFields } = heap.snapshot.meta;
    this.N = nodeFields.length;
    this.E = edgeFields.length;
    const [type, name, size, count] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nodeFields.indexOf(f));
    const [edgeType, edgeName, to] = ['type', 'name_or_index', 'to_node'].map((f) => edgeFields.indexOf(f));
    this.at = { type, name, size, count, edgeType, edgeName, to };
    for (let i = 0, e = 0; i < heap.nodes.length; i += this.N) {
      this.firstEdge[i / this.N] = e;
      e += heap.nodes[i + count] * this.E;
    }
  }

  size(node: number): number {
    return this.heap.nodes[node + this.at.size];
  }

  isArray(node: number): boolean {
    return this.heap.strings[this.heap.nodes[node + this.at.name]] === 'Array';
  }

  edgesOf(node: number): Edge[] {
    const { heap, at } = this;
    const edgeTypes = heap.snapshot.meta.edge_types[0];
    const out: Edge[] = [];
    for (let k = 0, e = this.firstEdge[node / this.N]; k < heap.nodes[node + at.count]; k++, e += this.E) {
      const type = edgeTypes[heap.edges[e + at.edgeType]];
      const name = type === 'element' || type === 'hidden' ? heap.edges[e + at.edgeName] : heap.strings[heap.edges[e + at.edgeName]];
      out.push({ type, name, to: heap.edges[e + at.to] });
    }
    return out;
  }

  /** An array's element store and the edges to its items. */
  storeOf(array: number): { node: number; items: Edge[] } | undefined {
    const store = this.edgesOf(array).find((e) => e.name === 'elements');
    return store && { node: store.to, items: this.edgesOf(store.to).filter((e) => e.type === 'internal' && /^\d+$/.test(String(e.name))) };
  }

  /**
   * Calls `reached` for every object under an object whose constructor is `owner`, through
   * `through` properties (and the items of arrays held there), with its edges.
   */
  walk(owner: string, through: readonly string[], reached: (where: string, edges: Edge[]) => void): void {
    const { heap, at } = this;
    const visit = (node: number, where: string) => {
      const edges = this.edgesOf(node);
      reached(where, edges);
      for (const edge of edges) {
        if (edge.type !== 'property' || !through.includes(edge.name as string)) continue;
        if (this.isArray(edge.to)) for (const item of this.storeOf(edge.to)?.items ?? []) visit(item.to, `${where}.${edge.name}[]`);
        else visit(edge.to, `${where}.${edge.name}`);
      }
    };
    for (let i = 0; i < heap.nodes.length; i += this.N) {
      if (heap.snapshot.meta.node_types[0][heap.nodes[i + at.type]] === 'object' && heap.strings[heap.nodes[i + at.name]] === owner) visit(i, owner);
    }
  }
}

/** How many objects the heap holds whose constructor is `name`. */
export function instancesOf(heap: Snapshot, name: string): number {
  const { node_fields: fields, node_types: types } = heap.snapshot.meta;
  const [type, nameAt] = [fields.indexOf('type'), fields.indexOf('name')];
  let count = 0;
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    if (types[0][heap.nodes[i + type]] === 'object' && heap.strings[heap.nodes[i + nameAt]] === name) count++;
  }
  return count;
}

/** Every array held under one of `properties` by the objects reached (HeapView.walk), with its item count and slot count. */
export function listsIn(heap: Snapshot, owner: string, through: readonly string[], properties: readonly string[]): ListSeen[] {
  const view = new HeapView(heap);
  const lists: ListSeen[] = [];
  view.walk(owner, through, (where, edges) => {
    for (const edge of edges) {
      if (edge.type !== 'property' || !properties.includes(edge.name as string) || !view.isArray(edge.to)) continue;
      const store = view.storeOf(edge.to);
      if (store) lists.push({ where: `${where}.${edge.name}`, items: store.items.length, slots: (view.size(store.node) - 16) / 8 });
    }
  });
  return lists;
}

/** The objects reached (HeapView.walk), by where they were reached, and where those keep properties in a store apart from the object. */
export function propertyStoresIn(heap: Snapshot, owner: string, through: readonly string[]): { reached: Set<string>; stores: string[] } {
  const view = new HeapView(heap);
  const reached = new Set<string>();
  const stores: string[] = [];
  view.walk(owner, through, (where, edges) => {
    reached.add(where);
    const store = edges.find((e) => e.type === 'internal' && e.name === 'properties');
    if (store && view.size(store.to) > EMPTY_STORE_BYTES) stores.push(where);
  });
  return { reached, stores };
}

/** For each text held under `property` by the objects reached (HeapView.walk), how many distinct strings of the heap hold it. */
export function stringCopiesIn(heap: Snapshot, owner: string, through: readonly string[], property: string): Map<string, number> {
  const view = new HeapView(heap);
  const nodesByText = new Map<string, Set<number>>();
  view.walk(owner, through, (_, edges) => {
    for (const edge of edges) {
      if (edge.type !== 'property' || edge.name !== property) continue;
      const text = heap.strings[heap.nodes[edge.to + heap.snapshot.meta.node_fields.indexOf('name')]];
      const nodes = nodesByText.get(text) ?? new Set<number>();
      nodes.add(edge.to);
      nodesByText.set(text, nodes);
    }
  });
  return new Map([...nodesByText].map(([text, nodes]) => [text, nodes.size]));
}
