import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featureIndex } from '../../engine/src/features/schema';
import { calibrationGroupText, unboundedIntervalDiagnostic } from '../../engine/src/inference/diagnostics';
import { packPredictions, unpackPredictions } from '../../engine/src/inference/predictionWire';
import { loadModelRuntime, type ModelRuntime } from '../../engine/src/inference/runtime';
import { FIXTURE_TERMS } from '../helpers/energyTerms';
import { agreeingFoldsModel, cvPlusCalibration, writeModelFiles } from '../helpers/linearModel';

/**
 * A composed interval's groups travel as records (Prediction.calibrationParts), not in its name: the
 * conformal file names its groups freely (models/FORMAT.md), and a name that holds ' + ' or brackets
 * was split back into the wrong groups. "unfitted pairs (new + far) + element-new" read as the mixing
 * group "unfitted pairs (new" with the size groups "far)" and "element-new", paired with the points by
 * position: BM405 said "30 in its size group "far)" and undefined in its size group "element-new"", asked
 * for 39 points at 97.5 % (two size parts' level) where the interval takes its one at 95 %, lost its
 * "though none above" cap, and the mixing term's c_M was looked up under "unfitted pairs (new".
 */
const F = FEATURE_NAMES.length;
const AU = 79;
const FE = 26;
const PD = 46;

// Which groups an interval is composed of is the test; the model's outputs are not.
const onnx = agreeingFoldsModel(new Array(F).fill(0), 0.02);

const PAIRS = 'unfitted pairs (new + far)';
const SHELLS = 'shells (thiolate + nc)';
const SMALL = 'small (6)';
// Ten points for the new pairs and the small clusters, too few at 95 %; thirty in each other group, enough there.
const counts: Record<string, number> = { [PAIRS]: 10, 'element-new': 30, [SHELLS]: 30, 'pair-seen': 30, [SMALL]: 10 };
const groupOf = Object.entries(counts).flatMap(([name, n]) => Array.from({ length: n }, () => name));
const residuals = groupOf.map((_, i) => 0.01 * ((i % 30) + 1));

function conformal() {
  const file = cvPlusCalibration(residuals, groupOf, 'novelty');
  return { ...file, groups: { ...file.groups, [PAIRS]: { n: counts[PAIRS], members: ['pair-new', 'pair-far'] }, [SHELLS]: { n: counts[SHELLS], members: ['environment'] }, [SMALL]: { n: counts[SMALL], members: ['small-6'] } } };
}

function row(values: Record<string, number>): Float32Array {
  const r = new Float32Array(F);
  for (const [name, v] of Object.entries({ support_none: 1, ...values })) r[featureIndex(name)] = v;
  return r;
}

// Au54Fe: Fe has no size law, so its pair's mixing residuals are widened by the refitted laws' (element-new).
const bimetallic = { host_z: AU, dopant_z: FE, n_host: 54, n_dopant: 1, n_metal: 55, ratio: 1 / 55 };
// Au24Fe(SR)18: the shell's environment residuals widened by that bare core's parts.
const shell = { ...bimetallic, n_host: 24, n_metal: 25, ratio: 1 / 25, ligands_per_metal: 18 / 25, ligand_frac_thiolate: 1 };
// Au5Pd(SR)6: a shell on a core below the laws' 13 atoms, whose one group takes the core's half of α.
const smallShell = { host_z: AU, dopant_z: PD, n_host: 5, n_dopant: 1, n_metal: 6, ratio: 1 / 6, ligands_per_metal: 1, ligand_frac_thiolate: 1 };

let root: string;
let runtime: ModelRuntime;

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'bimetal-parts-'));
  const card = { name: 'eform-v2', version: 'test', features: FEATURE_NAMES, featureSchema: FEATURE_SCHEMA_VERSION, domain: { pairs: ['Au-Pd'], features: { miedema_mixing: { min: -0.1, max: 0.05 } } } };
  writeModelFiles(root, 'eform-v2', { onnx, card, conformal: conformal(), terms: FIXTURE_TERMS });
  runtime = await loadModelRuntime({ modelDir: root });
});

after(async () => {
  await runtime?.release();
  rmSync(root, { recursive: true, force: true });
});

test('a composed interval carries its groups as records: a group name with " + " and brackets is named whole, with its own points, share of α and level', async () => {
  const [bare, shelled] = await runtime.predictEForm([row(bimetallic), row(shell)], { coverage: 0.9 });
  assert.equal(bare.calibrationGroup, `${PAIRS} + element-new`);
  assert.deepEqual(bare.calibrationParts, [
    { role: 'mixing', group: PAIRS, points: 10, share: 2, level: 0.95 },
    { role: 'size', group: 'element-new', points: 30, share: 2, level: 0.95 },
  ]);
  assert.equal(shelled.calibrationGroup, `${SHELLS} + (${PAIRS} + element-new)`);
  assert.deepEqual(shelled.calibrationParts, [
    { role: 'environment', group: SHELLS, points: 30, share: 2, level: 0.95 },
    { role: 'mixing', group: PAIRS, points: 10, share: 4, level: 0.975 },
    { role: 'size', group: 'element-new', points: 30, share: 4, level: 0.975 },
  ]);
  // The mixing term's c_M is the mixing group's (a shell's: its environment group's), found by its whole name.
  assert.equal(bare.terms.find((t) => t.key === 'mixing')?.inputs.calibrationGroup, PAIRS);
  assert.equal(shelled.terms.find((t) => t.key === 'mixing')?.inputs.calibrationGroup, SHELLS);

  assert.match(calibrationGroupText(bare), /^calibration group "unfitted pairs \(new \+ far\)" for the mixing term with "element-new" for the size term \(the rule for [^)]*, element-new\)$/);
  const note = unboundedIntervalDiagnostic(bare, { start: 0, end: 1 })!.message;
  assert.match(
    note,
    /holds 10 points in its mixing group and 30 in its size group "element-new", too few for 90 % coverage \(CV\+ needs at least 19 points in its mixing group, whose residuals the interval takes at 95 %\), .*though none above 81\.8 %$/,
    note,
  );
  const shellNote = unboundedIntervalDiagnostic(shelled, { start: 0, end: 1 })!.message;
  assert.match(
    shellNote,
    /calibration group "shells \(thiolate \+ nc\)" for the environment term \(the rule for [^)]*, environment\), widened by its bare core's "unfitted pairs \(new \+ far\)" for the mixing term with "element-new" for the size term, holds 30 points in its environment group, 10 in its bare core's mixing group and 30 in its bare core's size group "element-new", too few for 90 % coverage \(CV\+ needs at least 39 points in its bare core's mixing group, whose residuals the interval takes at 97\.5 %, and 39 in its bare core's size group "element-new", at 97\.5 %\)/,
    shellNote,
  );

  const [small] = await runtime.predictEForm([row(smallShell)], { coverage: 0.9 });
  assert.equal(small.calibrationGroup, `${SHELLS} + (${SMALL})`);
  assert.deepEqual(small.calibrationParts, [
    { role: 'environment', group: SHELLS, points: 30, share: 2, level: 0.95 },
    { role: 'core', group: SMALL, points: 10, share: 2, level: 0.95 },
  ]);
  const smallNote = unboundedIntervalDiagnostic(small, { start: 0, end: 1 })!.message;
  assert.match(smallNote, /widened by its bare core's "small \(6\)", holds 30 points in its environment group and 10 in its bare core's group, too few for 90 % coverage \(CV\+ needs at least 19 points in its bare core's group, whose residuals the interval takes at 95 %\), /, smallNote);
  // The records cross from the inference worker as they are.
  assert.deepEqual(unpackPredictions(packPredictions([bare, shelled, small])), [bare, shelled, small]);
});
