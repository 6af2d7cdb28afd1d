/**
 * A Map that forgets its oldest entries beyond `capacity`, for engine caches fed by the language
 * server on every keystroke (ligand descriptions, including half-typed inline SMILES; template
 * cores of family sweeps), which would otherwise grow forever. Oldest-first rather than least
 * recently used: a hit costs one lookup, and what falls out is cheap to rebuild.
 *
 * The capacity counts entries, or what `weigh` says each value costs where values differ much in
 * size (a template core of 13 atoms against one of 10,000); the newest entry is kept whatever it
 * weighs.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();
  private weight = 0;

  constructor(
    private readonly capacity: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /**
   * The value of `key`, made from it and kept on the first ask. `make` takes the key so that hot
   * callers pass one function made once, not a closure made for every lookup.
   */
  getOrAdd(key: K, make: (key: K) => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = make(key);
      this.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.weight -= this.weigh(previous);
    }
    this.entries.set(key, value);
    this.weight += this.weigh(value);
    while (this.weight > this.capacity && this.entries.size > 1) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [K, V];
      this.entries.delete(oldestKey);
      this.weight -= this.weigh(oldest);
    }
  }
}
