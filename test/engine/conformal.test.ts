import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CalibrationGroup,
  ComposedGroup,
  lowerRank,
  minimumGroupSize,
  MondrianCvPlus,
  parseGroupBy,
  pointOf,
  upperRank,
} from '../../engine/src/inference/conformal';
import { seededRandom } from '../helpers/random';

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** SCIENCE.md §4 written out literally: build all n values, sort them, index by the ranks. */
function bruteForceCvPlus(pred: number[], residuals: number[], fold: number[], coverage: number): { lower: number; upper: number } {
  const n = residuals.length;
  const alpha = 1 - coverage;
  const lows = residuals.map((r, i) => pred[fold[i]] - r).sort((a, b) => a - b);
  const highs = residuals.map((r, i) => pred[fold[i]] + r).sort((a, b) => a - b);
  // Exact rational ranks: coverage values used here are multiples of 0.01.
  const alphaHundredths = Math.round(alpha * 100);
  const lo = Math.floor((alphaHundredths * (n + 1)) / 100);
  const hi = Math.ceil(((100 - alphaHundredths) * (n + 1)) / 100);
  return { lower: lo < 1 ? -Infinity : lows[lo - 1], upper: hi > n ? Infinity : highs[hi - 1] };
}

test('ranks are robust to floating-point error (0.9 × 10 must give rank 9, not 10)', () => {
  assert.equal(upperRank(0.9, 9), 9);
  assert.equal(lowerRank(0.9, 9), 1);
  assert.equal(upperRank(0.8, 4), 4);
  assert.equal(lowerRank(0.8, 4), 1);
  assert.equal(upperRank(0.95, 100), 96);
  assert.equal(lowerRank(0.95, 100), 5);
});

test('minimum group size is ⌈1/α⌉ − 1 (9 at α = 0.1, 19 at α = 0.05)', () => {
  assert.equal(minimumGroupSize(0.9), 9);
  assert.equal(minimumGroupSize(0.95), 19);
  assert.equal(minimumGroupSize(0.8), 4);
});

test('minimum group size is the smallest n whose ranks both fit, at once even for a coverage within 1e-16 of 1', () => {
  const bounded = (c: number, n: number) => lowerRank(c, n) >= 1 && upperRank(c, n) <= n;
  for (const c of [0.5, 0.51, 2 / 3, 0.7, 0.85, 0.9, 0.925, 0.95, 0.975, 0.99, 0.995, 0.999, 0.9999, 0.999999, 0.9999999999, 0.9999999999999999]) {
    const n = minimumGroupSize(c);
    assert.ok(bounded(c, n) && (n === 1 || !bounded(c, n - 1)), `coverage ${c}: ${n}`);
  }
});

test('CV+ interval equals the brute-force definition on random calibration sets', () => {
  const next = seededRandom(7);
  for (let trial = 0; trial < 300; trial++) {
    const K = 2 + Math.floor(next() * 5);
    const n = 1 + Math.floor(next() * 80);
    const residuals = Array.from({ length: n }, () => Math.abs(gaussian(next)) * 2);
    const fold = Array.from({ length: n }, () => Math.floor(next() * K));
    const pred = Array.from({ length: K }, () => gaussian(next) * 3);
    const coverage = [0.5, 0.8, 0.9, 0.95, 0.99][trial % 5];
    const group = CalibrationGroup.fromResiduals(K, residuals, fold);
    const got = group.interval(pred, coverage);
    const want = bruteForceCvPlus(pred, residuals, fold, coverage);
    assert.deepEqual(got, want, `trial ${trial}: K=${K} n=${n} coverage=${coverage}`);
  }
});

test('CV+ interval equals the brute-force definition on groups of thousands of points, with ties and short folds', () => {
  const next = seededRandom(19);
  for (let trial = 0; trial < 60; trial++) {
    const K = 2 + Math.floor(next() * 6);
    const n = 100 + Math.floor(next() * 3000);
    // Rounded residuals make ties; a skewed fold draw leaves some folds short.
    const residuals = Array.from({ length: n }, () => Math.round(Math.abs(gaussian(next)) * 20) / 10);
    const fold = Array.from({ length: n }, () => Math.min(K - 1, Math.floor(next() ** 3 * K)));
    const pred = Array.from({ length: K }, () => Math.round(gaussian(next) * 30) / 10);
    const coverage = [0.5, 0.8, 0.9, 0.95, 0.99][trial % 5];
    const got = CalibrationGroup.fromResiduals(K, residuals, fold).interval(pred, coverage);
    assert.deepEqual(got, bruteForceCvPlus(pred, residuals, fold, coverage), `trial ${trial}: K=${K} n=${n} coverage=${coverage}`);
  }
});

test('CV+ interval equals the brute-force definition where the folds interleave value by value', () => {
  // Residuals 1…n dealt to random folds, all folds predicting alike: the rank-r value sits among
  // values of every fold, where a step that dropped one value too many would go past it.
  const next = seededRandom(5);
  for (let trial = 0; trial < 2000; trial++) {
    const K = 2 + Math.floor(next() * 4);
    const n = 20 + Math.floor(next() * 100);
    const residuals = Array.from({ length: n }, (_, i) => i + 1);
    const fold = Array.from({ length: n }, () => Math.floor(next() * K));
    const pred = new Array<number>(K).fill(0);
    const coverage = [0.5, 0.6, 0.7, 0.8][trial % 4];
    const got = CalibrationGroup.fromResiduals(K, residuals, fold).interval(pred, coverage);
    assert.deepEqual(got, bruteForceCvPlus(pred, residuals, fold, coverage), `trial ${trial}: K=${K} n=${n} coverage=${coverage} folds ${fold.join('')}`);
  }
});

/** The median of the n values μ̂₋ₖ₍ᵢ₎(x) written out literally: list them, sort, take the middle. */
function bruteForceMedian(pred: number[], fold: number[]): number {
  const values = fold.map((k) => pred[k]).sort((a, b) => a - b);
  const n = values.length;
  return (values[Math.ceil(n / 2) - 1] + values[Math.floor(n / 2)]) / 2;
}

test('the point (calibration-weighted median of the fold predictions) equals the brute-force median', () => {
  const next = seededRandom(5);
  for (let trial = 0; trial < 300; trial++) {
    const K = 2 + Math.floor(next() * 5);
    const n = 1 + Math.floor(next() * 60);
    const fold = Array.from({ length: n }, () => Math.floor(next() * K));
    const pred = Array.from({ length: K }, () => gaussian(next));
    const group = CalibrationGroup.fromResiduals(K, fold.map(() => next()), fold);
    assert.equal(group.median(pred), bruteForceMedian(pred, fold), `trial ${trial}: K=${K} n=${n}`);
  }
});

test('property: lower ≤ point ≤ upper for any fold predictions, residuals and fold mix, at coverage ≥ 0.5', () => {
  const calibration = fc.integer({ min: 2, max: 6 }).chain((K) =>
    fc.record({
      K: fc.constant(K),
      // Points may come from only some folds (a Mondrian group concentrated in few folds).
      points: fc.array(fc.record({ fold: fc.integer({ min: 0, max: K - 1 }), residual: fc.double({ min: 0, max: 5, noNaN: true }) }), { minLength: 1, maxLength: 120 }),
      pred: fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: K, maxLength: K }),
      coverage: fc.constantFrom(0.5, 0.8, 0.9, 0.95, 0.99),
    }),
  );
  fc.assert(
    fc.property(calibration, ({ K, points, pred, coverage }) => {
      const group = CalibrationGroup.fromResiduals(K, points.map((p) => p.residual), points.map((p) => p.fold));
      const point = group.median(pred);
      const { lower, upper } = group.interval(pred, coverage);
      return lower <= point && point <= upper;
    }),
    { seed: 20261121, numRuns: 2000 },
  );
});

test('a group drawn from one fold: the point is that fold model, where the unweighted fold median falls outside', () => {
  // All calibration points held out from fold 0 (one element pair in GroupKFold): the CV+ interval
  // is built from μ̂₋₀(x) alone, so the median of all five fold outputs can miss it.
  const group = CalibrationGroup.fromResiduals(5, Array.from({ length: 30 }, (_, i) => 0.01 * (i + 1)), new Array(30).fill(0));
  const pred = [-3.2, -2.8, -2.8, -2.7, -2.9];
  const { lower, upper } = group.interval(pred, 0.9);
  assert.ok(upper < -2.8, `the unweighted median −2.8 lies above the interval [${lower}, ${upper}]`);
  assert.equal(group.median(pred), -3.2);
});

test('fold predictions are read at the row offset of a batch output', () => {
  const group = CalibrationGroup.fromResiduals(2, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  const batch = [9, 9, 1, 2, 9, 9];
  assert.deepEqual(group.interval(batch, 0.8, 2), bruteForceCvPlus([1, 2], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], [0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 0.8));
  assert.equal(group.median(batch, 2), 1.5);
});

test('too few calibration points give an unbounded interval instead of a falsely narrow one', () => {
  const group = CalibrationGroup.fromResiduals(5, [0.1, 0.2, 0.3, 0.4, 0.5], [0, 1, 2, 3, 4]);
  const { lower, upper } = group.interval([0, 0, 0, 0, 0], 0.9);
  assert.equal(lower, -Infinity);
  assert.equal(upper, Infinity);
});

test('a group without points (n = 0 in the file) is unbounded at every coverage, and its point is the plain median of the folds', () => {
  const group = CalibrationGroup.fromResiduals(5, [], []);
  for (const coverage of [0.5, 0.8, 0.9, 0.95]) assert.deepEqual(group.interval([1, 2, 3, 4, 5], coverage), { lower: -Infinity, upper: Infinity });
  assert.equal(group.median([5, 1, 4, 2, 3]), 3);
  assert.equal(group.median([9, 4, 1, 2, 3, 9], 1), 3);
});

test('when all folds agree, the interval is symmetric about the prediction and contains it', () => {
  const next = seededRandom(11);
  for (let trial = 0; trial < 50; trial++) {
    const n = 10 + Math.floor(next() * 200);
    const residuals = Array.from({ length: n }, () => next() * 3);
    const fold = Array.from({ length: n }, (_, i) => i % 5);
    const mu = gaussian(next);
    const { lower, upper } = CalibrationGroup.fromResiduals(5, residuals, fold).interval([mu, mu, mu, mu, mu], 0.9);
    assert.ok(lower <= mu && mu <= upper);
    assert.ok(Math.abs(mu - lower - (upper - mu)) < 1e-12, `asymmetric: ${lower} ${mu} ${upper}`);
  }
});

test('coverage on exchangeable synthetic data is near nominal (and at least 1 − 2α)', () => {
  // y = x + noise; fold models are the truth plus a fold-specific bias, as K refits would be.
  const next = seededRandom(2024);
  const K = 5;
  const n = 500;
  const bias = Array.from({ length: K }, () => gaussian(next) * 0.05);
  const fold = Array.from({ length: n }, (_, i) => i % K);
  const residuals = fold.map((k) => Math.abs(gaussian(next) - bias[k]));
  const group = CalibrationGroup.fromResiduals(K, residuals, fold);
  for (const coverage of [0.8, 0.9]) {
    let covered = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      const x = gaussian(next);
      const y = x + gaussian(next);
      const { lower, upper } = group.interval(bias.map((b) => x + b), coverage);
      if (lower <= y && y <= upper) covered++;
    }
    const rate = covered / trials;
    assert.ok(rate >= 1 - 2 * (1 - coverage), `coverage ${rate} below the 1 − 2α guarantee at ${coverage}`);
    assert.ok(Math.abs(rate - coverage) < 0.03, `coverage ${rate} far from nominal ${coverage}`);
  }
});

test('a composed interval is the mixing group\'s CV+ interval at 1 − α/2 widened by the largest size group quantile at 1 − α/(2m), and covers a sum of errors at ≥ 1 − α', () => {
  const next = seededRandom(11);
  const K = 5;
  const n = 400;
  const fold = Array.from({ length: n }, (_, i) => i % K);
  const bias = Array.from({ length: K }, () => gaussian(next) * 0.05);
  // The mixing error (what the fold models miss) and two size errors of other scales, independent of it.
  const mixing = CalibrationGroup.fromResiduals(K, fold.map((k) => Math.abs(gaussian(next) - bias[k])), fold);
  const sizeScale = [0.5, 2];
  const sizeResiduals = sizeScale.map((scale) => Array.from({ length: n }, () => Math.abs(gaussian(next) * scale)));
  const size = sizeResiduals.map((r) => CalibrationGroup.fromResiduals(K, r, fold));
  const composed = new ComposedGroup(mixing, size);
  for (const coverage of [0.8, 0.9]) {
    const pred = bias.map((b) => 0.3 + b);
    const inner = mixing.interval(pred, 1 - (1 - coverage) / 2);
    const rank = Math.ceil((1 - (1 - coverage) / 4) * (n + 1) - 1e-9);
    const widen = Math.max(...sizeResiduals.map((r) => [...r].sort((a, b) => a - b)[rank - 1]));
    assert.deepEqual(composed.interval(pred, coverage), { lower: inner.lower - widen, upper: inner.upper + widen });
    let covered = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      const x = gaussian(next);
      // The size term is a weighted mean of the two laws: its error lies between theirs.
      const share = next();
      const y = x + gaussian(next) + share * gaussian(next) * sizeScale[0] + (1 - share) * gaussian(next) * sizeScale[1];
      const { lower, upper } = composed.interval(bias.map((b) => x + b), coverage);
      if (lower <= y && y <= upper) covered++;
    }
    assert.ok(covered / trials >= coverage, `coverage ${covered / trials} below ${coverage}`);
  }
  // The point is the mixing group's; a size group too small for its share of α leaves the interval unbounded.
  assert.equal(composed.median([1, 2, 3, 4, 5]), mixing.median([1, 2, 3, 4, 5]));
  const few = new ComposedGroup(mixing, [CalibrationGroup.fromResiduals(K, [0.1, 0.2, 0.3], [0, 1, 2])]);
  assert.deepEqual(few.interval([0, 0, 0, 0, 0], 0.8), { lower: -Infinity, upper: Infinity });
});

test('a "novelty" composition picks the mixing group and each size group by key; without one of them the key\'s own group serves', () => {
  const residuals = [...Array(20).fill(0.1), ...Array(20).fill(1), ...Array(20).fill(3)];
  const file = {
    method: 'cv+',
    folds: 2,
    residuals,
    fold: residuals.map((_, i) => i % 2),
    group: [...Array(20).fill('pair'), ...Array(20).fill('unary-Au'), ...Array(20).fill('small')],
    groups: { pair: { n: 20, members: ['pair-seen'] }, 'unary-Au': { n: 20 }, small: { n: 20, members: ['small-12'] } },
    groupBy: 'novelty',
  };
  const parts = (row: ArrayLike<number>) => (row[0] === 1 ? { mixing: 'pair-seen', size: ['unary-Au', 'small-12'] } : row[0] === 2 ? { mixing: 'pair-seen', size: ['unary-Ag'] } : undefined);
  const mondrian = MondrianCvPlus.fromFile(file, ['kind'], { novelty: (row) => ({ key: 'small-12', composition: parts(row) }) });
  const composed = mondrian.choose([1], 0, 0);
  assert.equal(composed.name, 'pair + unary-Au + small');
  assert.equal(composed.group.n, 20);
  // 80 %: the pair's 0.1 at 90 %, widened by the larger of 1 and 3 at 95 %.
  assert.deepEqual(composed.group.interval([0, 0], 0.8), { lower: -3.1, upper: 3.1 });
  assert.equal(mondrian.choose([2], 0, 0).name, 'small');
  assert.equal(mondrian.choose([0], 0, 0).name, 'small');
});

test('Mondrian: each group is calibrated on its own points; merged members share a group; unseen keys pool', () => {
  const names = ['a', 'kind'];
  const residuals = [...Array(10).fill(0.1), ...Array(10).fill(5)];
  const file = {
    method: 'cv+',
    folds: 2,
    residuals,
    fold: residuals.map((_, i) => i % 2),
    group: [...Array(10).fill('narrow'), ...Array(10).fill('wide')],
    groups: { narrow: { n: 10, members: ['1', '2'] }, wide: { n: 10 } },
    groupBy: 'feature:kind',
  };
  const mondrian = MondrianCvPlus.fromFile(file, names);
  const row = (kind: number) => [0, kind];
  const narrow = mondrian.choose(row(2), 0, 0);
  assert.equal(narrow.name, 'narrow');
  assert.deepEqual(narrow.group.interval([1, 1], 0.8), { lower: 0.9, upper: 1.1 });
  const unseen = mondrian.choose(row(7), 0, 0);
  assert.equal(unseen.name, undefined);
  assert.equal(unseen.group.n, 20);
  assert.equal(mondrian.choose(row(1), 0, 0).name, 'narrow');
});

test('a group with atLeast takes the hull of its own interval and its floors\', at every coverage: never narrower than theirs, never narrower than its own', () => {
  const next = seededRandom(11);
  const light = Array.from({ length: 60 }, () => next() * 0.3);
  // A heavier tail in the floor: the group alone would be the narrower at the high levels.
  const heavy = Array.from({ length: 60 }, (_, i) => (i < 54 ? next() * 0.2 : 1 + next()));
  const residuals = [...light, ...heavy];
  const file = {
    method: 'cv+',
    folds: 3,
    residuals,
    fold: residuals.map((_, i) => i % 3),
    group: [...light.map(() => 'far'), ...heavy.map(() => 'new')],
    groups: { far: { n: 60, members: ['1'], atLeast: ['new'] }, new: { n: 60, members: ['2'] } },
    groupBy: 'feature:kind',
  };
  const floored = MondrianCvPlus.fromFile(file, ['kind']);
  const alone = MondrianCvPlus.fromFile({ ...file, groups: { far: { n: 60, members: ['1'] }, new: { n: 60, members: ['2'] } } }, ['kind']);
  const pick = (m: MondrianCvPlus, key: 'far' | 'new') => m.choose([key === 'far' ? 1 : 2], 0, 0).group as CalibrationGroup;
  let narrowerAlone = false;
  for (const coverage of [0.5, 0.8, 0.9, 0.95, 0.975]) {
    const pred = [next() - 0.5, next() - 0.5, next() - 0.5];
    const far = pick(floored, 'far').interval(pred, coverage);
    const own = pick(alone, 'far').interval(pred, coverage);
    const other = pick(floored, 'new').interval(pred, coverage);
    assert.ok(far.lower <= Math.min(own.lower, other.lower) && far.upper >= Math.max(own.upper, other.upper), `${coverage}: ${JSON.stringify({ far, own, other })}`);
    assert.ok(pick(floored, 'far').residualQuantile(coverage) >= pick(floored, 'new').residualQuantile(coverage));
    if (own.upper - own.lower < other.upper - other.lower) narrowerAlone = true;
  }
  assert.ok(narrowerAlone, 'the group alone is narrower than its floor at some coverage');
  // The point stays the group's own.
  assert.equal(pick(floored, 'far').median([0, 1, 2]), pick(alone, 'far').median([0, 1, 2]));
});

test('groupBy forms: none, feature value, predicted-value bins; others are rejected', () => {
  assert.equal(parseGroupBy('none', [])([], 0, 3), 'all');
  const byFeature = parseGroupBy('feature:p', ['x', 'p']);
  assert.equal(byFeature([0, 5, 0, 6], 1, 0), '6');
  const byPrediction = parseGroupBy('predicted:-3,-1', []);
  assert.deepEqual([-4, -3, -2, 0].map((p) => byPrediction([], 0, p)), ['bin0', 'bin1', 'bin1', 'bin2']);
  assert.throws(() => parseGroupBy('dopant family', []), /unsupported groupBy/);
  assert.throws(() => parseGroupBy('feature:nope', ['x']), /does not use/);
});

test('malformed conformal files are rejected with the reason', () => {
  const good = { method: 'cv+', folds: 2, residuals: [0.1, 0.2], fold: [0, 1], group: ['g', 'g'], groups: { g: { n: 2 } }, groupBy: 'none' };
  assert.ok(MondrianCvPlus.fromFile(good, []));
  assert.throws(() => MondrianCvPlus.fromFile({ ...good, fold: [0, 2] }, []), /fold indices/);
  assert.throws(() => MondrianCvPlus.fromFile({ ...good, residuals: [0.1, -1] }, []), /≥ 0/);
  assert.throws(() => MondrianCvPlus.fromFile({ ...good, group: ['g', 'h'] }, []), /not listed/);
  assert.throws(() => MondrianCvPlus.fromFile({ ...good, groups: { g: { n: 3 } } }, []), /declares n = 3/);
  assert.throws(() => MondrianCvPlus.fromFile({ ...good, method: 'split' }, []), /method/);
  assert.throws(() => MondrianCvPlus.fromFile({ ...good, groups: { g: { n: 2, atLeast: ['h'] } } }, []), /atLeast must list groups of the file/);
  const cycle = { ...good, group: ['g', 'h'], groups: { g: { n: 1, atLeast: ['h'] }, h: { n: 1, atLeast: ['g'] } } };
  assert.throws(() => MondrianCvPlus.fromFile(cycle, []), /at least itself/);
  assert.throws(() => MondrianCvPlus.fromFile({ ...good, groups: { g: null } }, []), /invalid conformal file: group "g" must be an object/);
});

test('a chain of 5,000 groups each at least the next is read, and closed into a cycle it is refused: neither overflows the call stack', () => {
  const good = { method: 'cv+', folds: 2, residuals: [0.1, 0.2], fold: [0, 1], group: ['g', 'g'], groupBy: 'none' };
  const chain = (closed: boolean) => {
    const groups: Record<string, { n: number; atLeast?: string[] }> = { g: { n: 2, atLeast: ['c0'] } };
    for (let i = 0; i < 5000; i++) groups[`c${i}`] = { n: 0, ...(i < 4999 ? { atLeast: [`c${i + 1}`] } : closed ? { atLeast: ['g'] } : {}) };
    return { ...good, groups };
  };
  assert.ok(MondrianCvPlus.fromFile(chain(false), []));
  assert.throws(() => MondrianCvPlus.fromFile(chain(true), []), /invalid conformal file: group "g" is at least itself through atLeast/);
});

test('a shell over part of the surface takes (1 − θ) of the median weighed as a bare surface\'s and θ of it weighed as the complete shell\'s, inside its interval', () => {
  const names = ['ligands_per_metal', 'ligand_affinity_known', 'ligand_coverage'];
  // Bare points in folds 0 and 1 only, full-shell points in fold 2 only: the two weighings take different folds.
  const file = {
    method: 'cv+', folds: 3, groupBy: 'ligands',
    residuals: [...Array(20).fill(0.1), ...Array(20).fill(0.2), ...Array(20).fill(0.1), ...Array(20).fill(0.2)],
    fold: [...Array(20).fill(0), ...Array(20).fill(2), ...Array(20).fill(2), ...Array(20).fill(0)],
    group: [...Array(20).fill('bare'), ...Array(20).fill('ligated'), ...Array(20).fill('ligand-unmeasured'), ...Array(20).fill('ligand-partial')],
    groups: { bare: { n: 20 }, ligated: { n: 20 }, 'ligand-unmeasured': { n: 20 }, 'ligand-partial': { n: 20, atLeast: ['ligated', 'ligand-unmeasured'] } },
  };
  const mondrian = MondrianCvPlus.fromFile(file, names);
  const folds = [1, 5, 3];
  const at = (theta: number, known = 1) => mondrian.choose([theta > 0 ? 0.5 : 0, known, theta], 0, 0);
  assert.equal(pointOf(at(0), folds), 1);
  assert.equal(pointOf(at(1), folds), 3);
  const quarter = at(0.25);
  assert.equal(quarter.name, 'ligand-partial');
  assert.deepEqual([quarter.complete?.name, quarter.complete?.share], ['ligated', 0.25]);
  assert.equal(pointOf(quarter, folds), 0.75 * 1 + 0.25 * 3);
  assert.equal(at(0.25, 0).complete?.name, 'ligand-unmeasured');
  // Towards either end the point meets the bare and the full shell's, with no step.
  assert.ok(Math.abs(pointOf(at(1e-6), folds) - 1) < 1e-5 && Math.abs(pointOf(at(1 - 1e-6), folds) - 3) < 1e-5);
  for (let theta = 0.05; theta < 1; theta += 0.1) {
    const choice = at(theta);
    const { lower, upper } = choice.group.interval(folds, 0.9);
    const point = pointOf(choice, folds);
    assert.ok(lower <= point && point <= upper, `θ = ${theta}: ${point} outside [${lower}, ${upper}]`);
  }
  // A row that is no partial shell has nothing to blend.
  assert.equal(at(0).complete, undefined);
  assert.equal(at(1).complete, undefined);
});
