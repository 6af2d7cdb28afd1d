/**
 * Per-descriptor attribution of one prediction: exact Shapley values, in the spirit of the first
 * paper's SHAP analysis of its 8-feature scheme (Gu et al. 2025: "a feature's contribution was
 * determined by averaging its marginal impact across all possible feature combinations").
 *
 * The players are a few groups of feature columns (a descriptor and the columns derived from it).
 * A coalition S is evaluated by running the model on the recipe's own feature row with every
 * column of the players outside S replaced by the baseline row's value (columns of no player are
 * never replaced) ("interventional" Shapley
 * values, as SHAP's KernelExplainer computes them). With k players that is 2^k model rows, run as
 * one batch, and the values are exact, not sampled:
 *
 *   φ_i = Σ_{S ⊆ N∖{i}} |S|! (k − |S| − 1)! / k! · (v(S ∪ {i}) − v(S))
 *
 * They add up to v(N) − v(∅), the prediction minus the baseline's prediction (efficiency). Pure
 * apart from the model it is given.
 */

export interface AttributionPlayer {
  /** Shown to the user, e.g. "χ_env". */
  name: string;
  /** Indices of the feature columns this player sets. */
  columns: readonly number[];
}

export interface Attribution {
  /** Model output with every player at the baseline: v(∅). */
  baseline: number;
  /** Model output on the recipe's row: v(N). */
  prediction: number;
  /** One Shapley value per player, in the players' order; they sum to prediction − baseline. */
  values: number[];
}

/** Exact Shapley values are 2^k evaluations: beyond this many players the batch grows too large. */
export const MAX_PLAYERS = 12;

/** Runs the model on a batch of feature rows (row-major, `cols` columns) and returns one output per row. */
export type BatchModel = (rows: Float32Array, count: number, cols: number) => Promise<ArrayLike<number>> | ArrayLike<number>;

/**
 * The 2^k coalition rows: row `mask` takes the columns of player i from `row` when bit i of
 * `mask` is set, from `baseline` otherwise. Columns of no player keep the recipe's own value in
 * every row, so v(N) is exactly the model's output on `row`.
 */
export function coalitionRows(row: ArrayLike<number>, baseline: ArrayLike<number>, players: readonly AttributionPlayer[]): Float32Array {
  checkPlayers(row, baseline, players);
  const cols = row.length;
  const count = 2 ** players.length;
  const out = new Float32Array(count * cols);
  for (let mask = 0; mask < count; mask++) {
    const offset = mask * cols;
    for (let c = 0; c < cols; c++) out[offset + c] = row[c];
    players.forEach((p, i) => {
      if (!(mask & (1 << i))) for (const c of p.columns) out[offset + c] = baseline[c];
    });
  }
  return out;
}

/** Shapley values from the value of every coalition, `values[mask]` (bit i set: player i present). */
export function shapleyFromCoalitions(values: ArrayLike<number>, players: number): number[] {
  if (!Number.isInteger(players) || players < 1 || players > MAX_PLAYERS) throw new RangeError(`attribution needs 1 to ${MAX_PLAYERS} players, not ${players}`);
  const count = 2 ** players;
  if (values.length !== count) throw new RangeError(`expected ${count} coalition values, got ${values.length}`);
  const factorial = [1];
  for (let i = 1; i <= players; i++) factorial[i] = factorial[i - 1] * i;
  const weight = (size: number) => (factorial[size] * factorial[players - size - 1]) / factorial[players];
  const phi = new Array<number>(players).fill(0);
  for (let mask = 0; mask < count; mask++) {
    const size = bitCount(mask);
    for (let i = 0; i < players; i++) {
      const bit = 1 << i;
      if (mask & bit) continue;
      phi[i] += weight(size) * (values[mask | bit] - values[mask]);
    }
  }
  return phi;
}

/** Exact Shapley values of `players` for the model's output on `row` against `baseline`. */
export async function attribute(model: BatchModel, row: ArrayLike<number>, baseline: ArrayLike<number>, players: readonly AttributionPlayer[]): Promise<Attribution> {
  const rows = coalitionRows(row, baseline, players);
  const count = 2 ** players.length;
  const values = await model(rows, count, row.length);
  if (values.length !== count) throw new Error(`the model answered ${values.length} rows for ${count}`);
  return { baseline: values[0], prediction: values[count - 1], values: shapleyFromCoalitions(values, players.length) };
}

/** Column-wise median of feature rows (row-major): a baseline that no single odd recipe pulls around. */
export function columnMedians(rows: Float32Array, count: number, cols: number): Float32Array {
  if (count < 1 || rows.length < count * cols) throw new RangeError('medians need at least one complete row');
  const out = new Float32Array(cols);
  const column = new Float32Array(count);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < count; r++) column[r] = rows[r * cols + c];
    column.sort();
    out[c] = count % 2 ? column[(count - 1) / 2] : (column[count / 2 - 1] + column[count / 2]) / 2;
  }
  return out;
}

function checkPlayers(row: ArrayLike<number>, baseline: ArrayLike<number>, players: readonly AttributionPlayer[]): void {
  if (row.length !== baseline.length) throw new RangeError(`the row has ${row.length} columns, the baseline ${baseline.length}`);
  if (players.length < 1 || players.length > MAX_PLAYERS) throw new RangeError(`attribution needs 1 to ${MAX_PLAYERS} players, not ${players.length}`);
  const seen = new Set<number>();
  for (const p of players) {
    for (const c of p.columns) {
      if (!Number.isInteger(c) || c < 0 || c >= row.length) throw new RangeError(`player ${p.name} names column ${c}, outside 0–${row.length - 1}`);
      if (seen.has(c)) throw new RangeError(`column ${c} belongs to two players; Shapley values need disjoint players`);
      seen.add(c);
    }
  }
}

function bitCount(n: number): number {
  let count = 0;
  for (let m = n; m; m &= m - 1) count++;
  return count;
}
