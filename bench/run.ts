// `npm run bench`: runs every bench/*.bench.ts module in name order. Each module exports
// `run(): Promise<void>` and prints its own figures; ratios within one run are what to compare,
// because these machines are shared and noisy.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { machineSpeed, machineSpeedLine } from './machineSpeed';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  console.log(machineSpeedLine('at the start', machineSpeed()));
  try {
    for (const file of files) {
      console.log(`\n## ${file.replace('.bench.ts', '')}`);
      const mod = (await import(path.join(__dirname, file))) as { run: () => Promise<void> };
      await mod.run();
    }
  } finally {
    // A bench that failed leaves the figures before it, which are read against the speed too.
    console.log(`\n${machineSpeedLine('at the end', machineSpeed())}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
