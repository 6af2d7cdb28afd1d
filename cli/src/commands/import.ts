/** `bimetal import TABLE.csv [--out FILE.bimetal]`: DFT results as labelled recipes. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { importTable } from '../importTable';
import { InputError } from '../inputs';

export async function runImport(table: string, options: { out?: string }): Promise<number> {
  let csv: string;
  try {
    csv = await readFile(table, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${table}: ${(error as Error).message}`);
  }
  const result = importTable(csv, table, structurePathFor(table, options.out));
  if (result.errors.length) process.stderr.write(result.errors.join('\n') + '\n');
  if (options.out) {
    await writeFile(options.out, result.text);
    process.stderr.write(`${result.recipes} recipe(s) written to ${options.out}\n`);
  } else process.stdout.write(result.text);
  return result.errors.length ? 1 : 0;
}

/**
 * A table's structure path as the recipes written to `out` (standard output: read from the current
 * folder) must give it: resolved against the table's folder, then made relative to the output's, with
 * `/` separators so the recipe file reads the same on every system. An absolute path stays absolute.
 */
function structurePathFor(table: string, out: string | undefined): (written: string) => string {
  const from = path.dirname(path.resolve(table));
  const to = out === undefined ? process.cwd() : path.dirname(path.resolve(out));
  return (written) => (path.isAbsolute(written) ? written : path.relative(to, path.resolve(from, written)).split(path.sep).join('/'));
}
