// Figures of docs/calibration.md: `node --import tsx scripts/calibration-figures.ts` prints its two
// tables; with `--check` it fails unless the page holds each of them as printed now (test/pipeline/calibrationFigures.test.ts).
// Scores with the shipped models; the held-out scenario reads ../shared/data (LPNC, GPL-3.0: read, never copied).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RecordCalibrator } from '../pipeline/src/calibration/apply';
import { createScorer } from '../pipeline/src/index';
import { fadeProfile, heldOutLpnc, syntheticShift, type Measured } from './calibrationScenarios';
import { REPO_ROOT, dataDir as requiredDataDir } from './gen-common';

function row(name: string, m: Measured, labels: number, cvMae: number): string {
  const f = (x: number) => x.toFixed(3);
  // A mean over unbounded intervals (BM405) has no width to print.
  const width = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'unbounded');
  return `| ${name} | ${labels} | ${m.n} | ${f(m.maeBase)} | ${f(m.maeOffset)} | ${f(m.maeCalibrated)} | ${f(cvMae)} | ${m.coverage.toFixed(2)} | ${width(m.meanWidth)} | ${m.baseCoverage.toFixed(2)} | ${width(m.baseMeanWidth)} |`;
}

/** The tables among `lines`, each as its rows joined: a table ends at its first line that is not a row. */
function tables(lines: readonly string[]): string[] {
  const found: string[] = [];
  let current: string[] = [];
  for (const line of [...lines, '']) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      found.push(current.join('\n'));
      current = [];
    }
  }
  return found;
}

async function main(): Promise<void> {
  const printed: string[] = [];
  const say = (text: string) => printed.push(...text.split('\n'));
  const scorer = createScorer({});
  // Before the first scenario: without the data the held-out one cannot run, and the table would stop halfway.
  const dataDir = requiredDataDir();
  say('| scenario | labels | held-out rows | MAE shipped | MAE offset only | MAE calibrated | CV MAE (own) | 90 % coverage | mean width | shipped coverage | shipped width |');
  say('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const synthetic = await syntheticShift(scorer);
  say(row('synthetic shift', synthetic.heldOut, synthetic.calibration.targets.eForm!.quality.labels, synthetic.calibration.targets.eForm!.quality.cvMae));
  const lpnc = await heldOutLpnc(scorer, dataDir);
  say(row('LPNC Au–Ag thiolates, other configurations', lpnc.heldOut, lpnc.calibration.targets.eForm!.quality.labels, lpnc.calibration.targets.eForm!.quality.cvMae));
  for (const size of [36, 279]) {
    const bySize = await heldOutLpnc(scorer, dataDir, size);
    const q = bySize.calibration.targets.eForm!.quality;
    say(row(`LPNC Au–Ag thiolates, size ${size} held out`, bySize.heldOut, q.labels, q.cvMae));
  }
  say('\nFade (synthetic-shift calibration applied away from its labels):\n');
  say('| recipe | weight | shift (eV/atom) | width change (eV/atom) |\n| --- | --- | --- | --- |');
  const calibrator = new RecordCalibrator(synthetic.calibration);
  const far = await fadeProfile(scorer, calibrator, 'recipe P {\n  host Au 12\n  dopant Co 1\n  topology icosahedron\n}\nrecipe Q {\n  host [Au, Pt] [54, 146]\n  dopant [Co, Ti] 1\n  topology icosahedron\n}\nrecipe R {\n  host [W, Ta] 560\n  dopant [Sc, Y] 1\n  topology icosahedron\n}\n');
  for (const f of far) say(`| ${f.recipe} | ${f.weight.toFixed(3)} | ${f.shift.toFixed(3)} | ${f.widthChange.toFixed(3)} |`);
  await scorer.dispose();
  if (!process.argv.includes('--check')) {
    console.log(printed.join('\n'));
    return;
  }
  const page = readFileSync(path.join(REPO_ROOT, 'docs', 'calibration.md'), 'utf8');
  const stale = tables(printed).filter((table) => !page.includes(table));
  for (const table of stale) console.error(`docs/calibration.md lacks this table as measured now:\n${table}\n`);
  process.exitCode = stale.length > 0 ? 1 : 0;
}

void main();
