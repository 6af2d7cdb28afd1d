import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AU4RU2 } from '../pipeline/sampleRecipes';
import { CLI, ensureBuilt, ROOT, runCli } from './runCli';

before(ensureBuilt);

const CLEAN = AU4RU2;

/** `file:line:col: severity code message`, 1-based. */
const LINE = /^(.+):(\d+):(\d+): (error|warning|information|hint) (BM\d{3}) (.+)$/;

test('check exits 0 on a file without errors', () => {
  const r = runCli(['check', '-'], { input: CLEAN });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const m = LINE.exec(line);
    assert.ok(m, `unexpected line: ${line}`);
    assert.notEqual(m[4], 'error');
  }
});

test('check prints errors as file:line:col: severity code message and exits 1', () => {
  // Line 4 names a non-metal dopant.
  const text = 'recipe Broken {\n  host Au 4\n  dopant S 2\n}\n';
  const r = runCli(['check', '-'], { input: text });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const errors = r.stdout.split('\n').map((l) => LINE.exec(l)).filter((m) => m && m[4] === 'error');
  assert.ok(errors.length >= 1, r.stdout);
  const [, file, line, col] = errors[0]!;
  assert.equal(file, '<stdin>');
  assert.equal(line, '3');
  assert.equal(Number(col), 'dopant S 2'.indexOf('S') + 3);
});

test('check reads every file named and reports each with its own name', () => {
  const r = runCli(['check', 'examples/nc-supported.bimetal', 'examples/zeolites.bimetal']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  for (const line of r.stdout.split('\n').filter(Boolean)) assert.match(line, /^examples\/(nc-supported|zeolites)\.bimetal:\d+:\d+: /);
});

test('a missing file is an I/O error: a clear message and exit 2', () => {
  const r = runCli(['check', 'no/such/file.bimetal']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no\/such\/file\.bimetal: BM123 no such file/);
});

test('a path through a file reads as the command line writes it everywhere (reading or writing)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-check-'));
  try {
    const file = path.join(dir, 'plain.bimetal');
    writeFileSync(file, CLEAN);
    const r = runCli(['check', path.join(file, 'inner.bimetal')]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `bimetal: ${path.join(file, 'inner.bimetal')}: BM123 a part of the path is a file, not a folder\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors exit 2', () => {
  assert.equal(runCli(['check']).status, 2);
  assert.equal(runCli(['frobnicate']).status, 2);
  assert.equal(runCli([]).status, 2);
});

test('--help exits 0 and lists the commands', () => {
  const r = runCli(['--help']);
  assert.equal(r.status, 0);
  for (const command of ['check', 'score', 'featurize', 'lsp']) assert.match(r.stdout, new RegExp(`\\b${command}\\b`));
});

test('every command that takes files reads - as standard input (README, docs/cli.md), import included', () => {
  const csv = 'name,host,dopant,counts,energy\nA,Au,Ag,12/1,-2.5\n';
  const imported = runCli(['import', '-'], { input: csv });
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, /recipe A \{[^}]*energy +-2\.5 eV/);
  for (const command of [['check', '-'], ['score', '-', '--format', 'jsonl']]) {
    const r = runCli(command, { input: imported.stdout });
    assert.equal(r.status, 0, `${command.join(' ')}: ${r.stderr}`);
  }
});

test('check reports labels that conflict across its files (BM420, exit 1) and labels it cannot use (BM421), as calibrate does', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-check-labels-'));
  const a = path.join(dir, 'a.bimetal');
  const b = path.join(dir, 'b.bimetal');
  writeFileSync(a, 'recipe A {\n  host Au 12\n  dopant Pt 1\n  energy -2.5 eV\n}\n');
  writeFileSync(b, 'recipe B {\n  host Au 12\n  dopant Pt 1\n  energy -2.1 eV\n}\nrecipe Flat {\n  host Au 4\n  dopant Ag 2\n  topology octahedron\n  siteEnergy -0.3 eV\n}\n');
  const r = runCli(['check', a, b]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /a\.bimetal:4:\d+: error BM420 A: energy -2\.5 eV conflicts with -2\.1 eV \(B, .*b\.bimetal\)/);
  assert.match(r.stdout, /b\.bimetal:4:\d+: error BM420 B: energy -2\.1 eV conflicts with -2\.5 eV/);
  assert.match(r.stdout, /b\.bimetal:10:\d+: warning BM421 Flat: siteEnergy -0\.3 eV is not used for calibration/);
  rmSync(dir, { recursive: true, force: true });
});

test('a file named twice is read once: its labels neither conflict with themselves (BM420) nor count twice (BM421)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-check-twice-'));
  writeFileSync(path.join(dir, 'a.bimetal'), 'recipe A {\n  host Au 12\n  dopant Pt 1\n  energy -2.5 eV\n}\nrecipe Flat {\n  host Au 4\n  dopant Ag 2\n  topology octahedron\n  siteEnergy -0.3 eV\n}\n');
  symlinkSync('a.bimetal', path.join(dir, 'link.bimetal'));
  const stdin = openSync(path.join(dir, 'a.bimetal'), 'r');
  // The same file by another path, through a link, and as standard input redirected from it.
  const r = runCli(['check', 'a.bimetal', 'a.bimetal', './a.bimetal', 'link.bimetal', '-'], { cwd: dir, stdin });
  closeSync(stdin);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const labels = r.stdout.split('\n').filter((l) => / BM42\d /.test(l));
  assert.deepEqual(labels, ['a.bimetal:10:3: warning BM421 Flat: siteEnergy -0.3 eV is not used for calibration: there is no ΔE site prediction to compare it with (6 metal atoms make an octahedron, which has no interior (core) site)']);
  for (const other of ['./a.bimetal', 'link.bimetal', '<stdin>']) assert.ok(!r.stdout.includes(other), `reported under its first name only, not ${other}:\n${r.stdout}`);
  rmSync(dir, { recursive: true, force: true });
});

test('check decides unbounded intervals (BM405) at its --coverage, as score does', () => {
  // A thiolate shell within the fitted ligands per metal atom is calibrated in the `environment` group, whose six points bound CV+ up to 85.7 %.
  const text = 'recipe Protected {\n  host Au 24\n  dopant Pd 1\n  ligands "SCCCC" x 18\n}\n';
  const codes = (args: string[]) => {
    const r = runCli(['check', '-', ...args], { input: text });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.match(/BM\d{3}/g) ?? ([] as string[]);
  };
  assert.ok(codes([]).includes('BM405'), 'unbounded at the default 90 %');
  assert.ok(!codes(['--coverage', '0.8']).includes('BM405'), 'checked (exit 0), and bounded at 80 %');
  const r = runCli(['check', '-', '--coverage', '1.5'], { input: text });
  assert.equal(r.status, 2, 'a coverage outside 0.5–1 is a usage error');
});

test('a file saved as UTF-16 (with its byte order mark, as Windows Notepad saves "Unicode") is read as its text', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-utf16-'));
  try {
    const text = 'recipe Broken {\n  host Au 12\n  dopant Xx 1\n}\n';
    const littleEndian = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const bigEndian = Buffer.from(littleEndian);
    bigEndian.swap16();
    writeFileSync(path.join(dir, 'le.bimetal'), littleEndian);
    writeFileSync(path.join(dir, 'be.bimetal'), bigEndian);
    for (const name of ['le.bimetal', 'be.bimetal']) {
      const r = runCli(['check', name], { cwd: dir });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      // The one error the text holds, where it holds it (read as UTF-8, every character was an error).
      assert.deepEqual(r.stdout.trim().split('\n').map((line) => LINE.exec(line)?.slice(1, 6).join(' ')), [`${name} 3 10 error BM202`]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check streams a large family: 200,000 members in a 128 MB heap, only labelled members kept for the labels’ checks', () => {
  // Kept whole, the members of this family took 681 MB, and a family raised further ran out of memory.
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-check-large-'));
  try {
    writeFileSync(path.join(dir, 'big.bimetal'), 'recipe Big {\n  host Au 1..2000\n  dopant [Pt, Pd, Ag, Cu, Ni, Fe, Co, Rh, Ir, Ru] 1..10\n}\n');
    const r = spawnSync(process.execPath, ['--max-old-space-size=128', CLI, 'check', 'big.bimetal', '--max-family-size', '200000'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    // The family's shared warnings, summarised: one line per pair, each counting its 20,000 members.
    assert.match(r.stdout, /warning BM411 20,000 of 200,000 members of Big/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("check bounds a file's families together by --max-family-size: the family that would take them past it is BM235, naming the total and the limit", () => {
  const family = (name: string) => `recipe ${name} {\n  host Au 1..30\n  dopant [Pt, Pd] 1\n}\n`;
  const text = family('First') + family('Second');
  const r = runCli(['check', '-', '--max-family-size', '100'], { input: text });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const errors = r.stdout.split('\n').filter((l) => LINE.exec(l)?.[4] === 'error');
  assert.deepEqual(errors, [
    "<stdin>:5:8: error BM235 family 'Second' has 60 members, which would bring the document's families to 120 members together, more than the limit of 100 (it bounds a document's families together as well as each one); split the document or narrow its lists or ranges (the command line raises the limit with --max-family-size, the editor with the setting bimetal.maxFamilySize)",
  ]);
  // Raised, it scores both.
  assert.equal(runCli(['check', '-', '--max-family-size', '120'], { input: text }).status, 0);
});

test('text from a recipe file that a terminal would act on (ESC, BEL, a bidirectional override) is printed as its escape', () => {
  const text = 'recipe A\u001b[31mRED\u001b[0m\u0007B {\n  host Au 12\n  dopant Ag 1\n}\nrecipe C {\n  host Au 12\n  dopant Ag 1\n  ligands "CC\u001b]0;T\u0007S" x 2\n}\nrecipe "D\u202e" {\n  host Au 12\n  dopant Ag 1\n}\n';
  const check = runCli(['check', '-'], { input: text });
  const table = runCli(['score', '-', '--format', 'table'], { input: text });
  for (const r of [check, table]) {
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /[\u001b\u0007\u202e]/);
  }
  assert.match(check.stdout, /BM106 'A\\u001B\[31mRED\\u001B\[0m\\u0007B' cannot name a recipe/);
  assert.match(check.stdout, /BM106 '"D\\u202E"'/);
  // A control character in a SMILES is refused before RDKit quotes it back.
  assert.match(check.stdout, /BM301 SMILES is printable ASCII only: U\+001B/);
});

test('a recipe file that is not UTF-8 gets a note at its first undecodable character, once, from check and score', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-latin1-'));
  try {
    // Windows-1252: Å and é are one byte each, which UTF-8 cannot read.
    writeFileSync(path.join(dir, 'latin1.bimetal'), Buffer.from('recipe A {\n  host Au 12\n  dopant Pt 1\n  note "Pd\xb7Au \xe9tude"\n}\n', 'latin1'));
    writeFileSync(path.join(dir, 'utf8.bimetal'), 'recipe A {\n  host Au 12\n  dopant Pt 1\n  note "Pd·Au étude"\n}\n');
    for (const command of [['check'], ['score', '--format', 'csv']]) {
      const r = runCli([...command, 'latin1.bimetal', 'utf8.bimetal'], { cwd: dir });
      assert.equal(r.status, 0, r.stderr);
      const notes = r.stderr.split('\n').filter((line) => line.includes('not UTF-8'));
      assert.deepEqual(notes, ['latin1.bimetal:4:11: note: the file is not UTF-8 here (saved in another encoding, such as Windows-1252), so these characters are read as �; save it as UTF-8 (in VS Code: Save with Encoding) to keep them'], command.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("check's messages are the same in every locale: did-you-mean suggestions are ordered by code unit, not the locale's collation", () => {
  const text = 'recipe A {\n  host M 12\n  dopant Pt 1\n}\n';
  const inLocale = (locale: string) => spawnSync(process.execPath, [CLI, 'check', '-'], { input: text, encoding: 'utf8', env: { ...process.env, LC_ALL: locale } }).stdout;
  const c = inLocale('C');
  assert.match(c, /did you mean 'Mn' or 'Mo' or 'Pm'\?/);
  // Lithuanian collates Y between I and J: the third suggestion was 'Y' there.
  assert.equal(inLocale('lt_LT.UTF-8'), c);
});

test('standard error closed by its reader leaves the exit status the run has (2 for an unreadable file), not 1', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-stderr-'));
  try {
    writeFileSync(path.join(dir, 'sweep.bimetal'), 'recipe Sweep {\n  host Au 1..300\n  dopant Pt 1..100\n}\n');
    // Records and errors share the pipe, whose reader leaves after 5 bytes; the unreadable file is reported last.
    const r = spawnSync('bash', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} score sweep.bimetal missing.bimetal --format jsonl 2>&1 | head -c 5 > /dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.stdout.trim(), '2', r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check reports the problems of ligand declarations that no recipe uses, one line each, and exits 1', () => {
  const text = 'ligand Bad = "C1CC"\nligand Empty = ""\nligand Wb = "SCC" binds P\nligand Nb = "CCCC"\nligand Xq = "SCC" binds Xq\n';
  const r = runCli(['check', '-'], { input: text });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.deepEqual(r.stdout.split('\n').filter(Boolean).map((l) => LINE.exec(l)?.slice(2, 6).join(' ')), [
    '1 14 error BM301',
    '2 16 error BM302',
    '3 25 error BM303',
    '4 13 warning BM304',
    '5 25 error BM305',
  ]);
});

test('a program without ort-wasm-simd-threaded.wasm beside it gives BM403, one line naming the file', () => {
  // In the temporary folder no node_modules lies above the copy to take the file from instead.
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-no-ort-wasm-'));
  try {
    cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true, filter: (from) => path.basename(from) !== 'ort-wasm-simd-threaded.wasm' && !from.endsWith('.map') });
    const r = spawnSync(process.execPath, [path.join(dir, 'dist', 'cli.js'), 'check', '--models', path.join(ROOT, 'models'), '-'], { input: CLEAN, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n').filter(Boolean);
    for (const line of lines) assert.match(line, LINE);
    const runtime = lines.filter((l) => LINE.exec(l)?.[5] === 'BM403');
    assert.equal(runtime.length, 1, r.stdout);
    assert.match(runtime[0], /the ONNX runtime could not start \(ort-wasm-simd-threaded\.wasm is missing: it is not in .*dist, beside the program,/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check reports one molecule written two ways in one ligands list (BM232, which only RDKit tells), once', () => {
  const text = 'recipe Twice {\n  host Au 24\n  dopant Pt 1\n  ligands "CCS" x 9, "SCC" x 9, "SCC" x 1\n}\n';
  const r = runCli(['check', '-'], { input: text });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const repeats = r.stdout.split('\n').filter((line) => LINE.exec(line)?.[5] === 'BM232');
  assert.deepEqual(repeats, [
    `<stdin>:4:22: warning BM232 'SCC' is the molecule of 'CCS' (CCS to RDKit), so one ligand is listed twice in ligands; its counts add up, so write it once with the total`,
    `<stdin>:4:33: warning BM232 'SCC' is listed twice in ligands; its counts add up, so write it once with the total`,
  ]);
});
