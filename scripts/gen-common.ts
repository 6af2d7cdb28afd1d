/**
 * Shared plumbing for the generators that turn `../shared/data` into typed engine modules.
 *
 * The data files are read at build time and never copied into the repository; only the
 * generated modules (facts with their sources) are committed. `--check` regenerates in memory
 * and fails when the committed module differs, so CI notices stale tables.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `BIMETAL_DATA_DIR`, else `../shared/data` relative to the repository root, whether or not it is there (tests skip without it). */
export function sharedDataDir(): string {
  return process.env.BIMETAL_DATA_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'data');
}

/** sharedDataDir, for a script that cannot go on without it. */
export function dataDir(): string {
  const dir = sharedDataDir();
  if (!existsSync(dir)) {
    throw new Error(`Shared data folder not found: ${dir} (set BIMETAL_DATA_DIR to override)`);
  }
  return dir;
}

export function readDataText(relativePath: string): string {
  return readFileSync(path.join(dataDir(), relativePath), 'utf8');
}

export function readDataCsv(relativePath: string, delimiter = ','): Record<string, string>[] {
  return parse(readDataText(relativePath), { columns: true, skip_empty_lines: true, delimiter, trim: true });
}

/** A magpie `.table` file: one value per line, line i holds element Z = i. */
export function readMagpieTable(name: string): Map<number, number> {
  const lines = readDataText(`matminer-magpie-elements/${name}.table`).split(/\r?\n/);
  const values = new Map<number, number>();
  lines.forEach((line, index) => {
    const value = Number(line.trim());
    if (line.trim() !== '' && Number.isFinite(value)) values.set(index + 1, value);
  });
  return values;
}

/** Rounds away floating-point noise from derived values so generated files stay stable. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Writes the module, or with `--check` compares it with the committed one.
 * Returns the process exit code.
 */
export function writeOrCheck(relativeTarget: string, content: string, argv: readonly string[]): number {
  const target = path.join(REPO_ROOT, relativeTarget);
  if (argv.includes('--check')) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current !== content) {
      console.error(`${relativeTarget} is out of date; regenerate it with the generator script.`);
      return 1;
    }
    console.log(`${relativeTarget} is up to date.`);
    return 0;
  }
  writeFileSync(target, content);
  console.log(`wrote ${relativeTarget}`);
  return 0;
}
