/**
 * A table of DFT results (CSV) as labelled `.bimetal` recipes. Each row becomes one recipe; a row
 * that cannot become a valid recipe yields a `file:line` error and the other rows still come
 * through. A generated recipe is checked by the grammar itself, so import and `check` agree on
 * what is valid.
 *
 * Columns (header names, any order, case-insensitive; only host, dopant and counts are required):
 * name, host, dopant, counts (`HOST/DOPANT`, e.g. `4/2`), ligands (`PET x 8; PPh3 x 2`), smiles
 * (one per ligand, `;`-separated, declares the ligand), support (`zeolite MFI`), topology, site,
 * energy (eV per metal atom), siteEnergy (eV), note, structure (an XYZ file's path, relative to the
 * table's folder; `structurePath` rewrites it for the folder the recipes are written to).
 */
import { parse } from 'csv-parse/sync';
import { analyzeText } from '../../grammar/src/index';

export const IMPORT_COLUMNS = ['name', 'host', 'dopant', 'counts', 'ligands', 'smiles', 'support', 'topology', 'site', 'energy', 'siteenergy', 'note', 'structure'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
type Row = Partial<Record<Column, string>>;

export interface ImportResult {
  text: string;
  recipes: number;
  /** The structure paths the written recipes name, as written (after `structurePath`), each once. */
  structures: string[];
  /** `file:line: message`, one per rejected row. */
  errors: string[];
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

function energy(value: string | undefined, column: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new RowError(`${column} ${JSON.stringify(value)} is not a number`);
  return value.trim();
}

/** `PET x 8; PPh3 x 2` (or `PET:8`) with optional SMILES in the same order. */
function ligandUses(row: Row): { uses: string[]; declarations: Map<string, string> } {
  const declarations = new Map<string, string>();
  const text = row.ligands?.trim() ?? '';
  if (!text) return { uses: [], declarations };
  const smiles = (row.smiles ?? '').split(';').map((s) => s.trim());
  const uses = text.split(/[;,]/).map((part, i) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_*-]*)\s*(?:(?:x|×|:)\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new RowError(`ligand ${JSON.stringify(part.trim())} is not NAME x COUNT`);
    if (smiles[i]) declarations.set(m[1], smiles[i]);
    return m[2] ? `${m[1]} x ${m[2]}` : m[1];
  });
  return { uses, declarations };
}

function quoteString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function recipeText(row: Row, name: string, uses: string[], structure: string | undefined): string {
  const [hostCount, dopantCount] = counts(row.counts);
  const lines = [`recipe ${name} {`, `  host     ${row.host?.trim()} ${hostCount}`, `  dopant   ${row.dopant?.trim()} ${dopantCount}`];
  if (row.topology?.trim()) lines.push(`  topology ${row.topology.trim()}`);
  if (row.site?.trim()) lines.push(`  site     ${row.site.trim()}`);
  if (uses.length) lines.push(`  ligands  ${uses.join(', ')}`);
  if (row.support?.trim()) lines.push(`  support  ${row.support.trim()}`);
  const e = energy(row.energy, 'energy');
  if (e !== undefined) lines.push(`  energy   ${e} eV`);
  const s = energy(row.siteenergy, 'siteEnergy');
  if (s !== undefined) lines.push(`  siteEnergy ${s} eV`);
  if (row.note?.trim()) lines.push(`  note     ${quoteString(row.note.trim())}`);
  if (structure !== undefined) lines.push(`  structure ${quoteString(structure)}`);
  lines.push('}');
  return lines.join('\n');
}

function safeName(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z_]+/, '');
  return cleaned || 'row';
}

/**
 * `structurePath`: a `structure` cell's path as the written recipes must name it (a recipe's path is
 * relative to its own file, the table's to the table); the paths as written when not given.
 */
export function importTable(csvText: string, file: string, structurePath: (written: string) => string = (written) => written): ImportResult {
  const errors: string[] = [];
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(csvText, { info: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as unknown as typeof rows;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { text: '', recipes: 0, structures: [], errors: [`${file}:${line}: not readable as CSV: ${(error as Error).message}`] };
  }
  if (rows.length === 0) return { text: '', recipes: 0, structures: [], errors: [`${file}:1: no header row`] };
  const header = rows[0].record.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) errors.push(`${file}:${rows[0].info.lines}: unknown column(s) ${unknown.join(', ')} ignored; known: ${IMPORT_COLUMNS.join(', ')}`);
  const missing = ['host', 'dopant', 'counts'].filter((c) => !header.includes(c));
  if (missing.length) return { text: '', recipes: 0, structures: [], errors: [...errors, `${file}:${rows[0].info.lines}: missing column(s) ${missing.join(', ')}`] };

  const declared = new Map<string, string>();
  const recipes: string[] = [];
  const structures = new Set<string>();
  const names = new Set<string>();
  for (const { record, info } of rows.slice(1)) {
    const where = `${file}:${info.lines}`;
    if (record.length !== header.length) {
      errors.push(`${where}: ${record.length} fields where the header has ${header.length}`);
      continue;
    }
    const row: Row = {};
    header.forEach((h, i) => ((row as Record<string, string>)[h] = record[i]));
    try {
      const { uses, declarations } = ligandUses(row);
      for (const [ligand, smiles] of declarations) {
        const earlier = declared.get(ligand);
        if (earlier !== undefined && earlier !== smiles) throw new RowError(`ligand ${ligand} has SMILES ${smiles} here but ${earlier} in an earlier row`);
      }
      let name = safeName(row.name?.trim() || `${row.host ?? ''}${counts(row.counts)[0]}${row.dopant ?? ''}${counts(row.counts)[1]}_line${info.lines}`);
      while (names.has(name)) name = `${name}_${info.lines}`;
      const structure = row.structure?.trim() ? structurePath(row.structure.trim()) : undefined;
      const recipe = recipeText(row, name, uses, structure);
      const newDeclarations = [...declarations].filter(([l]) => !declared.has(l)).map(([l, s]) => `ligand ${l} = ${quoteString(s)}`);
      const context = [...[...declared].map(([l, s]) => `ligand ${l} = ${quoteString(s)}`), ...newDeclarations].join('\n');
      const firstError = analyzeText(`${context}\n${recipe}\n`).diagnostics.find((d) => d.severity === 'error');
      if (firstError) throw new RowError(`${firstError.code} ${firstError.message}`);
      for (const [l, s] of declarations) declared.set(l, s);
      names.add(name);
      recipes.push(recipe);
      if (structure !== undefined) structures.add(structure);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      errors.push(`${where}: ${error.message}`);
    }
  }
  const head = `# Imported from ${file} by bimetal import: energy is E_form per metal atom, siteEnergy is E(core) − E(surface), both in eV.`;
  const decls = [...declared].map(([l, s]) => `ligand ${l} = ${quoteString(s)}`);
  const text = [head, ...(decls.length ? ['', ...decls] : []), '', recipes.join('\n\n'), ''].join('\n');
  return { text, recipes: recipes.length, structures: [...structures], errors };
}
