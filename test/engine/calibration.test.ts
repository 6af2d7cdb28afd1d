/**
 * The calibration math on its own: model choice by CV, the CV+ / jackknife+ interval against a
 * brute-force computation of SCIENCE.md §4, the fade, and reading calibration files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldPrediction, TargetCalibrator } from '../../engine/src/calibration/calibrator';
import { fadeWeight } from '../../engine/src/calibration/fade';
import { NearestLabels } from '../helpers/nearestLabels';
import { scaleRow } from '../../engine/src/calibration/features';
import { fitTarget, type LabelledPoint } from '../../engine/src/calibration/fit';
import { CalibrationFileError, parseCalibrationFile } from '../../engine/src/calibration/file';
import { planFolds } from '../../engine/src/calibration/folds';
import { lowerRank, upperRank } from '../../engine/src/inference/conformal';
import { seededRandom } from '../helpers/random';

function points(n: number, seed: number, shift: (x: number[]) => number, pairs = 8): LabelledPoint[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const features = [rnd() * 30 - 10, rnd() * 0.4 - 0.2, rnd(), 20 + rnd() * 100, rnd() * 0.3, 2.6 + rnd() * 0.4, 0.2 + rnd() * 0.2, rnd() * 0.5, -3 + rnd()];
    const base = features[8];
    return { features, base, reference: base + shift(features) + (rnd() - 0.5) * 0.05, group: `P${i % pairs}`, key: `L${i}` };
  });
}

test('CV picks a constant for a constant shift and a richer model for a composition-dependent one', () => {
  const constant = fitTarget(points(40, 1, () => 0.5), 0.9);
  assert.equal(constant.chosen.kind, 'offset');
  const varying = fitTarget(points(40, 2, (x) => 0.5 + 0.04 * x[0] - 1.5 * x[1]), 0.9);
  assert.notEqual(varying.chosen.kind, 'offset');
  const offsetOnly = varying.candidates.find((c) => c.kind === 'offset')!;
  assert.ok(varying.quality.cvMae < offsetOnly.cvMae / 3, `${varying.quality.cvMae} vs ${offsetOnly.cvMae}`);
});

test('no correction is a candidate: labels the shipped model already predicts keep its points, and no calibration predicts its labels worse than the shipped model', () => {
  // Labels 0.02 above and below the shipped model in turn: a correction fitted without one label leans the other way.
  const unbiased = fitTarget(points(12, 7, () => 0).map((p, i) => ({ ...p, reference: p.base + (i % 2 ? 0.02 : -0.02) })), 0.9);
  assert.equal(unbiased.chosen.kind, 'none');
  assert.equal(unbiased.quality.cvMae, unbiased.quality.maeBefore);
  assert.ok(unbiased.candidates.every((c) => c.kind === 'none' || c.cvMae > unbiased.quality.maeBefore * 1.02), JSON.stringify(unbiased.candidates));
  const calibrator = new TargetCalibrator(unbiased);
  for (const p of points(6, 70, () => 0)) assert.equal(calibrator.predict(p.features, { point: p.base, lower: p.base - 1, upper: p.base + 1 }, 0.9).point, p.base);
  const kinds = new Set<string>();
  for (let seed = 100; seed < 160; seed++) {
    const shift = [() => 0, () => 0.03, (x: number[]) => 0.004 * x[0]][seed % 3];
    const t = fitTarget(points(3 + (seed % 30), seed, shift, 1 + (seed % 8)), 0.9);
    kinds.add(t.chosen.kind);
    // What the views read: a correction is applied exactly where its CV MAE is below the shipped model's.
    assert.equal(t.chosen.kind !== 'none', t.quality.cvMae < t.quality.maeBefore, `seed ${seed}`);
    assert.ok(t.quality.cvMae <= t.quality.maeBefore, `seed ${seed}: CV MAE ${t.quality.cvMae} against the shipped model's ${t.quality.maeBefore} (${t.chosen.kind})`);
  }
  assert.ok(kinds.has('none') && kinds.size > 1, [...kinds].join(', '));
});

test('few labels use jackknife+, many use CV+ grouped by element pair', () => {
  assert.equal(planFolds(Array.from({ length: 12 }, (_, i) => `P${i % 3}`)).method, 'jackknife+');
  const plan = planFolds(Array.from({ length: 60 }, (_, i) => `P${i % 12}`));
  assert.equal(plan.method, 'cv+');
  const foldOfPair = new Map<string, number>();
  plan.fold.forEach((k, i) => {
    const pair = `P${i % 12}`;
    assert.equal(foldOfPair.get(pair) ?? k, k, 'a pair never spans two folds');
    foldOfPair.set(pair, k);
  });
});

test('the interval is the CV+ interval of SCIENCE.md §4, computed by brute force', () => {
  let compared = 0;
  for (const [n, seed] of [[12, 3], [57, 4]] as const) {
    const t = fitTarget(points(n, seed, (x) => 0.3 + 0.02 * x[0]), 0.9);
    const calibrator = new TargetCalibrator(t);
    const probe = points(12, seed + 100, () => 0);
    for (const coverage of [0.8, 0.9]) {
      for (const p of probe) {
        const z = scaleRow(t.scaler, p.features);
        const nearest = new NearestLabels(z, t.points, t.fold);
        const mu = t.foldModels.map((m, k) => foldPrediction(m, z, p.base, nearest.without(k)));
        const lows = t.residuals.map((r, i) => mu[t.fold[i]] - r).sort((a, b) => a - b);
        const highs = t.residuals.map((r, i) => mu[t.fold[i]] + r).sort((a, b) => a - b);
        const got = calibrator.predict(p.features, { point: p.base, lower: p.base - 1, upper: p.base + 1 }, coverage);
        const w = fadeWeight(nearest.overall);
        if (w === 1) {
          compared++;
          assert.ok(Math.abs(got.lower - Math.min(got.point, lows[lowerRank(coverage, n) - 1])) < 1e-12);
          assert.ok(Math.abs(got.upper - Math.max(got.point, highs[upperRank(coverage, n) - 1])) < 1e-12);
        }
        assert.ok(got.lower <= got.point && got.point <= got.upper);
      }
    }
  }
  assert.ok(compared >= 10, `${compared} probes among the labels`);
});

test('a label is predicted held out: by the fold model that never saw it, with the interval the coverage figure counts', () => {
  let compared = 0;
  for (const [n, seed] of [[12, 8], [57, 9]] as const) {
    const labelled = points(n, seed, (x) => 0.3 + 0.02 * x[0] - x[1]);
    const t = fitTarget(labelled, 0.8);
    const calibrator = new TargetCalibrator(t);
    let covered = 0;
    let inSampleError = 0;
    labelled.forEach((p, i) => {
      assert.equal(calibrator.labelOf(p.key), i);
      const shipped = { point: p.base, lower: p.base - 1, upper: p.base + 1 };
      const held = calibrator.predictHeldOut(i, p.features, shipped, 0.8);
      assert.ok(Math.abs(Math.abs(p.reference - held.point) - t.residuals[i]) < 1e-12, `label ${i}: |reference − held-out point| is its stored held-out residual`);
      // By brute force: the residuals of the other folds, at the coverage's rank.
      const others = t.residuals.filter((_, j) => t.fold[j] !== t.fold[i]).sort((a, b) => a - b);
      const q = others[upperRank(0.8, others.length) - 1];
      if (t.residuals[i] <= q) covered++;
      if (held.weight === 1) {
        compared++;
        assert.ok(Math.abs(held.lower - (held.point - q)) < 1e-12 && Math.abs(held.upper - (held.point + q)) < 1e-12, `label ${i}: point ± ${q}`);
      }
      inSampleError += Math.abs(p.reference - calibrator.predict(p.features, shipped, 0.8).point);
    });
    const heldOutError = t.residuals.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(heldOutError / n - t.quality.cvMae) < 1e-12, "the held-out points are the CV MAE's");
    assert.ok(inSampleError < heldOutError, `the fit to the labels themselves flatters them (${inSampleError} < ${heldOutError}), so they are shown held out`);
    assert.equal(t.quality.coverage, covered / n, 'the coverage figure counts the labels inside those intervals');
  }
  assert.ok(compared >= 10, `${compared} labels the calibration reaches in full`);
  assert.equal(new TargetCalibrator(fitTarget(points(5, 10, () => 0), 0.9)).labelOf('not a label'), undefined);
});

test('with too few labels to bound an interval, it covers the shipped interval, that interval moved with the point and the widest interval the labels bound', () => {
  const base = { point: -3, lower: -3.1, upper: -2.95 };
  const labelled = points(6, 7, () => 0.5);
  const calibrator = new TargetCalibrator(fitTarget(labelled, 0.9));
  const got = calibrator.predict(labelled[0].features, base, 0.9);
  const shift = got.point - base.point;
  assert.ok(shift > 0.4, `the point moved with the labels: ${shift}`);
  // 6 residuals bound jackknife+ up to coverage 6/7, at their extreme ranks.
  const widest = calibrator.predict(labelled[0].features, base, 6 / 7);
  assert.ok(Number.isFinite(widest.lower) && Number.isFinite(widest.upper));
  assert.equal(got.lower, Math.min(base.lower, widest.lower));
  assert.ok(Math.abs(got.upper - Math.max(base.upper + shift, widest.upper)) < 1e-12);
  // The point keeps the shipped margins around it, so its own labels are not just outside the interval.
  assert.ok(got.point - got.lower >= base.point - base.lower && got.upper - got.point >= base.upper - base.point - 1e-12);
});

test('an interval at a higher coverage holds the one at every lower coverage, also past the coverage the labels can bound', () => {
  // 10 labels with scattered residuals (±0.3 eV) bound jackknife+ up to 10/11 coverage; the shipped intervals are narrow.
  const labelled = points(10, 11, (x) => 0.5 + (((x[3] * 1000) % 1) - 0.5) * 0.6);
  const calibrator = new TargetCalibrator(fitTarget(labelled, 0.9));
  for (const features of [labelled[0].features, labelled[5].features.map((v) => v * 1.1)]) {
    let previous: { lower: number; upper: number; coverage: number } | undefined;
    for (const coverage of [0.5, 0.7, 0.8, 0.9, 0.95, 0.99]) {
      const base = { point: -3, lower: -3 - 0.02 * coverage, upper: -3 + 0.02 * coverage };
      const got = calibrator.predict(features, base, coverage);
      assert.ok(got.lower <= got.point && got.point <= got.upper, `${coverage}: [${got.lower}, ${got.upper}] holds ${got.point}`);
      if (previous) {
        assert.ok(got.lower <= previous.lower && got.upper >= previous.upper, `[${previous.lower}, ${previous.upper}] at ${previous.coverage} is not inside [${got.lower}, ${got.upper}] at ${coverage}`);
      }
      previous = { lower: got.lower, upper: got.upper, coverage };
    }
  }
});

test('between the labels and far from them, each side of the interval fades from the calibrated margin to the shipped one, around the point', () => {
  // The shipped model is 1 eV/atom off on these labels and its interval ±0.25; the calibrated one is far narrower.
  const t = fitTarget(points(40, 11, (x) => 1 + 0.02 * x[0]), 0.9);
  const calibrator = new TargetCalibrator(t);
  const between = (value: number, a: number, b: number) => Math.min(a, b) - 1e-12 <= value && value <= Math.max(a, b) + 1e-12;
  let faded = 0;
  for (const stretch of [1.2, 1.4, 1.6, 1.8, 2, 2.3, 2.6, 3]) {
    for (const p of points(10, 12, () => 0)) {
      const features = p.features.map((v, j) => (j === 8 ? v : v * stretch));
      const got = calibrator.predict(features, { point: p.base, lower: p.base - 0.25, upper: p.base + 0.25 }, 0.9);
      if (got.weight >= 1 || got.weight < 0.05) continue;
      faded++;
      const z = scaleRow(t.scaler, features);
      const nearest = new NearestLabels(z, t.points, t.fold);
      const perFold = t.foldModels.map((m, k) => foldPrediction(m, z, p.base, nearest.without(k)));
      const calibrated = calibrator.residualsFor().interval(perFold, 0.9);
      const where = `weight ${got.weight.toFixed(2)}: ${got.lower} ≤ ${got.point} ≤ ${got.upper}, calibrated [${calibrated.lower}, ${calibrated.upper}]`;
      assert.ok(between(got.point - got.lower, got.point - calibrated.lower, 0.25), where);
      assert.ok(between(got.upper - got.point, calibrated.upper - got.point, 0.25), where);
    }
  }
  assert.ok(faded >= 10, `${faded} probes between the labels and the shipped model`);
});

test('the fade is full up to its inner reach and falls to nothing far away', () => {
  assert.equal(fadeWeight(0), 1);
  assert.equal(fadeWeight(2.5), 1);
  assert.ok(fadeWeight(5) < fadeWeight(4) && fadeWeight(4) < 1);
  assert.ok(fadeWeight(12) < 1e-3);
});

test('calibration files: garbage, other schema versions, other models and broken targets are clear errors', () => {
  const target = fitTarget(points(12, 5, () => 0.2), 0.9);
  const good = { schema: 'bimetal-calibration', version: 6, id: 'abc123', baseModel: { name: 'eform-v2', hash: 'sha256:1' }, targets: { eForm: target }, labels: [] };
  assert.equal(parseCalibrationFile(JSON.stringify(good), 'sha256:1').id, 'abc123');
  const bad: Array<[string, RegExp]> = [
    ['', /not JSON/],
    ['[]', /not a Bimetal calibration/],
    // Version 1 files name no labels, so a labelled recipe could not be shown held out; version 2
    // files name a label's structure file by its path as written, which no recipe's key now holds;
    // version 3 files chose among corrections only, so one may predict its labels worse than none;
    // version 5 files key a label's ligands by their SMILES as written, which no recipe's key now holds.
    [JSON.stringify({ ...good, version: 1 }), /version 1 is not supported \(this Bimetal reads version 6\); run bimetal calibrate again/],
    [JSON.stringify({ ...good, version: 2 }), /version 2 is not supported \(this Bimetal reads version 6\); run bimetal calibrate again/],
    [JSON.stringify({ ...good, version: 3 }), /version 3 is not supported \(this Bimetal reads version 6\); run bimetal calibrate again/],
    [JSON.stringify({ ...good, version: 4 }), /version 4 is not supported \(this Bimetal reads version 6\); run bimetal calibrate again/],
    [JSON.stringify({ ...good, version: 5 }), /version 5 is not supported \(this Bimetal reads version 6\); run bimetal calibrate again/],
    [JSON.stringify({ ...good, targets: { eForm: { ...target, full: { kind: 'none', intercept: 0.2, weights: [] } } } }), /a model of no correction with intercept 0\.2/],
    [JSON.stringify({ ...good, targets: { eForm: { ...target, chosen: { kind: 'rbf', lambda: 1, lengthScale: 2 } } } }), /the models are not of the chosen kind rbf/],
    [JSON.stringify(good).replace('sha256:1', 'sha256:2'), /other model files/],
    [JSON.stringify({ ...good, targets: { other: target } }), /unknown target/],
    [JSON.stringify({ ...good, targets: { eForm: { ...target, fold: target.fold.map(() => 99) } } }), /fold models do not match/],
    [JSON.stringify({ ...good, targets: { eForm: { ...target, labelKeys: target.labelKeys.slice(1) } } }), /one label key per label expected/],
    [JSON.stringify({ ...good, targets: { eForm: { ...target, full: { kind: 'linear', intercept: 0, weights: [1] } } } }), /1 weights where 9 belong/],
    [JSON.stringify({ ...good, targets: { eForm: { ...target, scaler: { center: [0], scale: [0] } } } }), /malformed feature scaler|malformed label points/],
    // The quality figures are shown as measured, so a hand-edited one is refused, not echoed.
    [JSON.stringify({ ...good, targets: { eForm: { ...target, quality: { ...target.quality, cvMae: 'x' } } } }), /quality cvMae is not a measured error \("x"\)/],
    [JSON.stringify({ ...good, targets: { eForm: { ...target, quality: { ...target.quality, maeBefore: -1 } } } }), /quality maeBefore is not a measured error/],
    [JSON.stringify({ ...good, targets: { eForm: { ...target, quality: { ...target.quality, coverage: 1.5 } } } }), /quality coverage is not a share of labels/],
    [JSON.stringify({ ...good, targets: { eForm: { ...target, quality: { ...target.quality, coverageLevel: 90 } } } }), /quality coverageLevel is not a coverage/],
    [JSON.stringify({ ...good, targets: { eForm: { ...target, quality: { ...target.quality, labels: 13 } } } }), /quality counts 13 labels where the target has 12/],
  ];
  // Too few labels to bound an interval: coverage and width are null in a file, and that is a file.
  const unbounded = fitTarget(points(5, 6, () => 0.2), 0.9);
  assert.equal(JSON.parse(JSON.stringify(unbounded.quality)).coverage, null);
  assert.equal(parseCalibrationFile(JSON.stringify({ ...good, targets: { eForm: unbounded } }), 'sha256:1').id, 'abc123');
  for (const [text, message] of bad) assert.throws(() => parseCalibrationFile(text, 'sha256:1'), (e: unknown) => e instanceof CalibrationFileError && message.test(e.message), text.slice(0, 80));
});
