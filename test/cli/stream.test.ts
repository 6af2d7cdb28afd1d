import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { csvParse } from 'd3-dsv';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { analyzeFamilies, analyzeText } from '../../grammar/src/index';
import { csvColumns, recordsToCsv } from '../../report/src/csv';
import { CSV_THREAD_MIN_ROWS, recordWriter, type RecordChunk } from '../../cli/src/formats/recordStream';
import { CsvThreadOutput } from '../../cli/src/formats/csvThread';
import { labelledRecords } from '../../pipeline/src/calibration/apply';
import { createScorer } from '../../pipeline/src/index';
import { FIXTURE_TERMS } from '../helpers/energyTerms';
import { writeLinearModels } from '../pipeline/modelFixture';
import { AU12PD, AU4RU2, CU_M_MFI } from '../pipeline/sampleRecipes';
import { CLI, ensureBuilt, runCli } from './runCli';
import { parseShard, ShardSelector } from '../../cli/src/shard';
import { InvalidArgumentError } from 'commander';

/**
 * `bimetal score` streams its records a chunk of members at a time; what it prints must be what
 * the whole document scored at once gives, record for record, in every format. (That the scorer's
 * chunks are the whole document's members is test/pipeline/scoreStream.test.ts; here the writers
 * are also fed many small chunks.)
 */
let work: string;
let models: string;
let sweepFile: string;
/** The records of the sweep scored in one piece (Scorer.scoreText), as `bimetal score` labels them. */
let whole: ScoreRecord[];

/** 10 × 2 × 10 × 2 = 400 members with a named and an inline ligand, and an icosahedral family with site calls and labels. */
const SWEEP = `recipe Sweep {
  host Au 1..10
  dopant [Pt, Pd] 1..10
  ligands PET x 1..2, "SCC" x 2
}
recipe Ico {
  host Au 12
  dopant [Pt, Pd, Ag] 1
  topology icosahedron
  site core
  energy -2.5 eV
}
`;

before(async () => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-stream-'));
  models = path.join(work, 'models');
  writeLinearModels(models, { terms: FIXTURE_TERMS });
  sweepFile = path.join(work, 'sweep.bimetal');
  writeFileSync(sweepFile, SWEEP);
  const document = await createScorer({ modelDir: models }).scoreText(SWEEP, { file: sweepFile, baseDir: work });
  whole = labelledRecords(document.members, undefined, 0.9);
  assert.equal(whole.length, 403);
});

after(() => rmSync(work, { recursive: true, force: true }));

function score(args: string[], input?: string) {
  const r = runCli(['score', '--models', models, ...args], { input });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('--format jsonl prints one JSON record per line, equal to the records of the whole document', () => {
  const lines = score([sweepFile, '--format', 'jsonl']).trimEnd().split('\n');
  assert.equal(lines.length, whole.length);
  lines.forEach((line, i) => assert.deepEqual(JSON.parse(line), JSON.parse(JSON.stringify(whole[i])), `record ${i}`));
});

test('--format json, written element by element, is the indented array of the whole document', () => {
  assert.equal(score([sweepFile, '--format', 'json']), JSON.stringify(whole, null, 2) + '\n');
});

test('--format csv, written row by row, is the CSV of the whole document, logP columns included', () => {
  const streamed = score([sweepFile, '--format', 'csv']);
  assert.equal(streamed, recordsToCsv(whole));
  const header = streamed.slice(0, streamed.indexOf('\n')).split(',');
  // The inline SMILES's column is named by it in quotes (a ligand named CCS would be another), the quotes doubled by CSV.
  assert.ok(header.includes('descriptors.logP.PET') && header.includes('"descriptors.logP.""CCS"""'), header.join(','));
});

/** The records cut into chunks of 1 to 50, as a scorer hands them on. */
function chunks(records: readonly ScoreRecord[]): ScoreRecord[][] {
  const out: ScoreRecord[][] = [];
  for (let start = 0, size = 1; start < records.length; start += size, size = (size * 7) % 50 + 1) out.push(records.slice(start, start + size));
  return out;
}

test('each writer gives the same text however the records are cut into chunks', () => {
  const ligands = ['PET', '"CCS"'];
  const write = (format: 'json' | 'jsonl' | 'csv', parts: ScoreRecord[][]) => {
    const writer = recordWriter({ format, explain: false, ligands, coverage: 0.9, showFile: false });
    return [...parts.flatMap((records) => writer.chunk({ records })), ...writer.end()].join('');
  };
  assert.ok(chunks(whole).length > 10);
  for (const format of ['json', 'jsonl', 'csv'] as const) assert.equal(write(format, chunks(whole)), write(format, [whole]), format);
  assert.equal(write('json', chunks(whole)), JSON.stringify(whole, null, 2) + '\n');
  assert.equal(write('csv', chunks(whole)), recordsToCsv(whole));
  assert.deepEqual(write('jsonl', chunks(whole)).trimEnd().split('\n').map((l) => JSON.parse(l)), JSON.parse(JSON.stringify(whole)));
});

/** What a CsvThreadOutput (from source: its worker runs csvWorkerMain.ts through tsx) writes for `parts`. */
async function threadCsv(parts: RecordChunk[], explain: boolean): Promise<string> {
  const bytes: Buffer[] = [];
  const stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      // A copy: the thread fills the same memory again once the write is done.
      bytes.push(Buffer.from(chunk));
      done();
    },
  });
  const output = new CsvThreadOutput(stream, csvColumns(['PET', '"CCS"']), explain);
  for (const part of parts) await output.write(part);
  await output.close();
  return Buffer.concat(bytes).toString('utf8');
}

test('CSV made on a thread of its own is the text made in this thread, however the records are cut into chunks, --explain included', async () => {
  const writer = (explain: boolean) => recordWriter({ format: 'csv', explain, ligands: ['PET', '"CCS"'], coverage: 0.9, showFile: false });
  const plain = writer(false);
  assert.equal(await threadCsv(chunks(whole).map((records) => ({ records })), false), [...plain.chunk({ records: whole }), ...plain.end()].join(''));
  // Explanations with a comma, a quote and a line break: quoted, as in this thread.
  const explained = (records: ScoreRecord[]): RecordChunk => ({ records, explanations: records.map((r) => [`${r.recipe}: "E_form",`, `line\nbreak ${r.nMetal}`]) });
  const inThread = writer(true);
  const expected = [...inThread.chunk(explained(whole)), ...inThread.end()].join('');
  assert.equal(await threadCsv(chunks(whole).map(explained), true), expected);
  assert.match(expected, /"Sweep\[[^\n]*: ""E_form"",\s\|\sline\nbreak \d+"\n/);
  assert.equal(await threadCsv([], false), writer(false).end().join(''), 'no records: the header alone');
});

test('a CSV thread that stops before the output is closed makes the close fail, never a quietly cut output', async () => {
  const output = new CsvThreadOutput(new Writable({ write: (_bytes, _encoding, done) => done() }), csvColumns([]), false);
  await output.write({ records: whole.slice(0, 10) });
  // As a crash would: the worker stops, whether or not it had answered.
  const worker = (output as unknown as { worker: Worker }).worker;
  const stopped = once(worker, 'exit');
  void worker.terminate();
  await stopped;
  await assert.rejects(output.close(), /the CSV worker stopped/);
});

/** Names of the bundles whose functions were sampled, per thread: one CPU profile per thread. */
function bundlesPerThread(folder: string): Set<string>[] {
  return readdirSync(folder).map((name) => {
    const profile = JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as { nodes: { callFrame: { url: string } }[] };
    return new Set(profile.nodes.map((n) => path.basename(n.callFrame.url)).filter((b) => b.endsWith('.js')));
  });
}

test(`--format csv of ${CSV_THREAD_MIN_ROWS.toLocaleString('en-US')} rows or more makes its text on a thread of its own, and is the CSV of its records`, () => {
  const large = path.join(work, 'large.bimetal');
  writeFileSync(large, `recipe Large {\n  host Au 1..${CSV_THREAD_MIN_ROWS / 200}\n  dopant [Pt, Pd] 1..100\n}\n`);
  const records = score([large, '--format', 'jsonl']).trimEnd().split('\n').map((line) => JSON.parse(line) as ScoreRecord);
  assert.equal(records.length, CSV_THREAD_MIN_ROWS);
  const threads = (file: string) => {
    const profiles = mkdtempSync(path.join(work, 'profiles-'));
    const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profiles}`, CLI, 'score', '--models', models, file, '--format', 'csv'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    return { csv: r.stdout, threads: bundlesPerThread(profiles) };
  };
  const run = threads(large);
  assert.equal(run.csv, recordsToCsv(records));
  const csvThreads = run.threads.filter((t) => t.has('csv-worker.js'));
  assert.equal(csvThreads.length, 1, 'one thread ran the CSV worker bundle: without it, the text was made on the scoring thread');
  assert.ok(!csvThreads[0].has('cli-main.js'), 'the CSV worker is a thread of its own');
  const small = threads(sweepFile);
  assert.equal(small.csv, recordsToCsv(whole));
  assert.deepEqual(small.threads.filter((t) => t.has('csv-worker.js')), [], `${whole.length} rows: no thread started for them`);
});

test('--explain travels with each streamed record', () => {
  const lines = score([sweepFile, '--format', 'jsonl', '--explain']).trimEnd().split('\n');
  assert.equal(lines.length, whole.length);
  const last = JSON.parse(lines[lines.length - 1]) as { recipe: string; explain: string[] };
  assert.equal(last.recipe, whole[whole.length - 1].recipe);
  assert.ok(last.explain.some((l) => l.includes('E_form')), last.explain.join('\n'));
});

test('an input without members gives an empty array, a bare CSV header, and no JSON lines', () => {
  const empty = '# nothing yet\n';
  assert.equal(score(['-', '--format', 'json'], empty), '[]\n');
  assert.equal(score(['-', '--format', 'jsonl'], empty), '');
  assert.equal(score(['-', '--format', 'csv'], empty), recordsToCsv([]));
});

test('--shard K/N: the shards are disjoint, within one member of each other in size, and together are the unsharded output', () => {
  const second = path.join(work, 'second.bimetal');
  writeFileSync(second, AU4RU2 + CU_M_MFI + AU12PD);
  const files = [second, sweepFile];
  const all = score([...files, '--format', 'jsonl']).trimEnd().split('\n');
  const N = 3;
  const shards = Array.from({ length: N }, (_, k) => score([...files, '--format', 'jsonl', '--shard', `${k + 1}/${N}`]).trimEnd().split('\n'));
  const sizes = shards.map((s) => s.length);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `shard sizes ${sizes}`);
  assert.deepEqual(shards.flat().sort(), [...all].sort());
  // Dealt round-robin over the whole run: member i of the unsharded output is in shard i mod N + 1.
  all.forEach((line, i) => assert.equal(shards[i % N][Math.floor(i / N)], line, `member ${i}`));
});

/** A CSV's header line and its rows (records with a line break inside quotes stay one row). */
function csvParts(csv: string): { header: string; rows: string[] } {
  const rows: string[] = [];
  let row = '';
  let quoted = false;
  for (const char of csv) {
    if (char === '"') quoted = !quoted;
    if (char === '\n' && !quoted) {
      rows.push(row);
      row = '';
    } else {
      row += char;
    }
  }
  assert.equal(row, '', 'the CSV ends with a line break');
  const [header, ...records] = rows;
  return { header, rows: records };
}

test('--shard K/N with --format csv: every part has the unsharded header, and their rows are the unsharded rows', () => {
  // Au4Ru2 (the first member) alone uses PPh3: a part without it must still have its logP column.
  const second = path.join(work, 'second-csv.bimetal');
  writeFileSync(second, AU4RU2 + CU_M_MFI + AU12PD);
  const files = [second, sweepFile];
  const all = csvParts(score([...files, '--format', 'csv']));
  assert.ok(all.header.includes('descriptors.logP.PPh3'), all.header);
  const N = 3;
  const shards = Array.from({ length: N }, (_, k) => csvParts(score([...files, '--format', 'csv', '--shard', `${k + 1}/${N}`])));
  shards.forEach((shard, k) => assert.equal(shard.header, all.header, `the header of part ${k + 1}`));
  assert.deepEqual(shards.flatMap((shard) => shard.rows).sort(), [...all.rows].sort());
  all.rows.forEach((row, i) => assert.equal(shards[i % N].rows[Math.floor(i / N)], row, `member ${i}`));
});

test('--shard 1/2 and 2/2 of two recipes with different ligands concatenate (header once) into the unsharded CSV', () => {
  const file = path.join(work, 'lig.bimetal');
  writeFileSync(file, 'recipe P1 { host Au 12 dopant Ag 1 ligands PET x 8 }\nrecipe P2 { host Au 12 dopant Ag 1 ligands PPh3 x 4 }\n');
  const all = score([file, '--format', 'csv']);
  const [first, second] = ['1/2', '2/2'].map((shard) => score([file, '--format', 'csv', '--shard', shard]));
  const header = all.slice(0, all.indexOf('\n') + 1);
  assert.ok(first.startsWith(header) && second.startsWith(header), `${first.slice(0, first.indexOf('\n'))}\n${second.slice(0, second.indexOf('\n'))}`);
  assert.equal(first + second.slice(header.length), all);
});

test('--shard refuses what is not a part K of N parts, with a message naming the option', () => {
  for (const [shard, why] of [
    ['0/3', /part K must be from 1 to 3, got 0/],
    ['4/3', /part K must be from 1 to 3, got 4/],
    ['1/0', /number of parts N must be at least 1/],
    // Beyond a safe integer, N is too large, not too small; a K beyond one is beyond N, as written.
    ['1/99999999999999999999', /^the number of parts N is too large: at most 9007199254740991, got 99999999999999999999$/],
    ['1/9007199254740992', /number of parts N is too large/],
    ['99999999999999999999/3', /^the part K must be from 1 to 3, got 99999999999999999999$/],
    ['3', /expected K\/N/],
    ['a/b', /expected K\/N/],
    ['-1/3', /expected K\/N/],
  ] as const) {
    assert.throws(() => parseShard(shard), (error: Error) => error instanceof InvalidArgumentError && why.test(error.message), shard);
  }
  assert.deepEqual(parseShard(' 2 / 8 '), { index: 2, count: 8 });
  assert.deepEqual(parseShard('9007199254740991/9007199254740991'), { index: 9007199254740991, count: 9007199254740991 });
  const tooMany = runCli(['score', sweepFile, '--models', models, '--shard', '1/99999999999999999999']);
  assert.equal(tooMany.status, 2, tooMany.stderr);
  assert.match(tooMany.stderr, /argument '1\/99999999999999999999' is invalid\. the number of parts N is too large: at most 9007199254740991, got 99999999999999999999/);
  assert.doesNotMatch(tooMany.stderr, /at least 1/);
  const r = runCli(['score', sweepFile, '--models', models, '--shard', '4/3']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /option '--shard <K\/N>' argument '4\/3' is invalid\. the part K must be from 1 to 3, got 4/);
  assert.equal(r.stdout, '');
});

test('--shard K/N with N near the largest safe integer still deals member i to part i mod N + 1', () => {
  const members = analyzeFamilies(SWEEP).members;
  const N = Number.MAX_SAFE_INTEGER;
  for (const K of [1, 2, 3, 5]) {
    const part = new ShardSelector({ index: K, count: N }).take(members);
    assert.deepEqual(part.slice(0, part.length).map((m) => m.name), [members.slice(K - 1, K)[0].name], `part ${K}`);
  }
  // A second input counts on from the first input's members.
  const selector = new ShardSelector({ index: 3, count: N });
  assert.equal(selector.take(members).length, 1);
  assert.equal(selector.take(members).length, 0);
});

test('the members analyzeText expands are the members the CLI scores (sharding picks from this order)', () => {
  assert.deepEqual(
    analyzeText(SWEEP).members.map((m) => m.name),
    whole.map((r) => r.recipe),
  );
});

/**
 * How each streaming format shows its records: the text that ends a record (CSV's first line is its
 * header), and the first three recipe names.
 */
const STREAMED_FORMATS = {
  jsonl: { ends: '\n', lead: 0, recipes: (text: string) => text.split('\n').slice(0, 3).map((line) => (JSON.parse(line) as ScoreRecord).recipe) },
  csv: { ends: '\n', lead: 1, recipes: (text: string) => csvParse(text.split('\n').slice(0, 4).join('\n')).map((row) => row.recipe) },
  // The array's records, two spaces in, each closed on a line of its own.
  json: { ends: '\n  }', lead: 0, recipes: (text: string) => [...text.matchAll(/^ {4}"recipe": "([^"]+)"/gm)].slice(0, 3).map((m) => m[1]) },
} as const;

for (const [format, { ends, lead, recipes }] of Object.entries(STREAMED_FORMATS)) {
  test(`a family of ten million members streams from its first record in a 256 MB heap (--format ${format}): members are made a chunk at a time`, async () => {
    // Made all at once before scoring, these members alone would take some 2.7 GB. The run is
    // stopped after RECORDS_READ records: scoring all ten million took three minutes of CI, and the
    // first records already show the members being made a chunk at a time within the heap's limit.
    const RECORDS_READ = 50_000;
    const file = path.join(work, 'huge.bimetal');
    writeFileSync(file, 'recipe Huge {\n  host Au 1..10000\n  dopant Pt 1..1000\n}\n');
    const child = spawn(process.execPath, ['--max-old-space-size=256', CLI, 'score', file, '--models', models, '--format', format, '--max-family-size', '10000000']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // Decoded as a stream, so that a character cut between two chunks is read whole.
    child.stdout.setEncoding('utf8');
    let head = '';
    let ended = 0;
    // A record's end split between two chunks is found with the next: the last characters of the text (one fewer than the end has) are carried over.
    let carried = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        const text = carried + chunk;
        if (head.length < 20_000) head += chunk;
        ended += text.split(ends).length - 1;
        carried = text.slice(text.length - (ends.length - 1));
        if (ended - lead >= RECORDS_READ) resolve();
      });
      void exited.then(({ code, signal }) => reject(new Error(`bimetal score ended (${code ?? signal}) after ${ended - lead} records: ${stderr}`)));
    });
    // Still running after all those records: it has neither run out of memory nor stopped.
    assert.equal(child.exitCode, null, stderr);
    child.kill('SIGKILL');
    assert.equal((await exited).signal, 'SIGKILL', stderr);
    assert.deepEqual(recipes(head), ['Huge[hostCount=1,dopantCount=1]', 'Huge[hostCount=1,dopantCount=2]', 'Huge[hostCount=1,dopantCount=3]']);
  });
}
