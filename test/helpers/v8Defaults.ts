/** V8's own defaults, read from this Node's `--v8-options`, to compare a process with them. */
import { spawnSync } from 'node:child_process';

/** The default of V8 flag `name` (e.g. `wasm-tiering-budget` → `--wasm-tiering-budget=1800000`), as a node command-line argument. */
export function v8DefaultFlag(name: string): string {
  const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
  const found = new RegExp(`default: (--${name}=\\S+)`).exec(options);
  if (!found) throw new Error(`node --v8-options names no default for --${name}`);
  return found[1];
}
