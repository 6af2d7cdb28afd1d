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
  const structures = new StructurePaths(table, options.out);
  const result = importTable(csv, table, (written) => structures.forRecipes(written));
  if (result.errors.length) process.stderr.write(result.errors.join('\n') + '\n');
  const outside = structures.outsideOutput();
  if (outside) process.stderr.write(`${outside}\n`);
  if (options.out) {
    await writeFile(options.out, result.text);
    process.stderr.write(`${result.recipes} recipe(s) written to ${options.out}\n`);
  } else process.stdout.write(result.text);
  return result.errors.length ? 1 : 0;
}

/**
 * A table's structure paths as the recipes written to `out` (standard output: read from the current
 * folder) must give them: resolved against the table's folder, then made relative to the output's,
 * with `/` separators so the recipe file reads the same on every system. An absolute path stays
 * absolute. `bimetal score` reads structure files inside a recipe's own folder only, unless told
 * other folders with `--structure-root`, so the files that lie elsewhere are counted to say so.
 */
class StructurePaths {
  private readonly tableFolder: string;
  private readonly outputFolder: string;
  private readonly outside = new Set<string>();

  constructor(table: string, out: string | undefined) {
    this.tableFolder = path.dirname(path.resolve(table));
    this.outputFolder = out === undefined ? process.cwd() : path.dirname(path.resolve(out));
  }

  forRecipes(written: string): string {
    const file = path.resolve(this.tableFolder, written);
    const relative = path.relative(this.outputFolder, file);
    if (isOutside(relative)) this.outside.add(file);
    return path.isAbsolute(written) ? written : relative.split(path.sep).join('/');
  }

  /** What to tell the user when some files lie outside the output's folder, else undefined. */
  outsideOutput(): string | undefined {
    if (this.outside.size === 0) return undefined;
    const roots = [...new Set([...this.outside].map((f) => path.dirname(f)))];
    const root = roots.reduce((common, folder) => commonFolder(common, folder));
    return `note: ${this.outside.size} structure file(s) lie outside ${this.outputFolder}, where 'bimetal score' does not read them by default; score with --structure-root ${root}`;
  }
}

function commonFolder(a: string, b: string): string {
  let common = a;
  while (isOutside(path.relative(common, b)) && path.dirname(common) !== common) common = path.dirname(common);
  return common;
}

/** Whether a path made relative to a folder leads out of it (or to another drive). */
function isOutside(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}
