import * as b from '../bench/server.bench';
async function main() {
  const which = process.argv[2];
  await (b as any)[which](...process.argv.slice(3).map(Number));
}
void main();
