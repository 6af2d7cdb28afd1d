/**
 * The editor's member analyses (descriptors, packed once predicted; features until then; findings;
 * predictions) kept by content, so re-scoring a document after an edit recomputes only the recipes
 * that changed.
 *
 * Two levels. A family is looked up once, by its content key (grammar's FamilyHead.contentKey) and
 * the stamp of its structure file, and holds its members' analyses by position: re-scoring the
 * 98,600-member sweep after an edit to another recipe of its file spent a third of its time in a
 * key per member (the JSON of its spec) and a lookup with it, and most of the rest collecting their
 * garbage (`npm run bench -- server`). A member of a family not seen in that form (its lists were
 * just edited: `1..100` became `1..101`) is looked up by its own content, so the members the edit
 * kept are not recomputed.
 *
 * Entries belong to the document whose run kept them (its `file`), and `forget` drops a document's
 * when it closes: kept for the scorer's life, they held 225–245 MB of heap after every document of
 * a long editing session had closed. The same recipe in two documents is kept once for each.
 */
import type { RecipeSpec } from '../../engine/src/recipe';
import type { FamilyHead } from '../../grammar/src/families';
import { LruCache } from './lruCache';
import type { MemberAnalysis } from './memberAnalysis';

type FamilyAnalyses = (MemberAnalysis | undefined)[];

export class MemberCache {
  /** Weighed by members, so the capacity bounds the analyses held, whatever the families' sizes. */
  private readonly families: LruCache<string, FamilyAnalyses>;
  private readonly members: LruCache<string, MemberAnalysis>;
  /** A token per document with walks since it was last forgotten: a walk begun before `forget` keeps nothing more. */
  private readonly runs = new Map<string, object>();

  constructor(capacity: number) {
    this.families = new LruCache(capacity, (analyses) => analyses.length);
    this.members = new LruCache(capacity);
  }

  /** A walk over the members of `heads`, in their order, for one scoring run of the document `file`. */
  walk(heads: readonly FamilyHead[], file = ''): MemberWalk {
    let run = this.runs.get(file);
    if (run === undefined) this.runs.set(file, (run = {}));
    return new MemberWalk(this.families, this.members, heads, file, () => this.runs.get(file) === run);
  }

  /**
   * Drops every analysis kept for `file` (a document that closed); a run of it still under way
   * keeps nothing more.
   */
  forget(file: string): void {
    const prefix = ownerPrefix(file);
    const owned = (key: string) => key.startsWith(prefix);
    this.families.deleteWhere(owned);
    this.members.deleteWhere(owned);
    this.runs.delete(file);
  }

  /** How many analyses are kept: for `file`, or in all (one kept both in its family and by its own key counts once). */
  kept(file?: string): number {
    const prefix = file === undefined ? '' : ownerPrefix(file);
    const kept = new Set<MemberAnalysis>();
    this.families.forEach((key, analyses) => {
      if (key.startsWith(prefix)) for (const analysis of analyses) if (analysis) kept.add(analysis);
    });
    this.members.forEach((key, analysis) => {
      if (key.startsWith(prefix)) kept.add(analysis);
    });
    return kept.size;
  }
}

/** What the keys of `file`'s entries start with. A file name holds no U+0000 (nor does JSON text), so no prefix is another's beginning. */
function ownerPrefix(file: string): string {
  return `${file}\u0000`;
}

/**
 * Where a scoring run stands in its list of members: `next` is called once for every member, in
 * order. A member of a head without a content key (a recipe of one member, a part of a family) is
 * looked up by its own key.
 */
export class MemberWalk {
  private head = -1;
  /** Members of the current head not walked yet. */
  private left = 0;
  private index = -1;
  private analyses: FamilyAnalyses | undefined;
  private stamp = '';
  /** The current member's own key, when it was looked up by it. */
  private ownKey: string | undefined;
  /** Whether the current member was walked past without a lookup (not cacheable). */
  private walkedPast = false;

  constructor(
    private readonly families: LruCache<string, FamilyAnalyses>,
    private readonly members: LruCache<string, MemberAnalysis>,
    private readonly heads: readonly FamilyHead[],
    /** The document whose entries this walk finds and keeps (MemberCache.forget). */
    private readonly owner: string,
    /** False once the document was forgotten after this walk began. */
    private readonly current: () => boolean,
  ) {}

  /**
   * Moves on to `spec`, the next member, whose structure file has `stamp`; returns its analysis if
   * one is kept. A member that is not `cacheable` is only walked past: nothing is looked up for it,
   * and `keep` keeps nothing for it.
   */
  next(spec: RecipeSpec, stamp: string, cacheable = true): MemberAnalysis | undefined {
    if (this.left === 0) {
      this.head++;
      this.left = this.heads[this.head].size;
      this.index = -1;
      this.analyses = undefined;
    }
    this.left--;
    this.index++;
    this.ownKey = undefined;
    this.walkedPast = !cacheable;
    if (!cacheable) return undefined;
    const familyKey = this.familyKey();
    if (familyKey !== undefined && (this.analyses === undefined || stamp !== this.stamp)) {
      const key = cacheKey(this.owner, familyKey, stamp);
      this.analyses = this.families.get(key);
      if (this.analyses === undefined) {
        this.analyses = new Array<MemberAnalysis | undefined>(this.heads[this.head].size);
        if (this.current()) this.families.set(key, this.analyses);
      }
      this.stamp = stamp;
    }
    const kept = familyKey !== undefined ? this.analyses?.[this.index] : undefined;
    if (kept) return kept;
    this.ownKey = memberKey(this.owner, spec, stamp);
    const found = this.members.get(this.ownKey);
    if (found && familyKey !== undefined && this.analyses) this.analyses[this.index] = found;
    return found;
  }

  /** Keeps `analysis` as that of the member `next` moved to last. */
  keep(analysis: MemberAnalysis): void {
    if (this.walkedPast || !this.current()) return;
    if (this.familyKey() !== undefined && this.analyses) this.analyses[this.index] = analysis;
    if (this.ownKey !== undefined) this.members.set(this.ownKey, analysis);
  }

  /** The current head's content key, when its members are kept by family (FamilyHead.contentKey says which have one). */
  private familyKey(): string | undefined {
    return this.heads[this.head].contentKey;
  }
}

/** JSON text holds no raw U+0000, so the separator cannot be mistaken for content. */
function cacheKey(owner: string, content: string, structureStamp: string): string {
  return [owner, content, structureStamp].join('\u0000');
}

/**
 * A member's own key: its content, without source positions, free-text notes or names. Joined into
 * one flat string: JSON.stringify's result is a tree of pieces in V8, which every lookup hashed and
 * compared piece by piece, and which the cache then kept.
 *
 * Without names, recipes of one content share one analysis, computed and predicted once (a
 * screening file that repeats a chemistry under another name, a family member written again as a
 * recipe). Nothing an analysis holds names its member (findings are named where they are placed,
 * placeFinding; a scored member names its descriptors, RecordOnDemand).
 */
function memberKey(owner: string, spec: RecipeSpec, structureStamp: string): string {
  const { ranges: _ranges, note: _note, name: _name, recipe: _recipe, ...content } = spec;
  return [owner, JSON.stringify(content), structureStamp].join('\u0000');
}
