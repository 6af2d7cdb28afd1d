/**
 * `bimetal import` on the tables an audit found it mishandling: quoted cells that span lines
 * (Excel's Alt+Enter), numbers `Number()` reads but the language does not, and a table with many
 * declared ligands. The command is run as users run it; the recipes it writes are read back with
 * the grammar.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeText } from '../../grammar/src/index';
import type { RecipeDecl } from '../../grammar/src/ast';
import { escapeRegExp } from '../helpers/regExp';
import { ensureBuilt, runCli } from './runCli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bimetal-import-'));

before(() => ensureBuilt());

/** Writes `csv`, imports it to a file; the result, the written text and its recipes by name. */
function importCsv(name: string, csv: string): { status: number | null; stderr: string; text: string; recipes: Map<string, RecipeDecl> } {
  const table = path.join(dir, `${name}.csv`);
  const out = path.join(dir, `${name}.bimetal`);
  writeFileSync(table, csv);
  const r = runCli(['import', table, '--out', out]);
  const text = readFileSync(out, 'utf8');
  const analysis = analyzeText(text);
  assert.deepEqual(
    analysis.diagnostics.filter((d) => d.severity === 'error'),
    [],
    'every written recipe passes the grammar',
  );
  return { status: r.status, stderr: r.stderr, text, recipes: new Map(analysis.ast.recipes.map((recipe) => [recipe.name?.text ?? '', recipe])) };
}

function noteOf(recipe: RecipeDecl | undefined): string | undefined {
  const note = recipe?.properties.find((p) => p.kind === 'note');
  return note?.kind === 'note' ? note.text?.value : undefined;
}

function energyOf(recipe: RecipeDecl | undefined): string | undefined {
  const energy = recipe?.properties.find((p) => p.kind === 'energy');
  return energy?.kind === 'energy' ? energy.value?.text : undefined;
}

test('import: a quoted note spanning lines (Excel Alt+Enter, RFC 4180) is kept, each line break with the spaces around it written as one space', () => {
  for (const [eol, label] of [['\n', 'lf'], ['\r\n', 'crlf']] as const) {
    const csv = [
      '\uFEFFname,host,dopant,counts,ligands,energy,siteEnergy,note',
      'A,Au,Ag,12/1,,-0.5,0.1,"multi\nline note"',
      'B,Au,Cu,12/1,,-0.4,,"two\r\nlines, ""quoted"""',
      'C,Au,Pd,12/1,,-0.3,,"blank\n\nline"',
      'D,Au,Pt,12/1,,-0.2,,plain',
      'E,Au,Ni,12/1,,-0.1,,"indented \n   list\u2028and a separator"',
    ].join(eol) + eol;
    const r = importCsv(`multiline-${label}`, csv);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.recipes.size, 5, r.text);
    assert.equal(noteOf(r.recipes.get('A')), 'multi line note');
    assert.equal(noteOf(r.recipes.get('B')), 'two lines, "quoted"');
    assert.equal(noteOf(r.recipes.get('C')), 'blank line');
    assert.equal(noteOf(r.recipes.get('D')), 'plain');
    assert.equal(noteOf(r.recipes.get('E')), 'indented list and a separator');
    assert.equal(energyOf(r.recipes.get('A')), '-0.5');
  }
});

test('import: a note with " and \\ in it reads back as the cell', () => {
  const cells = ['with "quotes" and \\ backslash', 'C:\\data\\"run 1"\\', '\\"', 'F/C=C\\F'];
  const csv = ['name,host,dopant,counts,note', ...cells.map((c, i) => `N${i},Au,Ag,12/1,"${c.replace(/"/g, '""')}"`)].join('\n') + '\n';
  const r = importCsv('escapes', csv);
  assert.equal(r.status, 0, r.stderr);
  cells.forEach((cell, i) => assert.equal(noteOf(r.recipes.get(`N${i}`)), cell));
});

test('import: a rejected row spanning lines is reported at its first line, and the rows after it at theirs', () => {
  // CRLF rows with a CRLF inside a quoted cell, as a Windows export writes them; csv-parse alone
  // reports a record's last line and counts a quoted CRLF as two.
  const csv = [
    'host,dopant,counts,energy,note', // 1
    'Au,Xx,12/1,-0.5,"first\r\nsecond\r\nthird"', // 2–4
    'Au,Ag,twelve,-0.5,one line', // 5
    'Au,Ag,12/1,-0.5,"ok\r\nrow"', // 6–7
    '', // 8
    'Au,Qq,12/1,-0.5,"again\r\nspread"', // 9–10
    'Au,Ag,12/1,-0.5,"ok\nagain"', // 11–12
  ].join('\r\n') + '\r\n';
  const r = importCsv('lines', csv);
  assert.equal(r.status, 1);
  const lines = r.stderr
    .split('\n')
    .filter((l) => l.includes('lines.csv:'))
    .map((l) => /lines\.csv:(\d+): (.*)/.exec(l)!.slice(1));
  assert.deepEqual(
    lines.map(([line]) => Number(line)),
    [2, 5, 9],
    r.stderr,
  );
  assert.match(lines[0][1], /Xx/);
  assert.match(lines[1][1], /counts "twelve"/);
  assert.match(lines[2][1], /Qq/);
  assert.equal(r.recipes.size, 2);
  // A row's default name carries its first line.
  assert.deepEqual([...r.recipes.keys()], ['Au12Ag1_line6', 'Au12Ag1_line11']);
});

test('import: a number the language does not write (5., .5) is that row\'s "is not a number", never a grammar error; the language\'s own forms are written as given', () => {
  const bad = ['5.', '.5', '-.5', '5.e3', '1e', '0x10', 'Infinity', '1,5'];
  const good = ['-2', '+0.2', '1e-3', '-1.5E+0', '0.000'];
  const csv = ['name,host,dopant,counts,energy', ...bad.map((v, i) => `Bad${i},Au,Ag,12/1,"${v}"`), ...good.map((v, i) => `Good${i},Au,Ag,12/1,${v}`)].join('\n') + '\n';
  const r = importCsv('numbers', csv);
  assert.equal(r.status, 1);
  assert.doesNotMatch(r.stderr, /BM100|BM1\d\d/);
  bad.forEach((v, i) => assert.match(r.stderr, new RegExp(`numbers\\.csv:${i + 2}: energy ${escapeRegExp(JSON.stringify(v))} is not a number`), r.stderr));
  assert.equal(r.recipes.size, good.length);
  good.forEach((v, i) => assert.equal(energyOf(r.recipes.get(`Good${i}`)), v));
});

test('import: a label a double cannot hold (1e-400 would read as 0, 1e400 as infinity) is that row\'s error, naming its line, column and why; never written', () => {
  const csv = ['name,host,dopant,counts,energy,siteEnergy', 'Tiny,Au,Ag,12/1,1e-400,', 'Huge,Au,Ag,12/1,-2,1e400', 'Minus,Au,Ag,12/1,-1e999,', 'Zero,Au,Ag,12/1,0e-400,-1e-3'].join('\n') + '\n';
  const r = importCsv('unrepresentable', csv);
  assert.equal(r.status, 1);
  const errors = r.stderr.split('\n').filter((l) => l.includes('unrepresentable.csv:'));
  assert.deepEqual(errors.map((l) => l.slice(l.indexOf('unrepresentable.csv:'))), [
    'unrepresentable.csv:2: energy "1e-400" is too small to be stored as a number (it would read as 0)',
    'unrepresentable.csv:3: siteEnergy "1e400" is too large to be stored as a number (it would read as infinity)',
    'unrepresentable.csv:4: energy "-1e999" is too large to be stored as a number (it would read as −infinity)',
  ]);
  assert.deepEqual([...r.recipes.keys()], ['Zero'], 'a zero written with an exponent is a number');
  assert.equal(energyOf(r.recipes.get('Zero')), '0e-400');
});

test('import: many rows over many declared ligands: each declared once, each row checked against its own ligands (same output as before)', () => {
  const LIGANDS = 300;
  const ROWS = 900;
  const smiles = (i: number) => `S${'C'.repeat(1 + (i % 20))}${i >= 20 ? `c1ccc(cc1)${'C'.repeat(Math.floor(i / 20))}` : ''}`;
  const rows = ['name,host,dopant,counts,ligands,smiles,energy'];
  for (let r = 0; r < ROWS; r++) rows.push(`R${r},Au,Ag,12/1,Lig${r % LIGANDS} x 8; PET x 2,${smiles(r % LIGANDS)};,-0.5`);
  rows.push('Late,Au,Ag,12/1,Lig7 x 8,SCO,-0.5'); // another SMILES for Lig7
  rows.push('Typo,Au,Ag,12/1,Ligx150 x 8,,-0.5'); // undeclared: the suggestion reads the declarations of other rows
  rows.push('Reuse,Au,Ag,12/1,Lig299 x 4,,-0.5'); // declared rows before, SMILES not repeated
  const r = importCsv('ligands', rows.join('\n') + '\n');
  assert.equal(r.status, 1);
  assert.equal(r.recipes.size, ROWS + 1);
  const declarations = r.text.match(/^ligand .*$/gm) ?? [];
  assert.equal(declarations.length, LIGANDS);
  for (let i = 0; i < LIGANDS; i++) assert.equal(declarations[i], `ligand Lig${i} = "${smiles(i)}"`);
  const errors = r.stderr.split('\n').filter((l) => l.includes('ligands.csv:'));
  assert.equal(errors.length, 2, r.stderr);
  assert.match(errors[0], new RegExp(`ligands\\.csv:${ROWS + 2}: ligand Lig7 has SMILES SCO here but ${smiles(7)} in an earlier row`));
  assert.match(errors[1], new RegExp(`ligands\\.csv:${ROWS + 3}: BM212 unknown ligand 'Ligx150'.*did you mean 'Lig150'`));
  assert.match(r.text, /recipe Reuse \{\n[^}]*ligands  Lig299 x 4\n/);
});

test('import: rows of separators only, as a spreadsheet writes below its table, are skipped, not errors', () => {
  const r = importCsv('trailing', 'name,host,dopant,counts,energy\nA,Au,Ag,12/1,-2.5\n,,,,\n, , ,,\r\nB,Au,Pt,12/1,-2.9\n,,,,\n');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([...r.recipes.keys()], ['A', 'B']);
});

/** Writes `csv` and imports it to standard output. */
function importToStdout(name: string, csv: string): { status: number | null; stdout: string; stderr: string } {
  const table = path.join(dir, `${name}.csv`);
  writeFileSync(table, csv);
  return runCli(['import', table]);
}

test('import: a column named twice is an error naming both columns, and nothing is imported (which of them would hold the value?)', () => {
  const r = importToStdout('repeated', 'name,host,dopant,counts,Host\nA,Au,Pt,12/1,Ag\n');
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.ok(r.stderr.startsWith(`${path.join(dir, 'repeated.csv')}:1: column host is named 2 times (columns 2 and 5); keep one, so that each value is read from one place\n`), r.stderr);
});

test('import: a name already taken by an earlier row is written with the row\'s line, and stderr says so', () => {
  const r = importCsv('taken', 'name,host,dopant,counts,energy\na,Au,Pd,12/1,-3.5\na,Au,Pt,12/1,-3.6\n');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([...r.recipes.keys()], ['a', 'a_3']);
  assert.match(r.stderr, /taken\.csv:3: note: the name a is taken by the row on line 2, so this row's recipe is named a_3\n/);
});

test('import: a name that cannot start a recipe name keeps its digits behind a _, and every changed name is a note', () => {
  const r = importCsv('digits', 'name,host,dopant,counts,energy\n12abc,Au,Pd,12/1,-3.5\n2abc,Au,Pt,12/1,-3.6\nécole,Au,Ag,12/1,-3.4\n');
  assert.equal(r.status, 0, r.stderr);
  // Stripped, 12abc and 2abc were both abc, the second renamed only for the clash.
  assert.deepEqual([...r.recipes.keys()], ['_12abc', '_2abc', '_cole']);
  assert.match(r.stderr, /digits\.csv:2: note: the name "12abc" is not a name the language reads, so this row's recipe is named _12abc\n/);
  assert.match(r.stderr, /digits\.csv:4: note: the name "école" is not a name the language reads, so this row's recipe is named _cole\n/);
});

test('import: a quote never closed is reported at the line it opens on, not where reading stopped', () => {
  // Line 2 holds a cell spanning two lines, closed; the quote opened on line 4 runs to the end.
  const r = importToStdout('unclosed', 'name,host,dopant,counts,note\na,Au,Pd,12/1,"two\nlines"\nb,Au,Pd,12/1,"open\nc,Au,Pt,12/1,x\nd,Au,Pt,12/1,x\n');
  assert.equal(r.status, 1);
  assert.ok(
    r.stderr.startsWith(`${path.join(dir, 'unclosed.csv')}:4: the quote that opens this cell is never closed, so the rest of the table would be one cell; close it with "\n`),
    r.stderr,
  );
});

test('import: a stray quote is reported at its line with the column\'s 1-based number and header name, not csv-parse\'s "field 0"', () => {
  const fix = 'to keep the quotes, put the whole cell in quotes and double each quote inside it ("a ""b"" c"), so that the table can be read';
  for (const [name, csv, line, column, what] of [
    // In the first column, after a good row.
    ['stray-host', 'host,dopant,counts,note\nAu,Pd,12/1,ok\nA"u,Pd,12/1,x\n', 3, '1 ("host")', 'has a quote (") inside a cell that does not begin with one'],
    // In the fourth, under a header written otherwise.
    ['stray-note', 'Host,dopant,counts, Note \nAu,Pd,12/1,a"b"c\n', 2, '4 ("Note")', 'has a quote (") inside a cell that does not begin with one'],
    // After a quoted cell's closing quote, below a row whose note spans two lines.
    ['after-closing', 'host,dopant,counts,note\nAu,Pd,12/1,"two\nlines"\nAu,Pt,12/1,"x" y\n', 4, '4 ("note")', 'has more after the quote that closes its quoted cell'],
    // Below quoted cells that hold CRLFs (csv-parse counts each as two lines: it said line 10), and
    // below blank lines.
    ['stray-crlf', 'host,dopant,counts,note\r\nAu,Ag,4/2,"multi\r\nline\r\nthree"\r\nAu,Ag,4/2,"a\r\nb"\r\nAu,P"d,4/2,x\r\n', 7, '2 ("dopant")', 'has a quote (") inside a cell that does not begin with one'],
    ['closing-crlf', 'host,dopant,counts,note\r\nAu,Ag,4/2,"a\r\nb"\r\n\r\n\n\r\nAu,Pd,4/2,"c\r\nd\r\ne" f\r\n', 9, '4 ("note")', 'has more after the quote that closes its quoted cell'],
  ] as const) {
    const r = importToStdout(name, csv);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stderr.startsWith(`${path.join(dir, `${name}.csv`)}:${line}: column ${column} ${what}; ${fix}\n`), r.stderr);
    assert.doesNotMatch(r.stderr, /field \d|Invalid (Opening|Closing) Quote/);
  }
});

test('import: a name the language reserves is that row\'s error, saying so (not "a recipe needs a name")', () => {
  const r = importCsv('reserved', 'name,host,dopant,counts\nsite,Au,Pd,12/1\nx,Au,Pd,12/1\nligands,Au,Pd,12/1\nx8,Au,Pd,12/1\nx-8,Au,Pd,12/1\n');
  assert.equal(r.status, 1);
  assert.doesNotMatch(r.stderr, /BM106/);
  for (const [line, name] of [[2, 'site'], [3, 'x'], [4, 'ligands']] as const) {
    assert.match(r.stderr, new RegExp(`reserved\\.csv:${line}: name "${name}" is a reserved word of the language, which cannot name a recipe; rename the row\\n`));
  }
  assert.match(r.stderr, /reserved\.csv:5: name "x8" starts with x and a digit, which the language reads as the count operator \(as in PET x8\); rename the row\n/);
  assert.deepEqual([...r.recipes.keys()], ['x-8']);
});

test('import: a folder where the table should be is "not a CSV file"', () => {
  const r = runCli(['import', dir]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `bimetal: ${dir}: BM123 is a directory, not a CSV file\n`);
});

test('import: columns it does not know (a formula, the functional, a comment) are a note, and the import succeeds (exit 0)', () => {
  const r = importCsv('extra', 'name,host,dopant,counts,energy,functional,comment\nb1,Au,Pt,12/1,-3.1,PBE,ok\n');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([...r.recipes.keys()], ['b1']);
  assert.match(r.stderr, /extra\.csv:1: note: unknown column\(s\) functional, comment ignored; known: /);
});

test('import: a table separated by tabs or semicolons is refused with that reason, not as unknown and missing columns', () => {
  for (const [name, separator, kind] of [
    ['tabs', '\t', 'tabs'],
    ['semicolons', ';', 'semicolons'],
  ]) {
    const table = path.join(dir, `${name}.csv`);
    writeFileSync(table, ['name', 'host', 'dopant', 'counts'].join(separator) + '\n' + ['b1', 'Au', 'Pt', '12/1'].join(separator) + '\n');
    const r = runCli(['import', table]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.split('\n')[0], `${table}:1: the header is one column: its cells are separated by ${kind}, and import reads comma-separated tables (CSV); save the table as CSV`);
  }
});

test('import: a table saved as Windows-1252 (Excel\'s plain "CSV") gets a note at its first such line instead of unseen � in the notes', () => {
  const table = path.join(dir, 'latin1.csv');
  writeFileSync(table, Buffer.from('name,host,dopant,counts,energy,note\nb1,Au,Pt,12/1,-3.1,plain\nb2,Au,Pd,12/1,-3.0,caf\xe9\n', 'latin1'));
  const r = runCli(['import', table]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /latin1\.csv:3:\d+: note: the table is not UTF-8 here \(Excel's "CSV" is Windows-1252\)/);
  // A UTF-8 table says nothing of the kind.
  const utf8 = importCsv('utf8', 'name,host,dopant,counts,energy,note\nb1,Au,Pt,12/1,-3.1,café\n');
  assert.doesNotMatch(utf8.stderr, /not UTF-8/);
});

test("import quotes a table's cells into its messages as escapes where a terminal would act on them (ESC, BEL, a bidirectional override)", () => {
  const table = path.join(dir, 'evil.csv');
  writeFileSync(table, 'name,host,dopant,counts,evil\u001b]0;PWNED\u0007\u202e\nA,Au,Pt,12 1,x\n');
  const r = runCli(['import', table]);
  assert.doesNotMatch(r.stderr, /[\u001b\u0007\u202e]/);
  assert.match(r.stderr, /unknown column\(s\) evil\\u001B\]0;pwned\\u0007\\u202E ignored/);
});

test('an unreadable file is named with the escapes of what a terminal would act on in its name', () => {
  const r = runCli(['check', path.join(dir, 'missing\u001b[2J.bimetal')]);
  assert.equal(r.status, 2);
  assert.doesNotMatch(r.stderr, /\u001b/);
  assert.match(r.stderr, /missing\\u001B\[2J\.bimetal/);
});

function labelOf(recipe: RecipeDecl | undefined, kind: 'energy' | 'siteEnergy'): string | undefined {
  const label = recipe?.properties.find((p) => p.kind === kind);
  return label?.kind === 'energy' || label?.kind === 'siteEnergy' ? label.value?.text : undefined;
}

function chargeOf(recipe: RecipeDecl | undefined): string | undefined {
  const charge = recipe?.properties.find((p) => p.kind === 'charge');
  return charge?.kind === 'charge' ? charge.value?.text : undefined;
}

test("import: a row's SMILES for a built-in ligand that another row uses without one is that row's error, before or after it, never a declaration that changes the other row", () => {
  const header = 'name,host,dopant,counts,ligands,smiles,energy';
  const plain = 'b1,Au,Ag,24/1,PET x 18,,-3.0';
  const own = 'b2,Au,Cu,24/1,PET x 18,CCS,-3.0';
  for (const [label, rows, errorLine, plainLine] of [
    ['after', [plain, own], 3, 2],
    ['before', [own, plain], 2, 3],
  ] as const) {
    const r = importCsv(`builtin-${label}`, [header, ...rows].join('\n') + '\n');
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`builtin-${label}\\.csv:${errorLine}: smiles CCS for PET would replace the built-in ligand PET \\(SCCc1ccccc1\\) in every recipe, also that of the row on line ${plainLine}, which uses the built-in; give this ligand a name of its own \\(e\\.g\\. PET_2\\)`),
    );
    assert.doesNotMatch(r.text, /^ligand /m, 'b1 keeps the built-in PET');
    assert.deepEqual([...r.recipes.keys()], ['b1']);
  }
  // Where every row that uses the name gives the same SMILES, no row means the built-in: it is declared.
  const all = importCsv('builtin-all', [header, 'b2,Au,Cu,24/1,PET x 18,CCS,-3.0', 'b3,Au,Ag,24/1,PET x 18,CCS,-3.1'].join('\n') + '\n');
  assert.equal(all.status, 0, all.stderr);
  assert.match(all.text, /^ligand PET = "CCS"$/m);
  assert.deepEqual([...all.recipes.keys()], ['b2', 'b3']);
});

test('import: one molecule is one ligand however a row writes its SMILES (RDKit\'s canonical SMILES): the file declares the first spelling, and another molecule under the name is still refused', () => {
  const header = 'name,host,dopant,counts,ligands,smiles,energy';
  const r = importCsv('spellings', [header, 'a,Au,Ag,24/1,Thiol x 18,CCS,-3.0', 'b,Au,Cu,24/1,Thiol x 18,SCC,-3.1', 'c,Au,Pd,24/1,Thiol x 18,C(S)C,-3.2', 'd,Au,Pt,24/1,Thiol x 18,CCO,-3.3'].join('\n') + '\n');
  assert.deepEqual([...r.recipes.keys()], ['a', 'b', 'c']);
  assert.deepEqual(r.text.match(/^ligand .*$/gm), ['ligand Thiol = "CCS"']);
  const errors = r.stderr.split('\n').filter((l) => l.includes('spellings.csv:'));
  assert.equal(errors.length, 1, r.stderr);
  assert.match(errors[0], /spellings\.csv:5: ligand Thiol has SMILES CCO here but CCS in an earlier row$/);
  // Within one row likewise, where a second SMILES for a name used to replace the first unseen.
  const row = importCsv('spellings-row', [header, 'same,Au,Ag,24/1,Two x 2; Two x 3,CCS;SCC,-3.0', 'other,Au,Cu,24/1,Three x 2; Three x 3,CCS;CCO,-3.1'].join('\n') + '\n');
  assert.deepEqual([...row.recipes.keys()], ['same']);
  assert.deepEqual(row.text.match(/^ligand .*$/gm), ['ligand Two = "CCS"']);
  assert.match(row.stderr, /spellings-row\.csv:3: ligand Three has SMILES CCO here but CCS earlier in this row\n/);
});

test("import: a built-in ligand given its own molecule, however written, is the built-in: no declaration replaces it, and a row giving it no SMILES keeps it", () => {
  const header = 'name,host,dopant,counts,ligands,smiles,energy';
  // RDKit's canonical SMILES of PPh3, which the library writes c1ccc(cc1)P(c1ccccc1)c1ccccc1.
  const r = importCsv('builtin-spelling', [header, 'plain,Au,Ag,24/1,PPh3 x 2,,-3.0', 'own,Au,Cu,24/1,PPh3 x 2,c1ccc(P(c2ccccc2)c2ccccc2)cc1,-3.1'].join('\n') + '\n');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([...r.recipes.keys()], ['plain', 'own']);
  assert.doesNotMatch(r.text, /^ligand /m);
  // Beside it, another molecule under the name redefines the built-in that row means.
  const other = importCsv('builtin-spelling-other', [header, 'b2,Au,Cu,24/1,PET x 18,CCS,-3.0', 'b4,Au,Pd,24/1,PET x 18,SCCc1ccccc1,-3.2'].join('\n') + '\n');
  assert.deepEqual([...other.recipes.keys()], ['b4']);
  assert.doesNotMatch(other.text, /^ligand /m);
  assert.match(other.stderr, /builtin-spelling-other\.csv:2: smiles CCS for PET would replace the built-in ligand PET \(SCCc1ccccc1\) in every recipe, also that of the row on line 3, which uses the built-in/);
});

test("import: a built-in ligand's redefinition names a row that is written, never one rejected for another error; with none, the declaration stands", () => {
  const header = 'name,host,dopant,counts,ligands,smiles,charge';
  const rejected = 'bad,Au,Pd,24/1,PET x 18,,1.5';
  const own = 'own,Au,Ag,24/1,PET x 18,CCS,0';
  const plain = 'plain,Au,Cu,24/1,PET x 18,,0';
  // A row using the built-in after the declaring row is found, past the rejected one before it.
  const later = importCsv('builtin-rejected', [header, rejected, own, plain].join('\n') + '\n');
  assert.equal(later.status, 1);
  const errors = later.stderr.split('\n').filter((l) => l.includes('builtin-rejected.csv:'));
  assert.equal(errors.length, 2, later.stderr);
  assert.match(errors[0], /builtin-rejected\.csv:2: charge "1\.5" is not an integer/);
  assert.match(errors[1], /builtin-rejected\.csv:3: smiles CCS for PET would replace the built-in ligand PET \(SCCc1ccccc1\) in every recipe, also that of the row on line 4, which uses the built-in/);
  assert.deepEqual([...later.recipes.keys()], ['plain']);
  // Where every row that uses the built-in is rejected, no written recipe means it.
  for (const [label, rows] of [
    ['before', [rejected, own]],
    ['after', [own, rejected]],
  ] as const) {
    const r = importCsv(`builtin-rejected-${label}`, [header, ...rows].join('\n') + '\n');
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stderr, /built-in/);
    assert.match(r.text, /^ligand PET = "CCS"$/m);
    assert.deepEqual([...r.recipes.keys()], ['own']);
  }
});

test('import: a charge column is written as the recipe\'s charge (a sign after the number moved before it), so recipes that differ only in charge do not conflict in check', () => {
  const csv = [
    'name,host,dopant,counts,ligands,Charge,energy',
    'q0,Au,Pt,24/1,PET x 18,0,-3.10',
    'q2m,Au,Pt,24/1,PET x 18,-2,-3.25',
    'q2a,Au,Pd,24/1,PET x 18,2-,-3.2',
    'q1p,Au,Ag,24/1,PET x 18,+1,-3.0',
    'qn,Au,Cu,24/1,PET x 18,,-3.0',
    'bad,Au,Cu,24/1,PET x 18,1.5,-3.0',
    'word,Au,Cu,24/1,PET x 18,minus two,-3.0',
    // Signs as papers typeset them, read as the grammar reads `charge 2−`.
    'minus,Au,Pt,23/2,PET x 18,2\u2212,-3.1',
    'minusBefore,Au,Pt,22/3,PET x 18,\u22121,-3.1',
    'enDash,Au,Pt,21/4,PET x 18,\u20133,-3.1',
    'super,Au,Pt,20/5,PET x 18,2\u207b,-3.1',
    'superPlus,Au,Pt,19/6,PET x 18,1\u207a,-3.1',
    'twoSigns,Au,Pt,18/7,PET x 18,2\u2212\u2212,-3.1',
  ].join('\n') + '\n';
  const r = importCsv('charge', csv);
  assert.equal(r.status, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /unknown column/);
  assert.deepEqual(
    [...r.recipes].map(([name, recipe]) => [name, chargeOf(recipe)]),
    [
      ['q0', '0'],
      ['q2m', '-2'],
      ['q2a', '-2'],
      ['q1p', '+1'],
      ['qn', undefined],
      ['minus', '-2'],
      ['minusBefore', '-1'],
      ['enDash', '-3'],
      ['super', '-2'],
      ['superPlus', '+1'],
    ],
  );
  const errors = r.stderr.split('\n').filter((l) => l.includes('charge.csv:'));
  assert.deepEqual(
    errors.map((l) => l.slice(l.indexOf('charge.csv:'))),
    [
      'charge.csv:7: charge "1.5" is not an integer (e.g. 0, -2, 2-, +1)',
      'charge.csv:8: charge "minus two" is not an integer (e.g. 0, -2, 2-, +1)',
      'charge.csv:14: charge "2\u2212\u2212" is not an integer (e.g. 0, -2, 2-, +1)',
    ],
  );
  const check = runCli(['check', path.join(dir, 'charge.bimetal')]);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.doesNotMatch(check.stdout + check.stderr, /BM420/);
});

test('import: a label header with its own unit is that label; another unit, or a label under another name, is refused naming the column, when no other column gives that label', () => {
  for (const [name, header] of [
    ['unit-paren', 'Energy (eV/atom)'],
    ['unit-bracket', 'energy [eV per metal atom]'],
    ['unit-spaced', 'energy (eV / atom)'],
    ['unit-spaced-case', 'ENERGY [ EV /Metal  Atom ]'],
  ]) {
    const r = importCsv(name, `host,dopant,counts,${header},siteEnergy (eV)\nAu,Pt,12/1,-2.85,0.3\n`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.includes('unknown column'), false, r.stderr);
    const [recipe] = r.recipes.values();
    assert.equal(labelOf(recipe, 'energy'), '-2.85');
    assert.equal(labelOf(recipe, 'siteEnergy'), '0.3');
  }
  for (const [name, header, reason] of [
    ['unit-ev', 'Energy (eV)', 'gives Energy in eV, which import does not convert'],
    ['unit-kj', 'energy [kJ/mol]', 'gives energy in kJ/mol, which import does not convert'],
    ['unit-site', 'siteEnergy (eV/atom)', 'gives siteEnergy in eV/atom, which import does not convert'],
    ['suffix', 'energy_eV', 'is not one import reads, so its values would be dropped'],
    ['eform', 'E_form', 'is not one import reads, so its values would be dropped'],
    // A label's symbol, as tables name the column.
    ['ef-unit', 'E_f (eV/atom)', 'is not one import reads, so its values would be dropped'],
    ['ef', 'Ef', 'is not one import reads, so its values would be dropped'],
    ['de-site', 'dE_site (eV)', 'is not one import reads, so its values would be dropped'],
    ['greek-delta', '\u0394E_site (eV)', 'is not one import reads, so its values would be dropped'],
    ['increment', '\u2206E_site', 'is not one import reads, so its values would be dropped'],
  ]) {
    const r = importToStdout(name, `host,dopant,counts,${header}\nAu,Pt,12/1,-2.85\n`);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.ok(
      r.stderr.startsWith(`${path.join(dir, `${name}.csv`)}:1: column ${JSON.stringify(header)} ${reason}; labels are read, as written, from energy or "energy (eV/atom)" (E_form, eV per metal atom) and from siteEnergy or "siteEnergy (eV)" (ΔE, eV); `),
      r.stderr,
    );
    assert.doesNotMatch(r.stderr, /unknown column/);
  }
  // Beside the label's own column, another that resembles it (a total energy) is one more unknown column.
  const beside = importCsv('unit-beside', 'host,dopant,counts,energy,energy_total (eV)\nAu,Pt,12/1,-2.85,-37.05\n');
  assert.equal(beside.status, 0, beside.stderr);
  assert.match(beside.stderr, /unit-beside\.csv:1: note: unknown column\(s\) energy_total \(ev\) ignored/);
  assert.equal(labelOf([...beside.recipes.values()][0], 'energy'), '-2.85');
  // A segregation energy's sign is E(surface) − E(core) as often as the reverse: not a siteEnergy to rename; nor is a name that only starts as a symbol does.
  // A bare ΔE is as often a relative, binding or mixing energy: one more unknown column too.
  const others = importCsv('unit-others', 'host,dopant,counts,E_seg (eV),E_fermi,dEads,\u0394E (eV),delta_E\nAu,Pt,12/1,-0.2,-4.1,-1.0,0.1,0.1\n');
  assert.equal(others.status, 0, others.stderr);
  assert.match(others.stderr, /unit-others\.csv:1: note: unknown column\(s\) e_seg \(ev\), e_fermi, deads, \u03b4e \(ev\), delta_e ignored/);
});

test('import: a label outside its physical range (BM230) is left out of a recipe that is still written, and the error says so', () => {
  const r = importCsv('range', 'name,host,dopant,counts,energy,siteEnergy\nr1,Au,Pt,12/1,-37.4,\nr2,Au,Pd,12/1,-2.7,25\nr3,Au,Ag,12/1,+0.2,\n');
  assert.equal(r.status, 1);
  assert.deepEqual(
    [...r.recipes].map(([name, recipe]) => [name, labelOf(recipe, 'energy'), labelOf(recipe, 'siteEnergy')]),
    [
      ['r1', undefined, undefined],
      ['r2', '-2.7', undefined],
      ['r3', '+0.2', undefined],
    ],
  );
  assert.match(r.stderr, /range\.csv:2: BM230 energy -37\.4 eV is outside the physical range -15…5 eV; [^\n]*; the label is ignored: recipe r1 is written without it\n/);
  assert.match(r.stderr, /range\.csv:3: BM230 siteEnergy 25 eV is outside the physical range -20…20 eV; [^\n]*: recipe r2 is written without it\n/);
});

test('import: a lone CR ends a row also in a table that ends its other lines with LF or CRLF', () => {
  const r = importCsv('mixed', 'host,dopant,counts,energy,note\nAu,Pt,12/1,-2.85,\rAu,Pd,12/1,-2.7,"one\rcell"\r\nAu,Ag,12/1,-2.6,\rAu,Cu,12/1,-2.5,x\n');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([...r.recipes.keys()], ['Au12Pt1_line2', 'Au12Pd1_line3', 'Au12Ag1_line5', 'Au12Cu1_line6']);
  assert.equal(noteOf(r.recipes.get('Au12Pd1_line3')), 'one cell');
});

test('import: a SMILES with no ligand to name it (an empty ligands cell, or more SMILES than ligands) is that row\'s error', () => {
  const csv = ['name,host,dopant,counts,ligands,smiles,energy', 'q1,Au,Pt,24/1,,SCCc1ccccc1,-3.1', 'q2,Au,Pd,24/1,L1 x 18,CCS;CCCS,-3.1', 'q3,Au,Ag,24/1,L3 x 18,CCCCS;,-3.1', 'q4,Au,Cu,24/1,  ,  ,-3.1'].join('\n') + '\n';
  const r = importCsv('smiles', csv);
  assert.equal(r.status, 1);
  const errors = r.stderr.split('\n').filter((l) => l.includes('smiles.csv:'));
  assert.deepEqual(errors.map((l) => l.slice(l.indexOf('smiles.csv:'))), [
    'smiles.csv:2: smiles "SCCc1ccccc1" names no ligand: the ligands cell is empty; write the ligand there (NAME x COUNT), its SMILES in the same place in smiles',
    'smiles.csv:3: smiles has 2 entries for the 1 ligand(s) in ligands, so "CCCS" names no ligand; list each SMILES in the place of its ligand',
  ]);
  // A trailing `;` adds no SMILES.
  assert.deepEqual([...r.recipes.keys()], ['q3', 'q4']);
});
