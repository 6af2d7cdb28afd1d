/**
 * `--shard K/N`: one of N disjoint parts of the expanded members, so a cluster job array can split
 * a large family across machines. Members are dealt round-robin in the order of the arguments and
 * of expansion (member i of the whole run goes to shard i mod N + 1): the parts are the same on
 * every machine given the same files, differ by at most one member in size, and each samples the
 * whole family rather than one corner of it (a corner of large clusters would take longer).
 */
import { InvalidArgumentError } from 'commander';
import { everyNth, type MemberList } from '../../grammar/src/index';

export interface ShardSpec {
  /** 1-based: this run's part. */
  index: number;
  count: number;
}

const FORM = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;
/** The largest N: the largest whole number a JavaScript number holds exactly. */
const MAX_PARTS = Number.MAX_SAFE_INTEGER;

/** Parses `K/N` (1 ≤ K ≤ N); commander prints the error with the option's name. */
export function parseShard(value: string): ShardSpec {
  const match = FORM.exec(value);
  if (!match) throw new InvalidArgumentError('expected K/N, this run\'s part K of N parts, e.g. 3/8');
  const index = Number(match[1]);
  const count = Number(match[2]);
  // Digits only, so N is either a whole number or beyond what a double holds exactly.
  if (!Number.isSafeInteger(count)) throw new InvalidArgumentError(`the number of parts N is too large: at most ${MAX_PARTS}, got ${match[2]}`);
  if (count < 1) throw new InvalidArgumentError(`the number of parts N must be at least 1, got ${match[2]}`);
  // A K beyond a safe integer is beyond N too, and is named as written, not rounded.
  if (index < 1 || index > count) throw new InvalidArgumentError(`the part K must be from 1 to ${count}, got ${match[1]}`);
  return { index, count };
}

/** Picks this shard's members across all the run's inputs, counting members from the first input on. */
export class ShardSelector {
  private seen = 0;

  constructor(private readonly shard: ShardSpec | undefined) {}

  take(members: MemberList): MemberList {
    const shard = this.shard;
    const offset = this.seen;
    this.seen += members.length;
    if (!shard) return members;
    // The first position i with (offset + i) mod N = K − 1, then every N-th.
    // Adding N only to a negative remainder keeps the sum below N, so it is exact for any safe N.
    const remainder = (shard.index - 1 - offset) % shard.count;
    const first = remainder < 0 ? remainder + shard.count : remainder;
    return everyNth(members, first, shard.count);
  }
}
