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

  constructor(capacity: number) {
    this.families = new LruCache(capacity, (analyses) => analyses.length);
    this.members = new LruCache(capacity);
  }

  /** A walk over the members of `heads`, in their order, for one scoring run. */
  walk(heads: readonly FamilyHead[]): MemberWalk {
    return new MemberWalk(this.families, this.members, heads);
  }
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
      const key = cacheKey(familyKey, stamp);
      this.analyses = this.families.get(key);
      if (this.analyses === undefined) this.families.set(key, (this.analyses = new Array<MemberAnalysis | undefined>(this.heads[this.head].size)));
      this.stamp = stamp;
    }
    const kept = familyKey !== undefined ? this.analyses?.[this.index] : undefined;
    if (kept) return kept;
    this.ownKey = memberKey(spec, stamp);
    const found = this.members.get(this.ownKey);
    if (found && familyKey !== undefined && this.analyses) this.analyses[this.index] = found;
    return found;
  }

  /** Keeps `analysis` as that of the member `next` moved to last. */
  keep(analysis: MemberAnalysis): void {
    if (this.walkedPast) return;
    if (this.familyKey() !== undefined && this.analyses) this.analyses[this.index] = analysis;
    if (this.ownKey !== undefined) this.members.set(this.ownKey, analysis);
  }

  /** The current head's content key, when its members are kept by family (FamilyHead.contentKey says which have one). */
  private familyKey(): string | undefined {
    return this.heads[this.head].contentKey;
  }
}

/** JSON text holds no raw U+0000, so the separator cannot be mistaken for content. */
function cacheKey(content: string, structureStamp: string): string {
  return `${content}\u0000${structureStamp}`;
}

/**
 * A member's own key: its content, without source positions or free-text notes. Joined into one
 * flat string: JSON.stringify's result is a tree of pieces in V8, which every lookup hashed and
 * compared piece by piece, and which the cache then kept.
 */
function memberKey(spec: RecipeSpec, structureStamp: string): string {
  const { ranges: _ranges, note: _note, ...content } = spec;
  return [JSON.stringify(content), structureStamp].join('\u0000');
}
