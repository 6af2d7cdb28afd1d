// Runs every test file under test/ with Node's built-in test runner (TypeScript through tsx).
// Node 20's --test does not expand globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const only = process.argv.slice(2);

function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'fixtures' || entry === 'golden' || entry === 'node_modules') continue;
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (/\.test\.(ts|mjs)$/.test(entry)) out.push(p);
  }
  return out;
}

let files = findTests(path.join(root, 'test')).sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
