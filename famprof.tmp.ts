import { startTestServer } from './test/server/lspHarness';
async function main() {
  const size = Number(process.argv[2]);
  const server = await startTestServer({ nodeArgs: ['--cpu-prof', '--cpu-prof-dir=/tmp/w12/prof5'] });
  const uri = 'file:///soak/f.bimetal';
  await server.open(uri, `recipe Sweep {\n  host     Au 1..${size / 100}\n  dopant   Pt 1..100\n  ligands  PET x 6\n}\n`);
  const t0 = performance.now();
  let done = false;
  const p = server.waitFor(uri, 1, 'scored', 600000).then(() => (done = true));
  while (!done) { const t = performance.now(); await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 11 } }); const d = performance.now() - t; if (d > 200) console.log('stall', (t - t0).toFixed(0), d.toFixed(0)); await new Promise(r => setTimeout(r, 50)); }
  console.log('scored', (performance.now() - t0).toFixed(0));
  await server.stop();
}
void main();
