import { editLatency } from '../bench/server.bench';
import { startTestServer } from '../test/server/lspHarness';
async function main() { const s = await startTestServer({ nodeArgs: process.argv.includes('--prof') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof/ed'] : [] }); await editLatency(s); await s.stop(); }
void main();
