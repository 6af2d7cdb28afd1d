/**
 * Distinct strings numbered in the order they are first met: what a compact message (the packed
 * records, the results webview's columns) carries once and then refers to by number.
 */
export class StringDictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  /** The number of `value`, given to it on its first use. */
  id(value: string): number {
    let id = this.index.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.index.set(value, id);
    }
    return id;
  }
}
