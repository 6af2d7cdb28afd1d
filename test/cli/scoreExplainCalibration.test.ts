/**
 * `bimetal score --calibration FILE --explain`: what the explanation says of the calibration behind
 * a calibrated E_form and site ΔE, checked against the calibration file and the shipped records.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeLinearModels } from '../pipeline/modelFixture';
import { ensureBuilt, runCli } from './runCli';

type JsonRecord = Record<string, any>;

let work: string;
let models: string;

before(() => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-cli-explain-cal-'));
  models = path.join(work, 'models');
  writeLinearModels(models);
});

after(() => rmSync(work, { recursive: true, force: true }));

function score(file: string, args: string[]): JsonRecord[] {
  const r = runCli(['score', file, '--models', models, ...args]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonRecord[];
}

/** Fits a calibration on `recipes` (written to `name`.bimetal) and returns its path and parsed content. */
function calibrate(name: string, recipes: string): { labels: string; calibration: string; file: JsonRecord } {
  const labels = path.join(work, `${name}.bimetal`);
  const calibration = path.join(work, `${name}.cal.json`);
  writeFileSync(labels, recipes);
  const r = runCli(['calibrate', labels, '--models', models, '--out', calibration]);
  assert.equal(r.status, 0, r.stderr);
  return { labels, calibration, file: JSON.parse(readFileSync(calibration, 'utf8')) };
}

/** The explanation's lines from the one that starts (after its indentation) with `heading` to the next prediction's heading. */
function section(record: JsonRecord, heading: string): string[] {
  const lines = record.explain as string[];
  const start = lines.findIndex((l) => l.startsWith(`  ${heading}`));
  assert.ok(start >= 0, `no ${heading} in\n${lines.join('\n')}`);
  const end = lines.findIndex((l, i) => i > start && /^ {2}\S/.test(l));
  return lines.slice(start, end < 0 ? undefined : end);
}

function line(lines: string[], prefix: string): string {
  const found = lines.filter((l) => l.trimStart().startsWith(prefix));
  assert.equal(found.length, 1, `one "${prefix}" line expected in\n${lines.join('\n')}`);
  return found[0].trim();
}

const DOPANTS = ['Pt', 'Pd', 'Cu', 'Ag'];

/** Au12X icosahedra with the core site stated, `labels(i)` written into recipe i. */
function icosahedra(dopants: string[], labels: (i: number) => string): string {
  return dopants.map((d, i) => `recipe Au12${d} {\n  host Au 12\n  dopant ${d} 1\n  topology icosahedron\n  site core\n${labels(i)}}\n`).join('\n');
}

interface FewLabels {
  labels: string;
  calibration: string;
  file: JsonRecord;
  /** The calibrated, explained records of the labels and Au12Ni. */
  records: JsonRecord[];
}

let few: FewLabels | undefined;
let shifted: FewLabels | undefined;

/** Four labels above and below the shipped model in turn (fitFewLabels), fitted once for the tests that read them. */
function fewLabels(): FewLabels {
  few ??= fitFewLabels('few', (i) => (i % 2 === 0 ? 1 : -1));
  return few;
}

/** Four labels all above the shipped model (fitFewLabels): an offset corrects them. */
function shiftedLabels(): FewLabels {
  shifted ??= fitFewLabels('shifted', () => 1);
  return shifted;
}

/**
 * Four E_form labels 0.5 eV/atom off the shipped model and four site labels 0.3 eV off it, on the
 * side `sign(i)` says: the shipped model's MAE on them is 0.500 eV/atom (0.300 eV). Above and below
 * in turn, a fit without each label leans the other way, so no correction beats the shipped model;
 * all on one side, an offset does. Four labels give jackknife+ intervals from 3 other residuals (4
 * for a recipe that is no label), short of the 9 a 90 % interval needs. Au12Ni is no label.
 */
function fitFewLabels(name: string, sign: (i: number) => number): FewLabels {
  const unlabelled = path.join(work, `${name}-unlabelled.bimetal`);
  writeFileSync(unlabelled, icosahedra(DOPANTS, () => ''));
  const shipped = score(unlabelled, []);
  const recipes =
    icosahedra(DOPANTS, (i) => `  energy ${shipped[i].prediction.eForm + 0.5 * sign(i)} eV\n  siteEnergy ${shipped[i].site.deltaE - 0.3 * sign(i)} eV\n`) + icosahedra(['Ni'], () => '');
  const fitted = calibrate(name, recipes);
  return { ...fitted, records: score(fitted.labels, ['--calibration', fitted.calibration, '--explain']) };
}

let many: { labels: string; calibration: string; file: JsonRecord; record: JsonRecord } | undefined;

/**
 * Twenty Au–Pt labels of one pair, CV+ with five folds dealt in turn, on a trend in size that the
 * calibration follows better than the shipped model (checked where read); the first label's
 * calibrated, explained record.
 */
function manyLabels(): NonNullable<typeof many> {
  if (!many) {
    const recipes = Array.from({ length: 20 }, (_, i) => `recipe AuPt${i} {\n  host Au ${12 + i}\n  dopant Pt ${1 + (i % 3)}\n  energy ${(-2.7 + 0.01 * i).toFixed(2)} eV\n}\n`).join('\n');
    const fitted = calibrate('cvplus', recipes);
    many = { ...fitted, record: score(fitted.labels, ['--calibration', fitted.calibration, '--explain'])[0] };
  }
  return many;
}

test('--explain states the calibration CV MAE beside the shipped model MAE on its labels, or that no correction beat it, for E_form and the site', () => {
  const { labels, file, records } = fewLabels();
  const shipped = score(labels, []);
  for (const [target, heading, unit, shippedMae] of [
    ['eForm', 'E_form =', 'eV/atom', '0.500'],
    ['siteEnergy', 'ΔE site =', 'eV', '0.300'],
  ]) {
    const t = file.targets[target];
    const offset = t.candidates.find((c: { kind: string }) => c.kind === 'offset');
    assert.ok(offset.cvMae > t.quality.maeBefore, `an offset would predict the fixture's ${target} labels worse: ${offset.cvMae} against ${t.quality.maeBefore}`);
    assert.equal(t.chosen.kind, 'none');
    for (const record of records) {
      const lines = section(record, heading);
      assert.match(
        line(lines, 'calibration:'),
        new RegExp(
          `^calibration: 4 labels, no correction beat the shipped model's MAE of ${shippedMae} ${unit} on these labels by cross-validation: its points are kept, and 4 labels are too few to bound intervals at 90 % coverage \\(that needs 9\\), so at 90 % the shipped intervals stand too; `,
        ),
      );
      assert.ok(!lines.some((l) => l.includes('warning')), lines.join('\n'));
    }
  }
  assert.deepEqual(
    records.map((r) => [r.prediction.eForm, r.site.deltaE]),
    shipped.map((r) => [r.prediction.eForm, r.site.deltaE]),
    'the shipped points are kept',
  );
  // A calibration better than the shipped model on its labels states both errors.
  const { file: better, record } = manyLabels();
  const q = better.targets.eForm.quality;
  assert.ok(q.cvMae < q.maeBefore, `the fixture's twenty labels are predicted better: ${q.cvMae} against ${q.maeBefore}`);
  const lines = section(record, 'E_form =');
  assert.match(line(lines, 'calibration:'), new RegExp(`^calibration: 20 labels, CV MAE ${q.cvMae.toFixed(3)} against the shipped model's ${q.maeBefore.toFixed(3)} eV/atom; `));
});

test('--explain says a calibrated interval its residuals cannot bound at the coverage is none, and states the one they bound', () => {
  const { labels, calibration } = fewLabels();
  const hull = 'not a calibrated 90 % interval: the calibration has';
  // A correction moves the point, so the interval spans the shipped one and the same moved with it; no correction moves nothing.
  for (const [fixture, spans] of [
    [shiftedLabels(), 'the shipped interval and the same moved with the calibrated point, and the widest interval those residuals bound'],
    [fewLabels(), 'the shipped interval, and the widest interval those residuals bound'],
  ] as const) {
    assert.equal(fixture.file.targets.eForm.chosen.kind === 'none', spans.startsWith('the shipped interval,'), fixture.file.targets.eForm.chosen.kind);
    const [label, unlabelled] = [fixture.records[0], fixture.records[4]];
    assert.equal(label.prediction.calibration.heldOut, true);
    assert.equal(unlabelled.prediction.calibration.heldOut, undefined);
    const cases: Array<[JsonRecord, string]> = [
      [label, "the other folds' 3 residuals"],
      [unlabelled, '4 residuals'],
    ];
    for (const [record, residuals] of cases) {
      const estimates: Array<[string, JsonRecord]> = [
        ['E_form =', record.prediction],
        ['ΔE site =', record.site],
      ];
      for (const [heading, estimate] of estimates) {
        const interval = `[${estimate.lower.toFixed(3)}, ${estimate.upper.toFixed(3)}]`;
        assert.equal(line(section(record, heading), 'interval:'), `interval: ${interval}, ${hull} ${residuals} for it, and 90 % needs at least 9; so this spans ${spans}`);
      }
    }
  }
  // At the calibration's own level (90 %) no label's interval is bounded, so the record's
  // calibration.coverage is null; at 50 %, one residual bounds an interval, so it is measured
  // there (at the level the record's intervals have), and the interval is stated.
  assert.equal(score(labels, ['--calibration', calibration])[0].prediction.calibration.coverage, null);
  const half = score(labels, ['--calibration', calibration, '--explain', '--coverage', '0.5'])[0];
  assert.ok(half.prediction.calibration.coverage >= 0 && half.prediction.calibration.coverage <= 1, `${half.prediction.calibration.coverage}`);
  const p = half.prediction;
  assert.equal(line(section(half, 'E_form ='), 'interval:'), `interval: [${p.lower.toFixed(3)}, ${p.upper.toFixed(3)}] at 50 % coverage, from the calibration`);
});

test("--explain names a calibrated site ΔE's model as the calibrated E_form's is named, with the calibration's id", () => {
  const { file, records } = fewLabels();
  for (const record of records) {
    assert.ok(record.site.calibration, 'the site is calibrated');
    assert.equal(record.prediction.model, `eform-v2+cal:${file.id}`);
    assert.match(line(section(record, 'ΔE site ='), 'model:'), new RegExp(`^model: site-v2\\+cal:${file.id}; `));
    assert.match(line(section(record, 'ΔE site ='), 'the shipped'), /^the shipped site-v2 alone: /);
  }
});

test('--explain says how a held-out label was fitted as its calibration term does, and what its weight is measured to', () => {
  const { file, record: cvPlus } = manyLabels();
  assert.equal(file.targets.eForm.method, 'cv+');
  const fitted = 'the labels that fit saw';
  const cases: Array<[JsonRecord, string, string]> = [
    [cvPlus, "fitted without this label's cross-validation fold", fitted],
    [shiftedLabels().records[0], 'fitted without this label', fitted],
    // No correction fits nothing: only the label's interval is made without it.
    [fewLabels().records[0], "its interval from the other labels' residuals", 'the labels its interval was made from'],
  ];
  for (const [record, phrase, outside] of cases) {
    const lines = section(record, 'E_form =');
    assert.match(
      line(lines, 'calibration:'),
      new RegExp(`; held out: the recipe is one of its labels, ${phrase}; weight [\\d.]+ here, by its distance to ${outside} \\(1 near them, towards 0 far from them, where the shipped model takes over\\)$`),
    );
    assert.equal(line(lines, 'source: calibration'), `source: calibration ${record.prediction.model.split(':')[1]} (${record.prediction.calibration.labels} labels; held out: ${phrase})`);
  }
});
