/**
 * A table of DFT results (CSV) as labelled `.bimetal` recipes. Each row becomes one recipe; a row
 * that cannot become a valid recipe yields a `file:line` error and the other rows still come
 * through. A generated recipe is checked by the grammar itself, so import and `check` agree on
 * what is valid.
 *
 * Columns (header names, any order, case-insensitive; only host, dopant and counts are required):
 * name, host, dopant, counts (`HOST/DOPANT`, e.g. `4/2`), ligands (`PET x 8; PPh3 x 2`), smiles
 * (one per ligand, `;`-separated, declares the ligand), support (`zeolite MFI`), topology, site,
 * charge, energy (eV per metal atom; also `energy (eV/atom)`), siteEnergy (eV; also
 * `siteEnergy (eV)`), note, structure (an XYZ file's path, relative to the table's folder;
 * `structurePath` rewrites it for the folder the recipes are written to).
 *
 * A quoted cell may span lines (RFC 4180; Excel's Alt+Enter). A row's errors name the line its
 * record starts on. Strings in the language end on their line and have no `\n` escape, so a line
 * break in a `note`, with the spaces around it, is written as one space.
 */
import { parse } from 'csv-parse/sync';
import { analyzeText, type AnalysisResult } from '../../grammar/src/index';
import { CODES } from '../../grammar/src/codes';
import { NumberLiteral } from '../../grammar/src/lexer';
import { asName, readAsName } from '../../grammar/src/names';
import { plainCharacter } from '../../grammar/src/parse';
import { unrepresentableNumber } from '../../engine/src/storedNumbers';
import { oneLine, type BimetalDiagnostic } from '../../engine/src/diagnostic';
import { builtinLigand, isLigandError, loadChemistry } from '../../engine/src/ligands';
import { ligandMolecule } from '../../engine/src/ligands/molecule';

/**
 * How import reads a table. Each of CRLF, LF and CR ends a record, as each ends a line: left to
 * find one, csv-parse keeps the first it meets, and a lone CR in a table of LFs would join two rows
 * into one.
 */
const CSV_OPTIONS = { skip_empty_lines: true, relax_column_count: true, bom: true, record_delimiter: ['\r\n', '\n', '\r'] };

export const IMPORT_COLUMNS = ['name', 'host', 'dopant', 'counts', 'ligands', 'smiles', 'support', 'topology', 'site', 'charge', 'energy', 'siteenergy', 'note', 'structure'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
type Row = Partial<Record<Column, string>>;

export interface ImportResult {
  text: string;
  recipes: number;
  /** The structure paths the written recipes name, as written (after `structurePath`), each once. */
  structures: string[];
  /** `file:line: message`, one per rejected row or header problem. */
  errors: string[];
  /** `file:line: note: message`: what import changed in a row that it still wrote (a name already taken). */
  notes: string[];
}

class RowError extends Error {}

/** The two counts as written (leading zeros dropped): as numbers, digits beyond 2^53 would change silently, where the recipe's check reports them. */
function counts(value: string | undefined): [string, string] {
  const m = /^\s*(\d+)\s*[/:\s]\s*(\d+)\s*$/.exec(value ?? '');
  if (!m) throw new RowError(`counts ${JSON.stringify(value ?? '')} is not HOST/DOPANT, e.g. 4/2`);
  return [withoutLeadingZeros(m[1]), withoutLeadingZeros(m[2])];
}

function withoutLeadingZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}

/** A whole cell that is one number as the language's lexer reads it (its own pattern, anchored). */
const NUMBER = new RegExp(`^(?:${(NumberLiteral.PATTERN as RegExp).source})$`);

/**
 * A label as written, when the language reads it as that number. `5.` and `.5` pass `Number()`
 * but are no number token (the recipe would fail with BM100 at the point): they are refused here
 * with the same message as any other bad number, rather than rewritten, so a label's digits are
 * always the table's. A number a double cannot hold (`1e400`, `1e-400`) is refused with the
 * language's reason (BM229), before it is written as a label that could not be read.
 */
function energy(value: string | undefined, column: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (!NUMBER.test(text)) throw new RowError(`${column} ${JSON.stringify(value)} is not a number as a recipe writes one (e.g. 12, 4.9, -1, 1e-3)`);
  const problem = unrepresentableNumber(text);
  if (problem) throw new RowError(`${column} ${JSON.stringify(value)} is ${problem}`);
  return text;
}

/** Which molecule a SMILES is (moleculeReader). */
type MoleculeOf = (smiles: string) => string;

/**
 * Which molecule a SMILES is, as the ligand stage tells molecules apart (ligandMolecule): RDKit's
 * canonical SMILES, so that rows may write one molecule two ways (`CCS`, `SCC`) and a built-in
 * ligand is known however a row writes its SMILES. RDKit takes most of a second to start, so it
 * starts only for a table that gives a SMILES; one RDKit cannot read is compared as written.
 */
async function moleculeReader(columns: readonly string[], rows: Table['rows']): Promise<MoleculeOf> {
  const at = columns.indexOf('smiles');
  const toolkit = at >= 0 && rows.some(({ record }) => record[at]?.trim()) ? await loadChemistry() : undefined;
  return (smiles) => {
    const described = toolkit?.describeLigand(smiles);
    return ligandMolecule({ smiles }, described && !isLigandError(described) ? described : undefined);
  };
}

/**
 * Why ligand `ligand` cannot have SMILES `smiles`, given `earlier` for it (`where`: in an earlier
 * row, earlier in this row), or undefined when the two are one molecule, however written: the
 * file then declares the first spelling, as the formula names the molecule by its first use.
 */
function otherMolecule(ligand: string, smiles: string, earlier: string, where: string, moleculeOf: MoleculeOf): string | undefined {
  return moleculeOf(smiles) === moleculeOf(earlier) ? undefined : `ligand ${ligand} has SMILES ${smiles} here but ${earlier} ${where}`;
}

/**
 * `PET x 8; PPh3 x 2` (or `PET:8`) with optional SMILES in the same order; `names`: the ligands
 * used, `bare`: those given no SMILES, or a built-in ligand given its own molecule (the recipe
 * then uses the built-in, its binding atoms included, rather than a declaration that replaces
 * it). A SMILES without a ligand to name it would be dropped unseen, so it is the row's error.
 */
function ligandUses(row: Row, moleculeOf: MoleculeOf): { uses: string[]; names: string[]; bare: string[]; declarations: Map<string, string> } {
  const declarations = new Map<string, string>();
  const text = row.ligands?.trim() ?? '';
  const smiles = (row.smiles ?? '').split(';').map((s) => s.trim());
  if (!text) {
    if (smiles.some(Boolean)) throw new RowError(`smiles ${JSON.stringify(row.smiles?.trim())} names no ligand: the ligands cell is empty; write the ligand there (NAME x COUNT), its SMILES in the same place in smiles`);
    return { uses: [], names: [], bare: [], declarations };
  }
  const names: string[] = [];
  const bare: string[] = [];
  /** Each ligand's first SMILES in the row. */
  const given = new Map<string, string>();
  const uses = text.split(/[;,]/).map((part, i) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_*-]*)\s*(?:(?:x|×|:)\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new RowError(`ligand ${JSON.stringify(part.trim())} is not NAME x COUNT`);
    const earlier = given.get(m[1]);
    if (!smiles[i]) bare.push(m[1]);
    else if (earlier === undefined) given.set(m[1], smiles[i]);
    else {
      const conflict = otherMolecule(m[1], smiles[i], earlier, 'earlier in this row', moleculeOf);
      if (conflict) throw new RowError(conflict);
    }
    names.push(m[1]);
    return m[2] ? `${m[1]} x ${m[2]}` : m[1];
  });
  const unnamed = smiles.slice(uses.length).filter(Boolean);
  if (unnamed.length) {
    throw new RowError(`smiles has ${uses.length + unnamed.length} entries for the ${uses.length} ligand(s) in ligands, so ${unnamed.map((u) => JSON.stringify(u)).join(', ')} names no ligand; list each SMILES in the place of its ligand`);
  }
  for (const [ligand, smiles] of given) {
    const builtin = builtinLigand(ligand)?.smiles;
    if (builtin !== undefined && moleculeOf(builtin) === moleculeOf(smiles)) bare.push(ligand);
    else declarations.set(ligand, smiles);
  }
  return { uses, names, bare, declarations };
}

/**
 * Why a row may not declare `ligand` as `smiles` (another molecule than a built-in ligand's, as
 * ligandUses declares no other), or undefined. For a built-in ligand, a row that gives it no
 * SMILES or its own molecule (`bareLine`: the first such written, before this row or after it)
 * means the built-in, and the declaration, one for the whole file, would change that row's recipe
 * too. A name that is not built in means, without a SMILES, the one a row declares (the SMILES
 * need not be repeated).
 */
function redefinedBuiltin(ligand: string, smiles: string, bareLine: ReadonlyMap<string, number>): string | undefined {
  const builtin = builtinLigand(ligand)?.smiles;
  const line = bareLine.get(ligand);
  if (builtin === undefined || line === undefined) return undefined;
  return `smiles ${smiles} for ${ligand} would replace the built-in ligand ${ligand} (${builtin}) in every recipe, also that of the row on line ${line}, which uses the built-in; give this ligand a name of its own (e.g. ${ligand}_2), or no SMILES if it is the built-in`;
}

/**
 * A charge as the language writes it: an integer, signed before it. `2-` and `2+`, as charges are
 * typeset, are `-2` and `+2`. A sign pasted from typeset text (`2−`, `−1`, `2⁻`: a minus sign, a
 * dash, a superscript) is read as the grammar reads it in `charge 2−`, so a cell imports wherever
 * the same text typed into a recipe would be fixed.
 */
function charge(value: string | undefined): string | undefined {
  const text = [...(value?.trim() ?? '')].map(plainCharacter).join('');
  if (text === '') return undefined;
  if (/^[+-]?\d+$/.test(text)) return text;
  const signAfter = /^(\d+)([+-])$/.exec(text);
  if (signAfter) return `${signAfter[2]}${signAfter[1]}`;
  throw new RowError(`charge ${JSON.stringify(value)} is not an integer (e.g. 0, -2, 2-, +1)`);
}

function quoteString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function declarationText(ligand: string, smiles: string): string {
  return `ligand ${ligand} = ${quoteString(smiles)}`;
}

function recipeText(row: Row, name: string, uses: string[], structure: string | undefined): string {
  const [hostCount, dopantCount] = counts(row.counts);
  const lines = [`recipe ${name} {`, `  host     ${row.host?.trim()} ${hostCount}`, `  dopant   ${row.dopant?.trim()} ${dopantCount}`];
  if (row.topology?.trim()) lines.push(`  topology ${row.topology.trim()}`);
  if (row.site?.trim()) lines.push(`  site     ${row.site.trim()}`);
  if (uses.length) lines.push(`  ligands  ${uses.join(', ')}`);
  if (row.support?.trim()) lines.push(`  support  ${row.support.trim()}`);
  const q = charge(row.charge);
  if (q !== undefined) lines.push(`  charge   ${q}`);
  const e = energy(row.energy, 'energy');
  if (e !== undefined) lines.push(`  energy   ${e} eV`);
  const s = energy(row.siteenergy, 'siteEnergy');
  if (s !== undefined) lines.push(`  siteEnergy ${s} eV`);
  if (row.note?.trim()) lines.push(`  note     ${quoteString(oneLine(row.note))}`);
  if (structure !== undefined) lines.push(`  structure ${quoteString(structure)}`);
  lines.push('}');
  return lines.join('\n');
}

/** The first error that makes the recipe unusable: one that only makes a label unusable leaves the recipe to be written without it. */
function recipeError(analysis: AnalysisResult): BimetalDiagnostic | undefined {
  return analysis.diagnostics.find((d) => d.severity === 'error' && d.code !== CODES.implausibleLabel.code);
}

/** Each label of the checked recipe (the last in the text) outside its physical range (BM230), with the column it came from. */
function implausibleLabels(analysis: AnalysisResult): Array<{ column: 'energy' | 'siteenergy'; message: string }> {
  const recipe = analysis.ast.recipes[analysis.ast.recipes.length - 1];
  const labels = recipe?.properties.filter((p) => p.kind === 'energy' || p.kind === 'siteEnergy') ?? [];
  return analysis.diagnostics.flatMap((d) => {
    const label = d.code === CODES.implausibleLabel.code ? labels.find((p) => p.start <= d.range.start && d.range.start < p.end) : undefined;
    return label ? [{ column: label.kind === 'energy' ? 'energy' : 'siteenergy', message: d.message }] : [];
  });
}

function safeName(text: string): string {
  return text === '' ? 'row' : asName(text);
}

/**
 * Why the language cannot read `name` as a recipe's name, asked of its own lexer, or undefined.
 * safeName leaves only a name's characters, so what remains is a reserved word (docs/language.md:
 * `site`, `x`, …), or `x` and a digit, which reads as the count operator (`x8`).
 */
function nameProblem(name: string): string | undefined {
  const reading = readAsName(name);
  if (reading === 'name') return undefined;
  if (reading === 'reserved') return `name ${JSON.stringify(name)} is a reserved word of the language, which cannot name a recipe; rename the row`;
  return `name ${JSON.stringify(name)} starts with x and a digit, which the language reads as the count operator (as in PET x8); rename the row`;
}

/**
 * The line of the quote left open at the end of the table; csv-parse names only the line where it
 * stopped reading, the last. It has already refused any quote that neither opens nor closes a
 * quoted cell, so each quote here does one or the other, or is half of a `""` inside one.
 */
/**
 * A quote where CSV allows none, said in the table's words: csv-parse's own message ("Invalid
 * Opening Quote: a quote is found on field 0 at line 3") numbered the column from 0 and named no
 * header. `column`: csv-parse's 0-based field index; undefined for another error.
 */
function strayQuote(code: string, column: number, bytes: Buffer): string | undefined {
  // csv-parse names the opening-quote error without its CSV_ prefix in some versions.
  const opening = code === 'INVALID_OPENING_QUOTE' || code === 'CSV_INVALID_OPENING_QUOTE';
  if (!opening && code !== 'CSV_INVALID_CLOSING_QUOTE') return undefined;
  const name = headerCell(bytes, column);
  const where = `column ${column + 1}${name ? ` (${JSON.stringify(name)})` : ''}`;
  const what = opening ? 'has a quote (") inside a cell that does not begin with one' : 'has more after the quote that closes its quoted cell';
  return `${where} ${what}; to keep the quotes, put the whole cell in quotes and double each quote inside it ("a ""b"" c"), so that the table can be read`;
}

/** The header's cell at a 0-based index, as written (trimmed), when the header reads as CSV itself. */
function headerCell(bytes: Buffer, index: number): string | undefined {
  try {
    const [header] = parse(bytes, { to: 1, bom: true, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
    return header?.[index]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

function unclosedQuoteLine(text: string): number {
  let line = 1;
  let openedOn = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (!quoted) {
        quoted = true;
        openedOn = line;
      } else if (text[i + 1] === '"') i++;
      else quoted = false;
    } else if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
  }
  return openedOn;
}

function isColumn(name: string): name is Column {
  return (IMPORT_COLUMNS as readonly string[]).includes(name);
}

/**
 * The units a label's header may name, in parentheses or brackets (`Energy (eV/atom)`): the
 * label's own, since a label is written as the table gives it, never converted.
 */
const LABEL_UNITS: Readonly<Record<'energy' | 'siteenergy', readonly string[]>> = {
  energy: ['ev/atom', 'ev/metal atom', 'ev per atom', 'ev per metal atom'],
  siteenergy: ['ev'],
};

/**
 * A trimmed header cell as its name and the unit in parentheses or brackets after it, if any, the
 * unit's spacing made one way (`eV / atom` is `eV/atom`) so that the label's own unit is known
 * however it is spaced.
 */
function withUnit(header: string): { name: string; unit?: string } {
  const m = /^(.*?)\s*(?:\(([^()]*)\)|\[([^[\]]*)\])$/.exec(header);
  return m ? { name: m[1], unit: (m[2] ?? m[3]).trim().replace(/\s*\/\s*/g, '/').replace(/\s+/g, ' ') } : { name: header };
}

/** The column a header cell (trimmed, lower case) names: a label with its own unit is that label; any other header is itself. */
function columnOf(header: string): string {
  const { name, unit } = withUnit(header);
  return (name === 'energy' || name === 'siteenergy') && unit !== undefined && LABEL_UNITS[name].includes(unit) ? name : header;
}

/**
 * Header names (before any unit, lower case) that hold a label under another name or unit, each
 * with the label column it would be: a name that starts as a label's does (`energy_eV`, `E_form`,
 * `Energy (kJ/mol)`, `site_energy`), or is a label's symbol (`E_f`; `ΔE`, `dE`, `delta_E`, alone or
 * with `site`: `dE_site`). Not a segregation energy (`E_seg`): it is as often E(surface) − E(core)
 * as E(core) − E(surface), so renaming it to siteEnergy, as the error would say, could write every
 * label with the wrong sign.
 */
const LABEL_LOOKALIKES: ReadonlyArray<readonly [RegExp, 'energy' | 'siteenergy']> = [
  // A bare ΔE is as often a relative, binding or mixing energy: only a site's is taken for siteEnergy.
  [/^site[ _-]?energy|^(?:δ|∆|d|delta)[ _-]?e[ _-]?site$/, 'siteenergy'],
  [/^(?:energy|e[ _-]?form|formation[ _-]?energy)|^e[ _-]?f$/, 'energy'],
];

const LABELS_READ = 'labels are read, as written, from energy or "energy (eV/atom)" (E_form, eV per metal atom) and from siteEnergy or "siteEnergy (eV)" (ΔE, eV)';

/**
 * Each column (as `columnOf` names it) that looks like a label but is not read as one, when no
 * other column gives that label, with the header problem to report: its values would be missing
 * from every recipe, with only a note among the unknown columns to say so. Beside the label's
 * own column (`energy` and `energy_total`), it is one more unknown column.
 */
function unreadLabels(written: readonly string[], columns: readonly string[]): Map<string, string> {
  const problems = new Map<string, string>();
  columns.forEach((column, i) => {
    if (isColumn(column)) return;
    const label = LABEL_LOOKALIKES.find(([pattern]) => pattern.test(withUnit(column).name))?.[1];
    if (label === undefined || columns.includes(label)) return;
    const header = written[i].trim();
    const { name, unit } = withUnit(header);
    problems.set(
      column,
      name.toLowerCase() === label && unit !== undefined
        ? `column ${JSON.stringify(header)} gives ${name} in ${unit}, which import does not convert; ${LABELS_READ}; convert the values, or rename the column if they are in that unit already`
        : `column ${JSON.stringify(header)} is not one import reads, so its values would be dropped; ${LABELS_READ}; rename the column`,
    );
  });
  return problems;
}

/** Each column named more than once (`host` twice), with the 1-based positions that name it. */
function repeatedColumns(header: readonly string[]): string[] {
  return IMPORT_COLUMNS.flatMap((column) => {
    const positions = header.flatMap((h, i) => (h === column ? [i + 1] : []));
    return positions.length > 1 ? [`column ${column} is named ${positions.length} times (columns ${positions.slice(0, -1).join(', ')} and ${positions[positions.length - 1]}); keep one, so that each value is read from one place`] : [];
  });
}

/**
 * `structurePath`: a `structure` cell's path as the written recipes must name it (a recipe's path is
 * relative to its own file, the table's to the table); the paths as written when not given.
 */
export async function importTable(csvText: string, file: string, structurePath: (written: string) => string = (written) => written): Promise<ImportResult> {
  const notes: string[] = [];
  // The bytes csv-parse reads, so that its byte offsets (info.bytes) index them.
  const bytes = Buffer.from(csvText, 'utf8');
  let parsed: Array<{ record: string[]; info: { lines: number; bytes: number } }>;
  try {
    parsed = parse(bytes, { ...CSV_OPTIONS, info: true }) as unknown as typeof parsed;
  } catch (error) {
    const { code, column, message } = error as { code?: string; column?: number; message: string };
    const stray = code !== undefined && column !== undefined ? strayQuote(code, column, bytes) : undefined;
    const failure =
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? `${file}:${unclosedQuoteLine(csvText)}: the quote that opens this cell is never closed, so the rest of the table would be one cell; close it with "`
        : stray !== undefined
          ? `${file}:${errorLine(bytes) ?? 1}: ${stray}`
          : // csv-parse's message names its own count of lines, which the prefix corrects.
            `${file}:${errorLine(bytes) ?? 1}: not readable as CSV: ${message.replace(/ at line \d+/g, '')}`;
    return { text: '', recipes: 0, structures: [], errors: [failure], notes: [] };
  }
  const rows = withStartLines(parsed, bytes);
  if (rows.length === 0) return { text: '', recipes: 0, structures: [], errors: [`${file}:1: no header row`], notes: [] };
  const header = rows[0].record.map((h) => h.trim().toLowerCase());
  // A table of tabs or semicolons reads as one column: say so, not "unknown column name\thost\t…".
  const separator = header.length === 1 ? /[\t;]/.exec(header[0])?.[0] : undefined;
  if (separator) {
    const kind = separator === '\t' ? 'tabs' : 'semicolons';
    return { text: '', recipes: 0, structures: [], errors: [`${file}:${rows[0].line}: the header is one column: its cells are separated by ${kind}, and import reads comma-separated tables (CSV); save the table as CSV`], notes: [] };
  }
  const columns = header.map(columnOf);
  const unread = unreadLabels(rows[0].record, columns);
  const unknown = columns.filter((c) => !isColumn(c) && !unread.has(c));
  // Extra columns (a formula, the functional, a comment) are common in DFT tables: every row is still imported.
  if (unknown.length) notes.push(`${file}:${rows[0].line}: note: unknown column(s) ${unknown.join(', ')} ignored; known: ${IMPORT_COLUMNS.join(', ')}`);
  const missing = ['host', 'dopant', 'counts'].filter((c) => !columns.includes(c));
  // No row can be read without its required columns, nor from a column named twice (which holds the
  // value?), nor without the labels of a column that holds them under another name or unit.
  const headerProblems = [...(missing.length ? [`missing column(s) ${missing.join(', ')}`] : []), ...repeatedColumns(columns), ...unread.values()];
  if (headerProblems.length) return { text: '', recipes: 0, structures: [], errors: headerProblems.map((p) => `${file}:${rows[0].line}: ${p}`), notes };

  // A row of separators only (`,,,,`, what spreadsheets write below a table) holds no result.
  const dataRows = rows.slice(1).filter(({ record }) => !record.every((field) => field.trim() === ''));
  const table: Table = { file, columns, structurePath, rows: dataRows, moleculeOf: await moleculeReader(columns, dataRows) };
  // A row may declare a built-in ligand as another only where no written row uses it without a
  // SMILES, and which rows are written depends on such declarations. Counting every row that can
  // be read keeps each written row's built-in, but may name a row rejected for another error (its
  // charge); then the rows that reading wrote are counted instead, and that reading stands where
  // it holds: not where a row it names is then rejected, or a row then written uses a built-in
  // another row redefines (a declaration and a row that each decide the other).
  const everyUse = readRows(table, bareUses(table));
  let result = everyUse;
  if (!consistent(everyUse)) {
    const writtenUses = readRows(table, everyUse.writtenBare);
    if (consistent(writtenUses)) result = writtenUses;
  }
  const { declared, recipes } = result;
  const head = `# Imported from ${file} by bimetal import: energy is E_form per metal atom, siteEnergy is E(core) − E(surface), both in eV.`;
  const decls = [...declared].map(([l, s]) => declarationText(l, s));
  const text = [head, ...(decls.length ? ['', ...decls] : []), '', recipes.join('\n\n'), ''].join('\n');
  return { text, recipes: recipes.length, structures: [...result.structures], errors: result.errors, notes: [...notes, ...result.notes] };
}

interface Table {
  file: string;
  columns: readonly string[];
  structurePath: (written: string) => string;
  /** The data rows, each with the line it starts on. */
  rows: ReadonlyArray<{ record: string[]; line: number }>;
  moleculeOf: MoleculeOf;
}

/** The rows of `table` read as recipes, given which rows use a ligand without a SMILES. */
interface Reading {
  declared: Map<string, string>;
  recipes: string[];
  structures: Set<string>;
  errors: string[];
  notes: string[];
  /** The line of each written row. */
  written: Set<number>;
  /** The first written row that uses each ligand without a SMILES. */
  writtenBare: Map<string, number>;
  /** The row named by each refused redefinition of a built-in ligand, by ligand. */
  named: Map<string, number>;
}

function rowOf(columns: readonly string[], record: readonly string[]): Row {
  return Object.fromEntries(columns.map((c, i) => [c, record[i]]));
}

/** The first line that uses each ligand bare (ligandUses: without a SMILES, or a built-in given its own). A row whose ligands cannot be read uses none; `readRows` reports it. */
function bareUses(table: Table): Map<string, number> {
  const bareLine = new Map<string, number>();
  for (const { record, line } of table.rows) {
    if (record.length !== table.columns.length) continue;
    try {
      for (const ligand of ligandUses(rowOf(table.columns, record), table.moleculeOf).bare) if (!bareLine.has(ligand)) bareLine.set(ligand, line);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
    }
  }
  return bareLine;
}

/** Whether each row a reading's errors name is written, and no written row's built-in ligand is declared as another ligand. */
function consistent(reading: Reading): boolean {
  return [...reading.named.values()].every((line) => reading.written.has(line)) && [...reading.declared].every(([l, s]) => redefinedBuiltin(l, s, reading.writtenBare) === undefined);
}

/** `bareLine`: the row that uses each ligand without a SMILES, which a redefinition of a built-in ligand names (`redefinedBuiltin`). */
function readRows(table: Table, bareLine: ReadonlyMap<string, number>): Reading {
  const { file, columns, structurePath, moleculeOf } = table;
  const reading: Reading = { declared: new Map(), recipes: [], structures: new Set(), errors: [], notes: [], written: new Set(), writtenBare: new Map(), named: new Map() };
  const { declared, errors, notes } = reading;
  /** Each written recipe's name, with the line its row starts on. */
  const lineOfName = new Map<string, number>();
  for (const { record, line } of table.rows) {
    const where = `${file}:${line}`;
    if (record.length !== columns.length) {
      errors.push(`${where}: ${record.length} fields where the header has ${columns.length}`);
      continue;
    }
    const row = rowOf(columns, record);
    try {
      const { uses, names: used, bare, declarations } = ligandUses(row, moleculeOf);
      for (const [ligand, smiles] of declarations) {
        const earlier = declared.get(ligand);
        const conflict = earlier === undefined ? undefined : otherMolecule(ligand, smiles, earlier, 'in an earlier row', moleculeOf);
        if (conflict) throw new RowError(conflict);
        const redefinition = redefinedBuiltin(ligand, smiles, bareLine);
        if (redefinition) {
          reading.named.set(ligand, bareLine.get(ligand)!);
          throw new RowError(redefinition);
        }
      }
      const given = row.name?.trim();
      const wanted = safeName(given || `${row.host ?? ''}${counts(row.counts)[0]}${row.dopant ?? ''}${counts(row.counts)[1]}_line${line}`);
      const problem = nameProblem(wanted);
      if (problem) throw new RowError(problem);
      let name = wanted;
      while (lineOfName.has(name)) name = `${name}_${line}`;
      const structure = row.structure?.trim() ? structurePath(row.structure.trim()) : undefined;
      let recipe = recipeText(row, name, uses, structure);
      // The recipe is checked beside the declarations of the ligands it uses only: a recipe's
      // checks read no other declaration, and the earlier ones were checked with their own rows.
      // (Checking beside every earlier declaration made each row cost as much as all before it.)
      const usedSet = new Set(used);
      const context = [...usedSet].flatMap((l) => {
        const smiles = declared.get(l) ?? declarations.get(l);
        return smiles === undefined ? [] : [declarationText(l, smiles)];
      });
      let analysis = analyzeText(`${context.join('\n')}\n${recipe}\n`);
      let firstError = recipeError(analysis);
      // An unknown ligand's "did you mean" reads every declared name: ask again beside them all,
      // in the order the file will declare them (only such a row pays for every declaration).
      if (firstError?.code === 'BM212' && declared.size > 0) {
        const all = [...declared, ...[...declarations].filter(([l]) => !declared.has(l))].map(([l, s]) => declarationText(l, s));
        analysis = analyzeText(`${all.join('\n')}\n${recipe}\n`);
        firstError = recipeError(analysis);
      }
      if (firstError) throw new RowError(`${firstError.code} ${firstError.message}`);
      // As `check` and `score` read it, the recipe stands without the label; written with it, the
      // file would hold an error that every later command reports again.
      const implausible = implausibleLabels(analysis);
      if (implausible.length) {
        const kept: Row = { ...row };
        for (const { column } of implausible) delete kept[column];
        recipe = recipeText(kept, name, uses, structure);
        for (const { message } of implausible) errors.push(`${where}: ${CODES.implausibleLabel.code} ${message}: recipe ${name} is written without it`);
      }
      for (const [l, s] of declarations) if (!declared.has(l)) declared.set(l, s);
      for (const ligand of bare) if (!reading.writtenBare.has(ligand)) reading.writtenBare.set(ligand, line);
      reading.written.add(line);
      if (given && given !== wanted) notes.push(`${where}: note: the name ${JSON.stringify(given)} is not a name the language reads, so this row's recipe is named ${wanted}`);
      if (name !== wanted) notes.push(`${where}: note: the name ${wanted} is taken by the row on line ${lineOfName.get(wanted)}, so this row's recipe is named ${name}`);
      lineOfName.set(name, line);
      reading.recipes.push(recipe);
      if (structure !== undefined) reading.structures.add(structure);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      errors.push(`${where}: ${error.message}`);
    }
  }
  return reading;
}

/**
 * Each record with the line it starts on. csv-parse reports only the line a record ends on
 * (`info.lines`, and it counts a CRLF inside a quoted cell as two lines), so the start is counted
 * here (lineCounter): a record's bytes run from the end of the one before (`info.bytes`, past its
 * delimiter) to its own end; the blank lines skipped before it are passed over.
 */
function withStartLines(parsed: ReadonlyArray<{ record: string[]; info: { bytes: number } }>, bytes: Buffer): Array<{ record: string[]; line: number }> {
  const lineAt = lineCounter(bytes);
  let end = 0;
  return parsed.map(({ record, info }) => {
    const result = { record, line: lineAt(recordStart(bytes, end, info.bytes)) };
    end = info.bytes;
    return result;
  });
}

/**
 * The line of each byte offset in `bytes`, counted as an editor counts them: CRLF, LF and CR each
 * end a line. The offsets asked must not decrease (each call counts on from the one before).
 */
function lineCounter(bytes: Buffer): (offset: number) => number {
  const CR = 0x0d;
  const LF = 0x0a;
  let line = 1;
  let at = 0;
  return (offset) => {
    for (; at < offset; at++) {
      const b = bytes[at];
      if (b === LF || (b === CR && bytes[at + 1] !== LF)) line++;
    }
    return line;
  };
}

/**
 * Where a record that csv-parse reads from `from` (the end of the record before) begins: past the
 * blank lines it skips; `from` itself when nothing but line breaks comes before `end`.
 */
function recordStart(bytes: Buffer, from: number, end: number): number {
  let start = from;
  while (start < end && (bytes[start] === 0x0d || bytes[start] === 0x0a)) start++;
  return start < end ? start : from;
}

/**
 * The line of the byte csv-parse stopped at when it refused the table, counted as withStartLines
 * counts a record's (csv-parse's own `lines` counts a CRLF inside a quoted cell as two). The table
 * is read again with `raw`, so that the error carries the text of the record it stopped in, up to
 * and with the byte it refused; that record begins after the last one read (`on_record`'s
 * `bytes`, past its delimiter) and the blank lines skipped, of which `raw` holds each line break
 * but not a CRLF's LF, so that they are passed over in both. undefined when the table reads.
 */
function errorLine(bytes: Buffer): number | undefined {
  // The last record's end; the table's start, past a BOM, which csv-parse leaves out of `raw`.
  let end = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let raw: string | undefined;
  try {
    parse(bytes, {
      ...CSV_OPTIONS,
      raw: true,
      on_record: (record: string[], context: { bytes: number }) => {
        end = context.bytes;
        return record;
      },
    });
    return undefined;
  } catch (error) {
    raw = (error as { raw?: string }).raw;
  }
  if (raw === undefined) return undefined;
  const read = Buffer.byteLength(raw.replace(/^[\r\n]+/, ''), 'utf8');
  return lineCounter(bytes)(recordStart(bytes, end, bytes.length) + Math.max(read - 1, 0));
}
