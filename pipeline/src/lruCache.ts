/**
 * A bounded map that forgets the least recently used entries first. The language server re-scores a
 * document on every keystroke; keyed by content, unchanged recipes and ligands hit this cache, and
 * the bound keeps a long editing session from growing without limit.
 *
 * A hit only stamps its entry with the time of use. Moving it to the end of the Map instead (delete,
 * then set again) left a deleted slot per hit, and a Map full of them is rebuilt whole: re-scoring
 * the 98,600-member sweep after an edit elsewhere in its file spent more time in those lookups than
 * in anything else. When the map is full, the least recently used eighth goes at once, so the
 * search for them is paid once per that many insertions.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; used: number }>();
  private clock = 0;
  /** How many entries are forgotten together when the map is full. */
  private readonly forgottenAtOnce: number;

  constructor(private readonly capacity: number) {
    this.forgottenAtOnce = Math.max(1, Math.floor(capacity / 8));
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.used = ++this.clock;
    return entry.value;
  }

  set(key: K, value: V): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.value = value;
      entry.used = ++this.clock;
      return;
    }
    if (this.entries.size >= this.capacity) this.forgetLeastRecentlyUsed();
    this.entries.set(key, { value, used: ++this.clock });
  }

  /** Forgets the `forgottenAtOnce` entries used longest ago. */
  private forgetLeastRecentlyUsed(): void {
    const stamps = Float64Array.from(this.entries.values(), (entry) => entry.used).sort();
    const lastForgotten = stamps[Math.min(this.forgottenAtOnce, stamps.length) - 1];
    for (const [key, entry] of this.entries) if (entry.used <= lastForgotten) this.entries.delete(key);
  }
}
