import { readdirSync, readFileSync } from 'node:fs';
import { startTestServer } from '../test/server/lspHarness';
const names = (pid: number) => readdirSync(`/proc/${pid}/task`).map((t) => readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim());
async function main() {
  const server = await startTestServer();
  console.log('before', names(server.pid));
  await server.open('file:///t/a.bimetal', 'recipe A {\n host Au 12\n dopant Pd 1\n}\n');
  await server.waitFor('file:///t/a.bimetal', 1, 'scored');
  console.log('after', names(server.pid));
  await server.stop();
}
void main();
