/**
 * `node --import tsx scripts/fuzz-retime.ts REPORT.json`: re-runs the slowest inputs that a
 * `npm run fuzz -- --report` run recorded, three times each on a warm scorer with the current code,
 * and prints the campaign's time beside the new ones. A long campaign on a shared machine records
 * pauses that are not the input's (garbage collection, other processes); this tells them apart from
 * inputs that are really slow, and checks a fix for those.
 */
import { readFileSync } from 'node:fs';
import { createScorer } from '../pipeline/src/index';
import { fuzzBaseDir, warmUp, type InputSummary } from '../test/fuzz/campaign';
import { fuzzCorpus } from '../test/fuzz/corpus';
import { runInput } from '../test/fuzz/harness';
import { fuzzInput } from '../test/fuzz/inputs';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: scripts/fuzz-retime.ts REPORT.json');
  const report = JSON.parse(readFileSync(file, 'utf8')) as { args: { seed: number; maxFamilySize: number }; slow: InputSummary[] };
  const scorer = createScorer({ maxFamilySize: report.args.maxFamilySize });
  const corpus = fuzzCorpus();
  const baseDir = fuzzBaseDir();
  await warmUp(scorer, corpus, baseDir);
  for (const slow of report.slow) {
    const input = fuzzInput(report.args.seed, slow.index, corpus);
    const times: number[] = [];
    // A different trailing comment each time: the grammar runs again, as it did in the campaign.
    for (let run = 0; run < 3; run++) times.push((await runInput(scorer, `${input.text}\n# ${run}`, baseDir)).ms);
    console.log(`#${slow.index} (${slow.kind}, ${slow.bytes} B): campaign ${slow.ms.toFixed(0)} ms, now ${times.map((t) => t.toFixed(0)).join(' / ')} ms`);
  }
  await scorer.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
