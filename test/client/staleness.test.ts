import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoredUnder, showsCalibration } from '../../client/src/results/staleness';
import { DEFAULT_SETTINGS } from '../../report/src/settings';
import { record } from '../helpers/scoreRecord';

const settings = { ...DEFAULT_SETTINGS, coverage: 0.9, phiThreshold: -0.3 };
const calibrated = (recipe: string, id: string) => {
  const r = record(recipe, -2);
  return { ...r, prediction: { ...r.prediction!, model: `eform-v2+cal:${id}` } };
};

test('records scored under other settings are told apart: coverage, φ threshold, a family over the size limit', () => {
  const family = ['F[dopant=Pd]', 'F[dopant=Pt]', 'F[dopant=Ni]'].map((name) => record(name, -2));
  const records = [...family, record('single', -1), record('unscored', null)];
  assert.equal(scoredUnder(records, settings), true);
  assert.equal(scoredUnder(records, { ...settings, coverage: 0.8 }), false, 'intervals at 90 %, 80 % configured');
  assert.equal(scoredUnder(records, { ...settings, phiThreshold: -0.5 }), false, 'φ verdicts against −0.3');
  assert.equal(scoredUnder(records, { ...settings, maxFamilySize: 3 }), true);
  assert.equal(scoredUnder(records, { ...settings, maxFamilySize: 2 }), false, 'a family of 3 where 2 is the most accepted');
  // The same recipe name in two files is two recipes, not one family of two.
  assert.equal(scoredUnder([record('single', -1), record('single', -1, { file: '/ws/b.bimetal' })], { ...settings, maxFamilySize: 1 }), true);
  // A file's families together are bounded too (BM235); recipes of one member do not count, nor families of another file.
  const two = [...family, ...['G[dopant=Pd]', 'G[dopant=Pt]'].map((name) => record(name, -2)), record('single', -1)];
  assert.equal(scoredUnder(two, { ...settings, maxFamilySize: 5 }), true);
  assert.equal(scoredUnder(two, { ...settings, maxFamilySize: 4 }), false, 'families of 3 and 2 members in one file where 4 is the most accepted');
  const apart = [...family, ...['G[dopant=Pd]', 'G[dopant=Pt]'].map((name) => record(name, -2, { file: '/ws/b.bimetal' }))];
  assert.equal(scoredUnder(apart, { ...settings, maxFamilySize: 3 }), true);
});

test('records show a calibration when some prediction is calibrated by it and none by another', () => {
  const plain = [record('a', -2), record('b', null)];
  assert.equal(showsCalibration(plain, null), true);
  assert.equal(showsCalibration(plain, '8970ac'), false, 'made before the calibration was fitted (or switched on)');
  const mixed = [calibrated('a', '8970ac'), record('far', -2), record('b', null)];
  assert.equal(showsCalibration(mixed, '8970ac'), true, 'a recipe the calibration cannot apply to keeps the shipped model');
  assert.equal(showsCalibration(mixed, null), false, 'made before the calibration was switched off');
  assert.equal(showsCalibration(mixed, 'fb74d6'), false, 'made with an earlier calibration');
});
