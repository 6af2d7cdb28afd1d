import { performance } from 'node:perf_hooks';
import { mixedRecipeFile, recipeFile } from '../bench/server.bench';
import { startTestServer } from '../test/server/lspHarness';
async function main() {
const prof = process.argv.includes('--prof');
const plain = process.argv.includes('--plain');
const server = await startTestServer({ nodeArgs: prof ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof/out'] : [] });
const text = plain ? recipeFile(10000) : mixedRecipeFile(10000);
const t0 = performance.now();
await server.open('file:///bench/m.bimetal', text);
await server.waitFor('file:///bench/m.bimetal', 1, 'parsed', 600000);
const t1 = performance.now();
await server.waitFor('file:///bench/m.bimetal', 1, 'scored', 600000);
console.log('parsed', (t1 - t0).toFixed(0), 'scored', (performance.now() - t0).toFixed(0), server.statuses().map(s=>s.state).join(','));
await server.stop();

}
void main();
