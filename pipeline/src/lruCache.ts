/**
 * A bounded map that forgets the least recently used entries first. The language server re-scores a
 * document on every keystroke; keyed by content, unchanged recipes and ligands hit this cache, and
 * the bound keeps a long editing session from growing without limit.
 *
 * The capacity counts entries, or what `weigh` says each value holds where values differ much in
 * size (a family's 98,600 member analyses against one recipe's); the newest entry is kept whatever
 * it weighs.
 *
 * A hit only stamps its entry with the time of use. Moving it to the end of the Map instead (delete,
 * then set again) left a deleted slot per hit, and a Map full of them is rebuilt whole: re-scoring
 * the 98,600-member sweep after an edit elsewhere in its file spent more time in those lookups than
 * in anything else. When the map is full, the least recently used eighth of its entries goes at
 * once (more, if the new entry needs the room), so the search for them is paid once per that many
 * insertions.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; used: number }>();
  private clock = 0;
  private weight = 0;

  constructor(
    private readonly capacity: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.used = ++this.clock;
    return entry.value;
  }

  set(key: K, value: V): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.weight += this.weigh(value) - this.weigh(entry.value);
      entry.value = value;
      entry.used = ++this.clock;
      return;
    }
    const weight = this.weigh(value);
    if (this.weight + weight > this.capacity) this.makeRoom(weight);
    this.entries.set(key, { value, used: ++this.clock });
    this.weight += weight;
  }

  /** How many entries it holds. */
  get size(): number {
    return this.entries.size;
  }

  /** Calls `visit` with every entry, without marking any used. */
  forEach(visit: (key: K, value: V) => void): void {
    for (const [key, entry] of this.entries) visit(key, entry.value);
  }

  /** Forgets every entry whose key passes `test`. */
  deleteWhere(test: (key: K) => boolean): void {
    for (const [key, entry] of this.entries) {
      if (!test(key)) continue;
      this.entries.delete(key);
      this.weight -= this.weigh(entry.value);
    }
  }

  /** Forgets the least recently used eighth of the entries, and eighth after eighth more until `weight` fits (or nothing is left). */
  private makeRoom(weight: number): void {
    const stamps = Float64Array.from(this.entries.values(), (entry) => entry.used).sort();
    const eighth = Math.max(1, Math.floor(stamps.length / 8));
    for (let forgotten = eighth; ; forgotten += eighth) {
      const lastForgotten = stamps[Math.min(forgotten, stamps.length) - 1];
      for (const [key, entry] of this.entries) {
        if (entry.used > lastForgotten) continue;
        this.entries.delete(key);
        this.weight -= this.weigh(entry.value);
      }
      if (this.weight + weight <= this.capacity || forgotten >= stamps.length) return;
    }
  }
}
