/** `bimetal import TABLE.csv [--out FILE.bimetal]`: DFT results as labelled recipes. */
import { readFile, writeFile } from 'node:fs/promises';
import { importTable } from '../importTable';
import { InputError } from '../inputs';

export async function runImport(table: string, options: { out?: string }): Promise<number> {
  let csv: string;
  try {
    csv = await readFile(table, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${table}: ${(error as Error).message}`);
  }
  const result = importTable(csv, table);
  if (result.errors.length) process.stderr.write(result.errors.join('\n') + '\n');
  if (options.out) {
    await writeFile(options.out, result.text);
    process.stderr.write(`${result.recipes} recipe(s) written to ${options.out}\n`);
  } else process.stdout.write(result.text);
  return result.errors.length ? 1 : 0;
}
