// Figures of docs/calibration.md: `node --import tsx scripts/calibration-figures.ts`.
// Scores with the shipped models; the held-out scenario reads ../shared/data (LPNC, GPL-3.0: read, never copied).
import { RecordCalibrator } from '../pipeline/src/calibration/apply';
import { createScorer } from '../pipeline/src/index';
import { fadeProfile, heldOutLpnc, syntheticShift, type Measured } from './calibrationScenarios';
import { dataDir as requiredDataDir } from './gen-common';

function row(name: string, m: Measured, labels: number, cvMae: number): string {
  const f = (x: number) => x.toFixed(3);
  // A mean over unbounded intervals (BM405) has no width to print.
  const width = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'unbounded');
  return `| ${name} | ${labels} | ${m.n} | ${f(m.maeBase)} | ${f(m.maeOffset)} | ${f(m.maeCalibrated)} | ${f(cvMae)} | ${m.coverage.toFixed(2)} | ${width(m.meanWidth)} | ${m.baseCoverage.toFixed(2)} | ${width(m.baseMeanWidth)} |`;
}

async function main(): Promise<void> {
  const scorer = createScorer({});
  // Before the first scenario: without the data the held-out one cannot run, and the table would stop halfway.
  const dataDir = requiredDataDir();
  console.log('| scenario | labels | held-out rows | MAE shipped | MAE offset only | MAE calibrated | CV MAE (own) | 90 % coverage | mean width | shipped coverage | shipped width |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const synthetic = await syntheticShift(scorer);
  console.log(row('synthetic shift', synthetic.heldOut, synthetic.calibration.targets.eForm!.quality.labels, synthetic.calibration.targets.eForm!.quality.cvMae));
  const lpnc = await heldOutLpnc(scorer, dataDir);
  console.log(row('LPNC Au–Ag thiolates, other configurations', lpnc.heldOut, lpnc.calibration.targets.eForm!.quality.labels, lpnc.calibration.targets.eForm!.quality.cvMae));
  for (const size of [36, 279]) {
    const bySize = await heldOutLpnc(scorer, dataDir, size);
    const q = bySize.calibration.targets.eForm!.quality;
    console.log(row(`LPNC Au–Ag thiolates, size ${size} held out`, bySize.heldOut, q.labels, q.cvMae));
  }
  console.log('\nFade (synthetic-shift calibration applied away from its labels):\n');
  console.log('| recipe | weight | shift (eV/atom) | width change (eV/atom) |\n| --- | --- | --- | --- |');
  const calibrator = new RecordCalibrator(synthetic.calibration);
  const far = await fadeProfile(scorer, calibrator, 'recipe P {\n  host Au 12\n  dopant Co 1\n  topology icosahedron\n}\nrecipe Q {\n  host [Au, Pt] [54, 146]\n  dopant [Co, Ti] 1\n  topology icosahedron\n}\nrecipe R {\n  host [W, Ta] 560\n  dopant [Sc, Y] 1\n  topology icosahedron\n}\n');
  for (const f of far) console.log(`| ${f.recipe} | ${f.weight.toFixed(3)} | ${f.shift.toFixed(3)} | ${f.widthChange.toFixed(3)} |`);
  await scorer.dispose();
}

void main();
