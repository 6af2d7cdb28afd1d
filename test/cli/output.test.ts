/**
 * What the command line writes, as an audit found it losing the user's files: an `--out` that is
 * one of the inputs, a write that fails part-way (a full disk, simulated by a file size limit),
 * an import with nothing to write, and standard output that fails (`> /dev/full`) or is closed
 * early (`| head`), and an `--out` that is no regular file (a named pipe, a link to nothing yet). Every command meets these the same way (cli/src/outputs.ts).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, watch, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CSV_THREAD_MIN_ROWS } from '../../cli/src/formats/recordStream';
import { MODEL_FILES } from '../../engine/src/inference/runtime';
import { inputFileId } from '../../cli/src/inputs';
import { refuseInputAsOutput } from '../../cli/src/outputs';
import { CLI, ensureBuilt, ROOT, runCli, type CliResult } from './runCli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bimetal-output-'));
const labelled = path.join(dir, 'labelled.bimetal');
const LABELLED = 'recipe A {\n  host Au 12\n  dopant Pt 1\n  energy -2.5 eV\n}\nrecipe B {\n  host Au 12\n  dopant Pd 1\n  energy -2.4 eV\n}\nrecipe C {\n  host Ag 12\n  dopant Pt 1\n  energy -2.3 eV\n}\n';
/** 60 good rows: the recipes written are several kilobytes, beyond the 1 KiB file size limit below. */
const table = path.join(dir, 'results.csv');
const TABLE = ['name,host,dopant,counts,energy', ...Array.from({ length: 60 }, (_, i) => `R${i},Au,Pd,12/1,-2.${String(i).padStart(2, '0')}`)].join('\n') + '\n';
const PREVIOUS = 'recipe Previous {\n  host Au 12\n  dopant Pt 1\n}\n';
/** Outputs far beyond a pipe's 64 KiB, so that a command is still writing when `head` has gone. */
const broken = Array.from({ length: 5 }, (_, i) => path.join(dir, `broken-${i}.bimetal`));
const family = path.join(dir, 'family.bimetal');
/** Enough rows for CSV's own thread (CSV_THREAD_MIN_ROWS). */
const largeFamily = path.join(dir, 'large-family.bimetal');
const specs = path.join(dir, 'specs.jsonl');

before(() => {
  ensureBuilt();
  writeFileSync(labelled, LABELLED);
  writeFileSync(table, TABLE);
  for (const file of broken) writeFileSync(file, Array.from({ length: 1200 }, (_, j) => `recipe R${j} { host Au 12 dopant Xx 1 }`).join('\n') + '\n');
  writeFileSync(family, 'recipe Fam {\n  host [Au, Ag] 12..40\n  dopant [Pt, Pd] 1..2\n}\n');
  writeFileSync(largeFamily, `recipe Large {\n  host Au 1..${CSV_THREAD_MIN_ROWS / 100}\n  dopant Pt 1..100\n}\n`);
  writeFileSync(specs, 'not json\n'.repeat(20_000));
});

/** A fresh folder holding `name` with the previous content, for a write that must leave it so. */
function previousFile(name: string): { folder: string; file: string } {
  const folder = mkdtempSync(path.join(dir, 'previous-'));
  const file = path.join(folder, name);
  writeFileSync(file, PREVIOUS);
  return { folder, file };
}

/**
 * The command under a 1 KiB file size limit (`ulimit -f 1`, SIGXFSZ ignored): a write past it
 * fails with EFBIG after the first kibibyte is on the disk, as a write fails when a disk fills.
 */
function runWithFileSizeLimit(args: string[]): CliResult {
  const r = spawnSync('bash', ['-c', 'trap "" XFSZ; ulimit -f 1; exec "$0" "$@"', process.execPath, CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command with its standard output piped into `head -c 1`, which closes the pipe after one byte; its exit code and stderr. */
function runIntoHead(args: string[]): CliResult {
  const r = spawnSync('bash', ['-c', '"$0" "$@" | head -c 1 > /dev/null; exit "${PIPESTATUS[0]}"', process.execPath, CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('an --out that is one of the inputs, by any name, is refused (exit 2) and the input is left as it was', () => {
  const symbolic = path.join(dir, 'symbolic.bimetal');
  const hard = path.join(dir, 'hard.bimetal');
  symlinkSync(labelled, symbolic);
  linkSync(labelled, hard);
  for (const out of [labelled, symbolic, hard]) {
    const r = runCli(['calibrate', labelled, '--out', out]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^bimetal: --out .* is (an input|the input .*labelled\.bimetal): writing it would replace what is being read; name another file\n$/);
    assert.equal(r.stdout, '', 'refused before any work');
  }
  assert.equal(readFileSync(labelled, 'utf8'), LABELLED);

  const own = runCli(['import', table, '--out', table]);
  assert.equal(own.status, 2);
  assert.equal(own.stderr, `bimetal: --out ${table} is an input: writing it would replace what is being read; name another file\n`);
  // `import - --out results.csv < results.csv`: standard input is that file.
  const fd = openSync(table, 'r');
  try {
    const redirected = runCli(['import', '-', '--out', table], { stdin: fd });
    assert.equal(redirected.status, 2);
    assert.match(redirected.stderr, /is standard input: writing it would replace what is being read/);
  } finally {
    closeSync(fd);
  }
  assert.equal(readFileSync(table, 'utf8'), TABLE);
});

/** A hard link `link` to `file`, unless they would lie on two file systems. */
function linkedOnSameFileSystem(file: string, link: string): boolean {
  try {
    linkSync(file, link);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EXDEV') return false;
    throw error;
  }
}

test('an --out that is a structure file the recipes name or a file of the models folder, by any name, is refused (exit 2) and left as it was', () => {
  const folder = mkdtempSync(path.join(dir, 'read-'));
  const xyz = path.join(folder, 'core.xyz');
  const XYZ = '2\nAuPd dimer\nAu 0 0 0\nPd 0 0 2.75\n';
  writeFileSync(xyz, XYZ);
  const hard = path.join(folder, 'hard.xyz');
  linkSync(xyz, hard);
  const csv = path.join(folder, 't.csv');
  writeFileSync(csv, 'name,host,dopant,counts,structure,energy\na,Au,Pd,1/1,core.xyz,-2.1\n');
  const recipes = path.join(folder, 's.bimetal');
  writeFileSync(recipes, 'recipe a { host Au 1 dopant Pd 1 structure "core.xyz" energy -2.1 eV }\n' + LABELLED);
  const refusal = (out: string, kind: string) => new RegExp(`^bimetal: --out ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is ${kind}( \\(.*\\))?: writing it would replace what is being read; name another file\n$`);

  // import's recipes name core.xyz relative to the folder they are written to.
  const imported = runCli(['import', csv, '--out', xyz]);
  assert.equal(imported.status, 2, imported.stderr);
  assert.match(imported.stderr, refusal(xyz, 'a structure file the recipes name'));
  for (const out of [xyz, hard]) {
    const r = runCli(['calibrate', recipes, '--out', out]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, refusal(out, 'a structure file a recipe names'));
    assert.equal(r.stdout, '');
  }
  assert.equal(readFileSync(xyz, 'utf8'), XYZ, 'the structure file is left as it was');

  const models = path.join(folder, 'models');
  cpSync(path.join(ROOT, 'models'), models, { recursive: true });
  const conformal = path.join(models, 'eform-v2.conformal.json');
  const before = readFileSync(conformal, 'utf8');
  for (const [out, extra] of [
    [conformal, ['--models', models]],
    [path.join(models, 'FORMAT.md'), ['--models', models]],
  ] as const) {
    const r = runCli(['calibrate', labelled, ...extra, '--out', out]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, refusal(out, 'a file of the models folder'));
  }
  assert.equal(readFileSync(conformal, 'utf8'), before, 'the model file is left as it was');
  // A model file the folder lacks is refused all the same: the site model's terms are optional, and
  // a calibration written as site-v2.terms.json broke the terms of every later run on the folder.
  const terms = path.join(models, 'site-v2.terms.json');
  rmSync(terms);
  for (const out of [terms, path.relative(ROOT, terms)]) {
    const r = runCli(['calibrate', labelled, '--models', models, '--out', out]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, refusal(out, 'a file of the models folder'));
    assert.equal(existsSync(terms), false, 'no file is written where the terms are read');
  }
  // So is every name the runtime gives a model file, and a link to nothing yet that would create one.
  const empty = mkdtempSync(path.join(folder, 'no-models-'));
  for (const name of MODEL_FILES) {
    const r = runCli(['calibrate', labelled, '--models', empty, '--out', path.join(empty, name)]);
    assert.equal(r.status, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, refusal(path.join(empty, name), 'a file of the models folder'));
  }
  const dangling = path.join(folder, 'terms-link.json');
  symlinkSync(terms, dangling);
  const linked = runCli(['calibrate', labelled, '--models', models, '--out', dangling]);
  assert.equal(linked.status, 2, linked.stderr);
  assert.match(linked.stderr, refusal(dangling, 'a file of the models folder'));
  assert.deepEqual(readdirSync(empty), []);
  assert.equal(existsSync(terms), false);
  // The bundled models are the models folder when --models is left out: a hard link to one of them is refused without touching it.
  // (A hard link, so that a write that got through would replace the link, not the bundled file; none across file systems.)
  const bundled = path.join(folder, 'bundled-card.md');
  if (linkedOnSameFileSystem(path.join(ROOT, 'models', 'eform-v2.card.md'), bundled)) {
    const r = runCli(['calibrate', labelled, '--out', bundled]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, refusal(bundled, 'a file of the models folder'));
  }
  // Another file in that folder is written as before.
  const fresh = runCli(['calibrate', recipes, '--out', path.join(folder, 'cal.json')]);
  assert.equal(fresh.status, 0, fresh.stderr);
});

test('calibrate looks each input up once, to read it once and to refuse it as --out: named twice and through a link, the refusal names it as first written', () => {
  const link = path.join(dir, 'link-to-labelled.bimetal');
  symlinkSync(labelled, link);
  const r = runCli(['calibrate', labelled, link, labelled, '--out', link]);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, `bimetal: --out ${link} is the input ${labelled}: writing it would replace what is being read; name another file\n`);
  assert.equal(readFileSync(labelled, 'utf8'), LABELLED);
});

test('the refusal compares --out with the identities it is handed (identifyInputs), not with the inputs looked up again', () => {
  // An input gone since it was identified is still the file the run identified.
  const identified = { arg: 'gone.bimetal', fileId: inputFileId(labelled) };
  assert.throws(() => refuseInputAsOutput(labelled, [identified]), { message: `--out ${labelled} is the input gone.bimetal: writing it would replace what is being read; name another file` });
});

test('import writes nothing when every row is rejected: an existing --out is left as it was', () => {
  const { file } = previousFile('kept.bimetal');
  const rejected = path.join(dir, 'rejected.csv');
  writeFileSync(rejected, 'name,host,dopant,counts\nA,Au,Xx,12/1\nB,Au,Pt,twelve\n');
  const r = runCli(['import', rejected, '--out', file]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /rejected\.csv:2: .*Xx/);
  assert.match(r.stderr, new RegExp(`bimetal import: no recipe to write, so ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not written\n$`));
  assert.equal(readFileSync(file, 'utf8'), PREVIOUS);
  // Standard output gets nothing either, not a header comment alone.
  assert.equal(runCli(['import', rejected]).stdout, '');
});

test('a write that fails part-way leaves the previous file whole and no temporary file (import, calibrate: one message, exit 2)', () => {
  for (const [command, args, name] of [
    ['import', [table], 'recipes.bimetal'],
    ['calibrate', [labelled], 'cal.json'],
  ] as const) {
    const { folder, file } = previousFile(name);
    const r = runWithFileSizeLimit([command, ...args, '--out', file]);
    assert.equal(r.status, 2, `${command}: ${r.stderr}`);
    assert.ok(r.stderr.endsWith(`bimetal: cannot write ${file}: the file is larger than this process may write (ulimit -f)\n`), `${command}: ${r.stderr}`);
    assert.equal(readFileSync(file, 'utf8'), PREVIOUS, `${command} kept the previous file`);
    assert.deepEqual(readdirSync(folder), [name], `${command} left no temporary file`);
  }
});

test('interrupted (SIGINT, SIGTERM) while it writes --out, the command removes its temporary file, leaves the target as it was, and ends as interrupted (130, 143)', { skip: process.platform === 'win32' && 'no POSIX signals' }, async () => {
  // 20,000 rows with long notes: some 10 MB of recipes, so the write is still going when the signal comes.
  const folder = mkdtempSync(path.join(dir, 'interrupted-'));
  const big = path.join(folder, 'big.csv');
  const note = 'n'.repeat(400);
  writeFileSync(big, ['name,host,dopant,counts,energy,note', ...Array.from({ length: 20_000 }, (_, i) => `R${i},Au,Pd,12/1,-2.${i % 1000},${note} ${i}`)].join('\n') + '\n');
  for (const [signal, status] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    const out = path.join(folder, 'out.bimetal');
    writeFileSync(out, PREVIOUS);
    // Through a shell, which reports the status a user sees; the command is its child.
    const shell = spawn('sh', ['-c', '"$0" "$@"; echo "status=$?"', process.execPath, CLI, 'import', big, '--out', out], { cwd: ROOT });
    let shown = '';
    shell.stdout.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const closed = new Promise<void>((resolve) => shell.on('close', () => resolve()));
    // As soon as the temporary file beside the target appears.
    let sent = false;
    const watcher = watch(folder, (_event, name) => {
      if (sent || !name || !/^\.out\.bimetal\..+\.tmp$/.test(String(name))) return;
      const pid = Number(spawnSync('pgrep', ['-P', String(shell.pid)], { encoding: 'utf8' }).stdout.trim().split('\n')[0]);
      if (!pid) return;
      sent = true;
      process.kill(pid, signal);
    });
    await closed;
    watcher.close();
    assert.ok(sent, `${signal}: a temporary file appeared`);
    assert.match(shown, new RegExp(`status=${status}\\b`), `${signal}: ended as interrupted`);
    assert.deepEqual(readdirSync(folder).sort(), ['big.csv', 'out.bimetal'], `${signal}: no temporary file left`);
    assert.equal(readFileSync(out, 'utf8'), PREVIOUS, `${signal}: the target as it was`);
  }
});

test('an --out that cannot be written is the same clear error for every command (exit 2), never an internal error', () => {
  const throughFile = path.join(table, 'recipes.bimetal');
  for (const [command, input] of [
    ['import', table],
    ['calibrate', labelled],
  ]) {
    const r = runCli([command, input, '--out', throughFile]);
    assert.equal(r.status, 2, `${command}: ${r.stderr}`);
    assert.ok(r.stderr.endsWith(`bimetal: cannot write ${throughFile}: a part of the path is a file, not a folder\n`), `${command}: ${r.stderr}`);
  }
  const missingFolder = runCli(['import', table, '--out', path.join(dir, 'no-such-folder', 'x.bimetal')]);
  assert.equal(missingFolder.status, 2);
  assert.match(missingFolder.stderr, /cannot write .*no-such-folder\/x\.bimetal: its folder does not exist\n$/);
  // /proc exists, but creates no file: its ENOENT (EACCES for a user other than root) is no missing folder.
  if (existsSync('/proc/self')) {
    for (const command of [
      ['import', table],
      ['calibrate', labelled],
    ]) {
      const inProc = runCli([...command, '--out', '/proc/x.bimetal']);
      assert.equal(inProc.status, 2, inProc.stderr);
      assert.match(inProc.stderr, /bimetal: cannot write \/proc\/x\.bimetal: (its folder exists but takes no new files \(a virtual file system, such as \/proc\)|permission denied)\n$/);
    }
  }
  const folder = runCli(['import', table, '--out', dir]);
  assert.equal(folder.status, 2);
  assert.match(folder.stderr, /cannot write .*: it is a folder\n$/);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
});

test('--out through a link replaces the file it points to and keeps the link', () => {
  const { folder, file } = previousFile('target.bimetal');
  const link = path.join(folder, 'link.bimetal');
  symlinkSync(file, link);
  const r = runCli(['import', table, '--out', link]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(file, 'utf8'), /recipe R59 \{/);
  assert.deepEqual(readdirSync(folder).sort(), ['link.bimetal', 'target.bimetal']);
});

test('--out through a link to nothing yet creates the file the link names and keeps the link', () => {
  const folder = mkdtempSync(path.join(dir, 'dangling-'));
  const link = path.join(folder, 'link.json');
  // Relative, through a second link: each is read from the folder it lies in.
  symlinkSync('middle.json', link);
  symlinkSync(path.join('made', 'cal.json'), path.join(folder, 'middle.json'));
  mkdirSync(path.join(folder, 'made'));
  const r = runCli(['calibrate', labelled, '--out', link]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(lstatSync(link).isSymbolicLink() && lstatSync(path.join(folder, 'middle.json')).isSymbolicLink(), 'the links stay');
  assert.ok(JSON.parse(readFileSync(path.join(folder, 'made', 'cal.json'), 'utf8')).version !== undefined, 'the calibration is in the file the links name');
  assert.deepEqual(readdirSync(path.join(folder, 'made')), ['cal.json'], 'no temporary file left');
});

test('--out that is a named pipe is written into the pipe for its reader, and stays a pipe', { skip: process.platform === 'win32' && 'no mkfifo' }, async () => {
  const folder = mkdtempSync(path.join(dir, 'fifo-'));
  const fifo = path.join(folder, 'cal.json');
  execFileSync('mkfifo', [fifo]);
  const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
  let read = '';
  reader.stdout.setEncoding('utf8').on('data', (chunk: string) => (read += chunk));
  const readerDone = new Promise<void>((resolve) => reader.on('close', () => resolve()));
  const cli = spawn(process.execPath, [CLI, 'calibrate', labelled, '--out', fifo], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  cli.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve) => cli.on('close', (code) => resolve(code)));
  const stillPipe = lstatSync(fifo).isFIFO();
  // A pipe replaced by a file leaves the reader waiting on the old pipe for ever.
  if (!stillPipe) reader.kill();
  await readerDone;
  assert.equal(status, 0, stderr);
  assert.ok(stillPipe, 'the named pipe is still a named pipe');
  assert.ok(JSON.parse(read).version !== undefined, `the reader got the calibration: ${read.slice(0, 200)}`);
  assert.deepEqual(readdirSync(folder), ['cal.json'], 'no temporary file beside it');
});

test('a standard output that cannot be written (> /dev/full) is one message and exit 2 for every command, never a stack trace', { skip: !existsSync('/dev/full') && 'no /dev/full' }, () => {
  const full = openSync('/dev/full', 'w');
  try {
    for (const args of [
      ['check', broken[0]],
      ['score', labelled],
      ['score', labelled, '--format', 'table'],
      ['score', largeFamily, '--format', 'csv'],
      ['import', table],
      ['suggest', family, '--format', 'jsonl'],
      ['featurize', specs],
    ]) {
      const r = runCli(args, { stdout: full });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(r.stderr.endsWith('bimetal: cannot write standard output: no space left on the device\n'), `${args.join(' ')}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n +at /, 'no stack trace');
    }
  } finally {
    closeSync(full);
  }
});

test('a reader that closes the pipe early (| head) stops the output quietly; each command exits with its own status', () => {
  for (const [args, own] of [
    [['check', ...broken], 1],
    [['score', family, '--format', 'jsonl'], 0],
    [['score', largeFamily, '--format', 'csv'], 0],
    [['suggest', family, '--n', '300', '--format', 'jsonl'], 0],
    [['featurize', specs], 1],
  ] as const) {
    const r = runIntoHead([...args]);
    assert.equal(r.stderr, '', `${args[0]}: ${r.stderr}`);
    // The same status as with the whole output read (`> /dev/null`), so `set -o pipefail` sees errors.
    assert.equal(r.status, own, args[0]);
  }
});
