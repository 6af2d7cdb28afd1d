/**
 * One object for a record that several results answers hold. The workspace's panel, a file's and
 * a recipe lens's panel of one family are three answers of the server, and each was unpacked to
 * objects of its own: 190 MiB each for the 98,600 members of a sweep, all alive while the tabs
 * are open. A record equal to one held already (the same member with every field the same: scored
 * from the same text under the same settings and calibration) is that one; another is kept as the
 * one to share from then on. Pure data, never changed once unpacked, so sharing it is safe.
 *
 * Held weakly: a record that no panel (nor anything else) keeps any more is collected, and its
 * entry goes with it.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';

export class RecordPool {
  private readonly held = new Map<string, WeakRef<ScoreRecord>>();
  private readonly collected = new FinalizationRegistry<string>((key) => {
    // The entry may name a newer record of that member by now.
    if (this.held.get(key)?.deref() === undefined) this.held.delete(key);
  });

  /** `record`, or the equal one held already. */
  shared(record: ScoreRecord): ScoreRecord {
    // File and member name the record; equality, not the key, decides, so a name met twice shares nothing wrongly.
    const key = `${record.file}\u0000${record.recipe}`;
    const kept = this.held.get(key)?.deref();
    if (kept !== undefined && sameJson(kept, record)) return kept;
    this.held.set(key, new WeakRef(record));
    this.collected.register(record, key);
    return record;
  }
}

/** Whether two JSON values (what unpacking gives: no undefined, no NaN) are the same value. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) if (!Object.prototype.hasOwnProperty.call(y, key) || !sameJson(x[key], y[key])) return false;
  return true;
}
