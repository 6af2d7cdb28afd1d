/**
 * A Map that forgets its oldest entries beyond `capacity`, for engine caches fed by the language
 * server on every keystroke (ligand descriptions, including half-typed inline SMILES; template
 * cores of family sweeps), which would otherwise grow forever. Oldest-first rather than least
 * recently used: a hit costs one lookup, and what falls out is cheap to rebuild.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

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
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
  }
}
