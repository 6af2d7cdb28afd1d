/**
 * The nearest-label search (the calibration's PointTree, spatial/pointTree.ts, and labelWeight) against the brute-force scan it replaced (NearestLabels,
 * nearestLabelWeight): the same distances to the bit, overall and with each fold left out, on
 * random, clustered, duplicated and tied points; and a query that looks at far fewer labels than
 * there are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fadeWeight, labelWeight } from '../../engine/src/calibration/fade';
import { NearestLabels, nearestLabelWeight } from '../helpers/nearestLabels';
import { PointTree } from '../../engine/src/spatial/pointTree';
import { seededRandom } from '../helpers/random';

type Layout = 'uniform' | 'clustered' | 'grid';

/** n labels in `dim` features: uniform, in tight clusters (one per fold, as element pairs are), or on a small integer grid (many equal distances and duplicates). */
function labels(n: number, dim: number, folds: number, layout: Layout, rnd: () => number): { points: number[][]; fold: number[] } {
  const centres = Array.from({ length: Math.max(1, folds * 3) }, () => Array.from({ length: dim }, () => rnd() * 20 - 10));
  const points: number[][] = [];
  const fold: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && rnd() < 0.1) {
      // An exact duplicate of an earlier label, in its fold or another.
      const j = Math.floor(rnd() * i);
      points.push([...points[j]]);
      fold.push(rnd() < 0.5 ? fold[j] : Math.floor(rnd() * folds));
      continue;
    }
    if (layout === 'clustered') {
      const c = Math.floor(rnd() * centres.length);
      points.push(centres[c].map((v) => v + (rnd() - 0.5) * 0.3));
      fold.push(c % folds);
    } else if (layout === 'grid') {
      points.push(Array.from({ length: dim }, () => Math.floor(rnd() * 4)));
      fold.push(Math.floor(rnd() * folds));
    } else {
      points.push(Array.from({ length: dim }, () => rnd() * 10 - 5));
      fold.push(Math.floor(rnd() * folds));
    }
  }
  return { points, fold };
}

/** Query points: the labels themselves, points near them, on the grid, and far from everything. */
function queries(points: number[][], dim: number, count: number, rnd: () => number): number[][] {
  const out: number[][] = [];
  for (let q = 0; q < count; q++) {
    const kind = q % 4;
    if (kind === 0 && points.length > 0) out.push([...points[Math.floor(rnd() * points.length)]]);
    else if (kind === 1 && points.length > 0) out.push(points[Math.floor(rnd() * points.length)].map((v) => v + (rnd() - 0.5) * 2));
    else if (kind === 2) out.push(Array.from({ length: dim }, () => Math.floor(rnd() * 5) - 0.5 * Math.floor(rnd() * 2)));
    else out.push(Array.from({ length: dim }, () => (rnd() - 0.5) * 60));
  }
  return out;
}

test('the tree gives the brute-force distances to the bit, overall and without each fold, and the same fade weight', () => {
  let compared = 0;
  let seed = 1;
  for (const dim of [1, 2, 3, 9]) {
    for (const folds of [1, 2, 5, 17]) {
      for (const n of [0, 1, 2, 7, 60, 700]) {
        for (const layout of ['uniform', 'clustered', 'grid'] as const) {
          const rnd = seededRandom(seed++);
          const { points, fold } = labels(n, dim, folds, layout, rnd);
          const tree = new PointTree(points, fold);
          for (const z of queries(points, dim, 24, rnd)) {
            const brute = new NearestLabels(z, points, fold);
            const got = tree.nearest(z);
            const where = `dim ${dim}, ${folds} folds, ${n} ${layout} labels, query ${z.join(' ')}`;
            assert.ok(Object.is(got.overall, brute.overall), `${where}: overall ${got.overall} against ${brute.overall}`);
            // Every fold, and ones no label is in.
            for (let k = -1; k <= folds; k++) {
              assert.ok(Object.is(got.without(k), brute.without(k)), `${where}: without ${k}: ${got.without(k)} against ${brute.without(k)}`);
              assert.ok(Object.is(tree.without(z, k), brute.without(k)), `${where}: without(z, ${k}): ${tree.without(z, k)} against ${brute.without(k)}`);
            }
            assert.ok(Object.is(labelWeight(tree, z), nearestLabelWeight(z, points)), `${where}: weight`);
            assert.ok(Object.is(labelWeight(tree, z), fadeWeight(brute.overall)), `${where}: weight of the overall distance`);
            compared++;
          }
        }
      }
    }
  }
  assert.ok(compared > 5000, `${compared} queries compared`);
});

test('labels at distances only a last-bit rounding tells apart are still told apart as the scan tells them', () => {
  // Labels on the axes through the query, all at about one radius, a few ulps apart: each box's
  // lower bound is then its nearest label's very distance, so a bound that rounded above it, or a
  // box skipped when its bound is barely below the best so far, gives a last-bit different answer.
  const rnd = seededRandom(99);
  let compared = 0;
  for (let trial = 0; trial < 2000; trial++) {
    const dim = 1 + (trial % 9);
    const folds = 1 + (trial % 4);
    const z = Array.from({ length: dim }, () => (rnd() - 0.5) * 10);
    const radius = 0.5 + rnd() * 3;
    const points: number[][] = [];
    const fold: number[] = [];
    for (let i = 0; i < 60; i++) {
      const axis = Math.floor(rnd() * dim);
      const r = radius * (1 + (Math.floor(rnd() * 9) - 4) * (Number.EPSILON / 2)) * (rnd() < 0.5 ? -1 : 1);
      points.push(z.map((v, j) => (j === axis ? v + r : v)));
      fold.push(Math.floor(rnd() * folds));
    }
    const tree = new PointTree(points, fold);
    const brute = new NearestLabels(z, points, fold);
    const got = tree.nearest(z);
    assert.ok(Object.is(got.overall, brute.overall), `trial ${trial}: ${got.overall} against ${brute.overall}`);
    for (let k = 0; k < folds; k++) {
      assert.ok(Object.is(got.without(k), brute.without(k)), `trial ${trial}, fold ${k}`);
      assert.ok(Object.is(tree.without(z, k), brute.without(k)), `trial ${trial}, fold ${k} alone`);
    }
    compared++;
  }
  assert.equal(compared, 2000);
});

test('a query among 50,000 clustered labels looks at a small share of them', () => {
  const n = 50_000;
  const dim = 9;
  const rnd = seededRandom(7);
  // Element pairs: each a cluster of labels with nearby descriptors, dealt to 5 folds.
  const pairs = Array.from({ length: 400 }, () => Array.from({ length: dim }, () => (rnd() - 0.5) * 8));
  const points: number[][] = [];
  const fold: number[] = [];
  for (let i = 0; i < n; i++) {
    const pair = i % pairs.length;
    points.push(pairs[pair].map((v) => v + (rnd() - 0.5) * 0.6));
    fold.push(pair % 5);
  }
  const tree = new PointTree(points, fold);
  const probes = 200;
  let nearest = 0;
  let without = 0;
  let weight = 0;
  for (let q = 0; q < probes; q++) {
    const label = Math.floor(rnd() * n);
    const z = points[label].map((v) => v + (rnd() - 0.5) * 0.5);
    let before = tree.work.evaluations;
    tree.nearest(z);
    nearest += tree.work.evaluations - before;
    before = tree.work.evaluations;
    tree.without(points[label], fold[label]);
    without += tree.work.evaluations - before;
    before = tree.work.evaluations;
    labelWeight(tree, z.map((v) => v * 3));
    weight += tree.work.evaluations - before;
  }
  // A scan evaluates all 50,000 labels (100,000 for both of nearest's answers).
  for (const [what, total] of [['nearest', nearest], ['without', without], ['weight', weight]] as const) {
    const perQuery = total / probes;
    assert.ok(perQuery > 0 && perQuery < n / 20, `${what}: ${perQuery} distance evaluations a query among ${n} labels`);
  }
});
