/** `bimetal import TABLE.csv [--out FILE.bimetal]`: DFT results as labelled recipes. */
import path from 'node:path';
import { allowedStructurePath } from '../../../pipeline/src/structureAccess';
import { importTable } from '../importTable';
import { identifyInputs, notUtf8Note, readInput } from '../inputs';
import { refuseInputAsOutput, refuseReadFileAsOutput, writeFileWhole } from '../outputs';
import { terminalText } from '../terminalText';

/** How many refused structure files the note quotes before "and N more". */
const REFUSALS_SHOWN = 3;

export async function runImport(table: string, options: { out?: string }): Promise<number> {
  if (options.out !== undefined) refuseInputAsOutput(options.out, identifyInputs([table]));
  // As every command reads its files: `-` is standard input, and the size is bounded.
  const input = await readInput(table, 'a CSV file');
  // Standard output is read from the current folder.
  const outputFolder = options.out === undefined ? process.cwd() : path.dirname(path.resolve(options.out));
  const result = await importTable(input.text, input.name, structurePathFor(input.baseDir, outputFolder));
  const messages = [...result.errors, ...notUtf8Note(input, 'the table', `Excel's "CSV" is Windows-1252`, 'save it as "CSV UTF-8"'), ...result.notes];
  // A table's cells are untrusted text, quoted into its errors (an unknown column, a SMILES conflict).
  if (messages.length) process.stderr.write(terminalText(messages.join('\n')) + '\n');
  const status = result.errors.length ? 1 : 0;
  // A file of the header comment alone would replace an existing --out with nothing.
  if (result.recipes === 0) {
    process.stderr.write(`bimetal import: no recipe to write${options.out === undefined ? '' : `, so ${options.out} is not written`}\n`);
    return status;
  }
  // The recipes' structure paths are relative to the output's folder: --out over one (`--out core.xyz`) would replace the coordinates they name.
  if (options.out !== undefined) refuseReadFileAsOutput(options.out, result.structures.map((p) => path.resolve(outputFolder, p)), 'a structure file the recipes name');
  const refusals = await unreadStructures(result.structures, outputFolder);
  if (refusals) process.stderr.write(`${terminalText(refusals)}\n`);
  if (options.out !== undefined) {
    await writeFileWhole(options.out, result.text);
    process.stderr.write(`${result.recipes} recipe(s) written to ${options.out}\n`);
  } else process.stdout.write(result.text);
  return status;
}

/**
 * A table's structure path as the recipes in `outputFolder` must give it (a recipe's path is
 * relative to its own file, the table's to the table): resolved against the table's folder, then
 * made relative to the output's. Written with `/` separators, and a `\` in the table read as one
 * (tables are often written on Windows), so the recipes read the same on every system. An
 * absolute path, a Windows drive path included, stays absolute.
 */
function structurePathFor(tableFolder: string, outputFolder: string): (written: string) => string {
  return (written) => {
    const portable = written.replace(/\\/g, '/');
    if (path.posix.isAbsolute(portable) || /^[A-Za-z]:\//.test(portable)) return portable;
    return path.relative(outputFolder, path.resolve(tableFolder, portable)).split(path.sep).join('/');
  };
}

/**
 * What `bimetal score` will say about the written recipes' structure files, asked the way it
 * asks (the same access rules, symbolic links followed): a note quoting the first refusals, or
 * undefined when it reads them all.
 */
async function unreadStructures(paths: readonly string[], outputFolder: string): Promise<string | undefined> {
  const refusals: string[] = [];
  for (const p of paths) {
    const allowed = await allowedStructurePath(p, { baseDir: outputFolder, trusted: true });
    if ('refusal' in allowed) refusals.push(allowed.refusal);
  }
  if (refusals.length === 0) return undefined;
  const more = refusals.length > REFUSALS_SHOWN ? `; and ${refusals.length - REFUSALS_SHOWN} more` : '';
  return `note: from ${outputFolder}, 'bimetal score' will not read ${refusals.length} structure file(s) the recipes name: ${refusals.slice(0, REFUSALS_SHOWN).join('; ')}${more}`;
}
