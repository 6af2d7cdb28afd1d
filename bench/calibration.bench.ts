// Calibration cost: `npm run bench -- calibration`.
// Prints the time to fit a calibration on 1,000 labels (target < 2 s), the cost of scoring a
// 1,200-member family with a calibration against scoring it without (target ≤ 20 % more), and the
// editor's ranking of the 98,600-member sweep (its name's hover, lens and hint) with the
// calibration against without. The labels are real scored records of a host × dopant × size family
// with a synthetic shifted level.
import { performance } from 'node:perf_hooks';
import { labelledRecords, RecordCalibrator } from '../pipeline/src/calibration/apply';
import { baseModelHash } from '../pipeline/src/calibration/baseModel';
import { buildCalibration } from '../pipeline/src/calibration/build';
import { collectLabels } from '../pipeline/src/calibration/labels';
import { createScorer } from '../pipeline/src/index';
import { familyRanking } from '../server/src/familyRanking';

const HOSTS = ['Au', 'Ag', 'Cu', 'Pd', 'Pt', 'Ni'];
const DOPANTS = ['Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ru', 'Rh', 'Pd', 'Ag', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Ti', 'V', 'Cr', 'Zr', 'Nb'];
const COUNTS = '1..10';
/** The 98,600-member family of issue 11. */
const SWEEP = 'recipe Sweep {\n  host Au 1..986\n  dopant Pt 1..100\n}\n';

function familyText(name: string, labelled: boolean): string {
  const blocks: string[] = [];
  for (const host of HOSTS) {
    const dopants = DOPANTS.filter((d) => d !== host);
    blocks.push(`recipe ${name}${host} {\n  host ${host} 45\n  dopant [${dopants.join(', ')}] ${COUNTS}\n  topology none\n${labelled ? '  energy -2.5 eV\n' : ''}}`);
  }
  return blocks.join('\n') + '\n';
}

export async function run(): Promise<void> {
  const scorer = createScorer({});
  const text = familyText('F', false);
  const scored = await scorer.scoreText(text, { file: 'bench.bimetal' });
  const members = scored.members.filter((m) => m.record.prediction);
  // Labels: every member, with its own level shifted by an offset and a composition term.
  for (const m of members) m.spec.energy = m.record.prediction!.eForm + 0.3 + 0.02 * (m.record.descriptors!.hMix ?? 0) + 0.1 * m.record.ratio;
  const { labels } = collectLabels([{ file: 'bench.bimetal', document: { members: members.slice(0, 1000) } }]);
  const hash = await baseModelHash();
  const t0 = performance.now();
  const file = buildCalibration(labels, hash, 0.9);
  const fitSeconds = (performance.now() - t0) / 1000;
  const q = file!.targets.eForm!.quality;
  console.log(`calibrate on ${labels.length} labels: ${fitSeconds.toFixed(2)} s (target < 2 s); chose ${file!.targets.eForm!.chosen.kind}, CV MAE ${q.maeBefore.toFixed(3)} → ${q.cvMae.toFixed(3)}, coverage ${q.coverage.toFixed(2)}`);
  const calibrator = new RecordCalibrator(file!);

  // Scoring from scratch (fresh scorer, models already compiled by the first one) with and without the calibration.
  const timings = { plain: Infinity, calibrated: Infinity };
  for (let round = 0; round < 3; round++) {
    for (const kind of ['plain', 'calibrated'] as const) {
      const fresh = createScorer({});
      await fresh.scoreText('recipe W {\n  host Au 12\n  dopant Pt 1\n}\n', { file: 'warm.bimetal' });
      const start = performance.now();
      const doc = await fresh.scoreText(familyText('S', false), { file: 'score.bimetal' });
      labelledRecords(doc.members, kind === 'calibrated' ? calibrator : undefined, 0.9);
      timings[kind] = Math.min(timings[kind], performance.now() - start);
      await fresh.dispose();
    }
  }
  const extra = timings.calibrated / timings.plain - 1;
  console.log(
    `score ${members.length} members: ${timings.plain.toFixed(0)} ms without, ${timings.calibrated.toFixed(0)} ms with a calibration (${(extra * 100).toFixed(1)} % more; target ≤ 20 %)`,
  );
  await sweepRanking(scorer, calibrator);
  await scorer.dispose();
}

/** The first ranking of the sweep's members in a scoring run (familyRanking caches it per run), best of 3, with and without the calibration. */
async function sweepRanking(scorer: ReturnType<typeof createScorer>, calibrator: RecordCalibrator): Promise<void> {
  const sweep = await scorer.scoreText(SWEEP, { file: 'sweep.bimetal' });
  const timings = { plain: Infinity, calibrated: Infinity };
  for (let round = 0; round < 3; round++) {
    for (const kind of ['plain', 'calibrated'] as const) {
      const members = [...sweep.members];
      const start = performance.now();
      familyRanking(members, kind === 'calibrated' ? { calibrator, coverage: 0.9 } : undefined);
      timings[kind] = Math.min(timings[kind], performance.now() - start);
    }
  }
  console.log(
    `rank the ${sweep.members.length}-member sweep (its name's hover, lens, hint): ${timings.plain.toFixed(0)} ms without, ${timings.calibrated.toFixed(0)} ms with the calibration (× ${(timings.calibrated / timings.plain).toFixed(1)})`,
  );
}
