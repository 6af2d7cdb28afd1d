/**
 * Bundle sizes from the last build's metafiles (`npm run bench` builds first), against the budgets
 * test/build/bundles.test.ts enforces, with the five packages that weigh most in each bundle; then
 * the size of the VSIX (`npm run package`, rebuilt when older than its inputs).
 */
import { statSync } from 'node:fs';
import { BUNDLE_BUDGETS, bytesByPackage, readBundles } from '../test/build/bundleRules';
import { ensureVsix } from '../test/workbench/harness';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

export async function run(): Promise<void> {
  const bundles = readBundles();
  if (bundles.length === 0) throw new Error('no dist/meta-*.json: run `npm run build` first');
  for (const b of bundles) {
    const budget = BUNDLE_BUDGETS[b.name];
    const share = budget ? `${((100 * b.bytes) / budget).toFixed(0)} % of its ${kb(budget)} budget` : 'no budget';
    const top = bytesByPackage(b)
      .slice(0, 5)
      .map(([name, bytes]) => `${name} ${kb(bytes)}`)
      .join(', ');
    console.log(`${b.file}: ${kb(b.bytes)} (${share}); largest: ${top}`);
  }
  const vsix = ensureVsix(180_000);
  console.log(`bimetal.vsix: ${(statSync(vsix).size / 1048576).toFixed(1)} MiB`);
}
