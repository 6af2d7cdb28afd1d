import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startProgress } from '../../cli/src/progress';
import { CLI, ensureBuilt } from './runCli';

/** A stand-in for standard error that records what is written, as a terminal or as a pipe. */
function stderrLike(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream, text: () => chunks.join('') };
}

/** Where the records go: a file, or the same terminal. */
const recordsTo = (isTTY: boolean) => ({ isTTY });

test('a terminal gets a bar counting the recipes scored, which leaves line wrapping alone', () => {
  const { stream, text } = stderrLike(true);
  const progress = startProgress(4096, stream, recordsTo(false));
  progress.advance(1024);
  progress.stop();
  assert.match(text(), /scoring \[.*\] \d+% \| \d+\/4096 recipes/);
  // The library's default turned wrapping off (ESC[?7l) until it stopped.
  assert.doesNotMatch(text(), /\u001b\[\?7l/);
});

test('no bar when the records print to the terminal too: it would draw over them', () => {
  const { stream, text } = stderrLike(true);
  const progress = startProgress(4096, stream, recordsTo(true));
  progress.advance(1024);
  progress.stop();
  assert.equal(text(), '');
});

test('a pipe or a file gets nothing: no control characters in logs', () => {
  const { stream, text } = stderrLike(false);
  const progress = startProgress(4096, stream, recordsTo(false));
  progress.advance(1024);
  progress.stop();
  assert.equal(text(), '');
});

/** `text` as one word of a POSIX shell command line. */
const shellWord = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** util-linux's script (Debian's bsdutils, an essential package): BSD's and BusyBox's take other arguments. */
const utilLinuxScript = /util-linux/.test(spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout ?? '');

test('bimetal score in a terminal draws the bar on standard error while its records go to the redirected output; piped, standard error gets no bar', { skip: !utilLinuxScript && "util-linux's script is not installed" }, () => {
  ensureBuilt();
  const work = mkdtempSync(path.join(tmpdir(), 'bimetal-progress-'));
  try {
    const recipes = path.join(work, 'sweep.bimetal');
    const records = path.join(work, 'records.jsonl');
    writeFileSync(recipes, 'recipe Sweep {\n  host Au 1..300\n  dopant Pt 1..100\n}\n');
    const command = [process.execPath, CLI, 'score', recipes, '--format', 'jsonl'].map(shellWord).join(' ');
    // util-linux's script runs the command on a pseudo-terminal and copies what the terminal shows to its standard output.
    // script runs the command with $SHELL: a POSIX shell, for shellWord's quoting.
    const terminal = spawnSync('script', ['-qfec', `${command} > ${shellWord(records)}`, '/dev/null'], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, SHELL: '/bin/sh' } });
    assert.equal(terminal.status, 0, `${terminal.error?.message ?? ''}${terminal.stdout}${terminal.stderr}`);
    assert.match(terminal.stdout, /scoring \[[^\]]*\] \d+% \| \d+\/30000 recipes/, 'the bar, counting the family');
    const lines = readFileSync(records, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 30_000);
    assert.ok(lines.every((line) => line.startsWith('{') && !line.includes('\u001b')), 'no control character in the records');

    const piped = spawnSync(process.execPath, [CLI, 'score', recipes, '--format', 'jsonl'], { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
    assert.equal(piped.status, 0, piped.stderr);
    assert.doesNotMatch(piped.stderr, /scoring \[|\u001b/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('interrupted while its bar is drawn, bimetal score gives the terminal its cursor back and still ends as interrupted (130)', { skip: !utilLinuxScript && "util-linux's script is not installed" }, async () => {
  ensureBuilt();
  const work = mkdtempSync(path.join(tmpdir(), 'bimetal-progress-'));
  try {
    const recipes = path.join(work, 'interrupt-me.bimetal');
    writeFileSync(recipes, 'recipe Sweep {\n  host Au 1..986\n  dopant Pt 1..1000\n}\n');
    const command = [process.execPath, CLI, 'score', recipes, '--format', 'csv', '--max-family-size', '986000'].map(shellWord).join(' ');
    const terminal = spawn('script', ['-qfec', `${command} > ${shellWord(path.join(work, 'out.csv'))}; echo "status=$?"`, '/dev/null'], { env: { ...process.env, SHELL: '/bin/sh' } });
    let shown = '';
    terminal.stdout.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const closed = new Promise<void>((resolve) => terminal.on('close', () => resolve()));
    while (!/scoring \[/.test(shown)) await new Promise((resolve) => setTimeout(resolve, 50));
    // The scoring node process (script runs it through a shell on a pseudo-terminal of its own).
    const pid = spawnSync('pgrep', ['-f', `${CLI} score ${recipes}`], { encoding: 'utf8' }).stdout.trim().split('\n').map(Number).find((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'node');
    assert.ok(pid, 'the scoring process is running');
    process.kill(pid, 'SIGINT');
    await closed;
    assert.match(shown, /status=130/);
    // The bar hid the cursor (ESC[?25l) and shows it again (ESC[?25h) before the run ends.
    assert.ok(shown.lastIndexOf('\u001b[?25h') > shown.lastIndexOf('\u001b[?25l'), JSON.stringify(shown.slice(-300)));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
