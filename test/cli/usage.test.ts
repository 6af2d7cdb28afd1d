/**
 * Arguments a command cannot use are usage errors (exit 2, docs/cli.md), never silently dropped
 * or read as something else: a second table given to `import`, an empty `--calibration` or
 * `--models` (a shell variable left unset), `--out -` (which wrote a file named `-`). An input that cannot be read
 * makes `calibrate` exit 2 like the other commands, also when too few labels are left to fit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AU12PD } from '../pipeline/sampleRecipes';
import { ensureBuilt, runCli } from './runCli';

let dir: string;

before(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'bimetal-usage-'));
  for (const name of ['first.csv', 'second.csv']) writeFileSync(path.join(dir, name), 'host,dopant,nHost,nDopant,energy\nAu,Pt,12,1,-2.1\n');
  writeFileSync(path.join(dir, 'au12pd.bimetal'), AU12PD);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs in `dir`, so that a file the command should not write would appear there. */
const inDir = (args: string[]) => runCli(args, { cwd: dir });

test('a second positional argument is refused where a command takes one (import, featurize) or none (lsp), and nothing is written', () => {
  const before = readdirSync(dir).sort();
  for (const args of [['import', 'first.csv', 'second.csv'], ['import', 'first.csv', '--out', 'both.bimetal', 'second.csv'], ['featurize', 'first.csv', 'second.csv'], ['lsp', '--stdio', 'extra']]) {
    const r = inDir(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /too many arguments/);
  }
  assert.deepEqual(readdirSync(dir).sort(), before);
});

test('an empty --calibration is refused by score and suggest instead of scoring without one, an empty --models by every command', () => {
  for (const command of ['score', 'suggest']) {
    const r = inDir([command, 'au12pd.bimetal', '--calibration', '']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--calibration <file>' argument '' is invalid\. expected a file name/);
  }
  for (const command of ['check', 'score', 'suggest']) {
    const r = inDir([command, 'au12pd.bimetal', '--models', '']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--models <dir>' argument '' is invalid\. expected a folder name/);
  }
});

test("--out - and an empty --out are refused by import and calibrate; no file named '-' is written", () => {
  for (const args of [['import', 'first.csv'], ['calibrate', 'au12pd.bimetal']]) {
    for (const out of ['-', '']) {
      const r = inDir([...args, '--out', out]);
      assert.equal(r.status, 2, `${args[0]} --out '${out}': ${r.stderr}`);
      assert.match(r.stderr, /--out <file>' argument .* is invalid\. expected a file name/);
      // Only import can write to standard output (with no --out); calibrate's hint must not say it can.
      if (out === '-') assert.equal(/standard output when --out is left out/.test(r.stderr), args[0] === 'import', r.stderr);
    }
  }
  assert.equal(existsSync(path.join(dir, '-')), false);
});

test('calibrate exits 2 when an input cannot be read, though the files it read hold too few labels to fit', () => {
  const r = inDir(['calibrate', 'au12pd.bimetal', 'missing.bimetal', '--out', 'calibration.json']);
  assert.match(r.stderr, /missing\.bimetal: BM123 no such file/);
  assert.match(r.stderr, /no calibration: 0 usable energy label\(s\) and 0 usable siteEnergy label\(s\)/);
  assert.equal(r.status, 2);
  assert.equal(existsSync(path.join(dir, 'calibration.json')), false);
});

test('an option of one value given twice is refused (exit 2) naming both values, and nothing is written; --structure-root may be repeated', () => {
  // Commander kept the last use silently: `import … --out o1 --out o2` wrote o2 alone and said nothing of o1.
  const before = readdirSync(dir).sort();
  for (const [args, flags, first, second] of [
    [['import', 'first.csv', '--out', 'o1.bimetal', '--out', 'o2.bimetal'], '--out <file>', 'o1.bimetal', 'o2.bimetal'],
    [['calibrate', 'au12pd.bimetal', '--out=a.json', '--out', 'b.json'], '--out <file>', 'a.json', 'b.json'],
    [['score', 'au12pd.bimetal', '--format', 'csv', '--format', 'json'], '--format <format>', 'csv', 'json'],
    [['suggest', 'au12pd.bimetal', '--objective', 'stable', '--objective', 'uncertain'], '--objective <objective>', 'stable', 'uncertain'],
    [['suggest', 'au12pd.bimetal', '--n', '3', '--n', '5'], '--n <n>', '3', '5'],
    [['check', 'au12pd.bimetal', '--coverage', '0.9', '--coverage', '0.5'], '--coverage <c>', '0.9', '0.5'],
    [['check', 'au12pd.bimetal', '--models', '.', '--models', '.'], '--models <dir>', '.', '.'],
    [['score', 'au12pd.bimetal', '--calibration', 'a.json', '--calibration', 'b.json'], '--calibration <file>', 'a.json', 'b.json'],
    [['suggest', 'au12pd.bimetal', '--phi-threshold', '-0.3', '--phi-threshold', '0'], '--phi-threshold <phi>', '-0.3', '0'],
  ] as const) {
    const r = inDir([...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.startsWith(`error: option '${flags}' given more than once ("${first}", then "${second}"); give it once\n`), `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '', `${args.join(' ')}: refused before any work`);
  }
  assert.deepEqual(readdirSync(dir).sort(), before, 'nothing written');
  const roots = inDir(['check', 'au12pd.bimetal', '--structure-root', '.', '--structure-root', dir]);
  assert.equal(roots.status, 0, roots.stderr);
});
