// `npm run bench`: runs every bench/*.bench.ts module in name order. Each module exports
// `run(): Promise<void>` and prints its own figures; ratios within one run are what to compare,
// because these machines are shared and noisy.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const benchDir = path.dirname(new URL(import.meta.url).pathname);
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  const mod = (await import(pathToFileURL(path.join(benchDir, file)).href)) as { run: () => Promise<void> };
  await mod.run();
}
