/**
 * `node --import tsx scripts/soak.ts [--sequences 10000] [--seed 1] [--report FILE]`: a soak test
 * of the built language server (`dist/server.js --stdio`, `npm run build` first). It opens the
 * examples, then drives random edit sequences — 1 to 5 incremental edits (characters and tokens
 * inserted, deleted, swapped, as test/fuzz/mutations.ts makes them), each followed by a hover and
 * a completion at random places, and a formatting request every fifth sequence — and reports
 * server deaths (the server is restarted and the run goes on), the server's resident memory after
 * warm-up and at the end, and p50/p95/max latency of each request. Then it opens families of
 * growing size up to the family limit and measures, while each is scored, the latency of a
 * completion (the server must keep answering) and the time to its scores.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quantile } from '../bench/server.bench';
import { seededRandom } from '../test/helpers/random';
import { mutate, MUTATION_ALPHABET, MUTATION_KINDS } from '../test/fuzz/mutations';
import { startTestServer, type TestServer } from '../test/server/lspHarness';

interface Args {
  sequences: number;
  seed: number;
  report?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sequences: 10_000, seed: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--sequences') args.sequences = Number(value);
    else if (flag === '--seed') args.seed = Number(value);
    else if (flag === '--report') args.report = path.resolve(value);
    else throw new Error(`unknown option ${flag} (options: --sequences --seed --report)`);
  }
  if (!Number.isInteger(args.sequences) || args.sequences < 1) throw new Error('--sequences needs a positive integer');
  return args;
}

const root = path.join(__dirname, '..');
const WARM_UP = 200;
/** Every so many sequences a document goes back to its original text, so edits do not turn it all into noise. */
const RESET_EVERY = 250;

type Random = () => number;
const int = (random: Random, below: number) => Math.floor(random() * below);

interface Doc {
  uri: string;
  original: string;
  current: TextDocument;
}

/** The smallest single range edit that turns `before` into `after`: what an editor sends for a keystroke or a paste. */
function rangeEdit(before: string, after: string): { start: number; end: number; text: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < before.length - start && tail < after.length - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

class Latencies {
  private readonly samples = new Map<string, number[]>();
  add(kind: string, ms: number): void {
    const list = this.samples.get(kind) ?? [];
    list.push(ms);
    this.samples.set(kind, list);
  }
  summary(): Record<string, { n: number; p50: number; p95: number; max: number }> {
    const out: Record<string, { n: number; p50: number; p95: number; max: number }> = {};
    for (const [kind, list] of this.samples) {
      const sorted = [...list].sort((a, b) => a - b);
      out[kind] = { n: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1] };
    }
    return out;
  }
}

async function timed<T>(latencies: Latencies, kind: string, request: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await request();
  latencies.add(kind, performance.now() - started);
  return result;
}

async function openAll(server: TestServer, docs: Doc[]): Promise<void> {
  for (const doc of docs) {
    doc.current = TextDocument.create(doc.uri, 'bimetal', 1, doc.original);
    await server.open(doc.uri, doc.original, 1);
  }
  for (const doc of docs) await server.waitFor(doc.uri, 1, 'scored', 120_000);
}

async function editSequences(args: Args, report: Record<string, unknown>): Promise<void> {
  const examples = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.bimetal')).sort();
  const docs: Doc[] = examples.map((f) => {
    const original = readFileSync(path.join(root, 'examples', f), 'utf8');
    return { uri: `file://${path.join(root, 'examples', f)}`, original, current: TextDocument.create('', 'bimetal', 1, original) };
  });
  const random = seededRandom(args.seed);
  const latencies = new Latencies();
  let server = await startTestServer();
  await openAll(server, docs);
  let deaths = 0;
  let baselineMb = NaN;
  let peakMb = 0;
  const started = performance.now();
  for (let sequence = 0; sequence < args.sequences; sequence++) {
    if (server.exitCode() !== null) {
      deaths++;
      console.error(`soak: the server died at sequence ${sequence} (exit ${server.exitCode()}):\n${server.stderr().slice(-2000)}`);
      server = await startTestServer();
      await openAll(server, docs);
    }
    const doc = docs[int(random, docs.length)];
    const reset = sequence % RESET_EVERY === RESET_EVERY - 1;
    const edits = reset ? 1 : 1 + int(random, 5);
    for (let e = 0; e < edits; e++) {
      const before = doc.current.getText();
      const after = reset
        ? doc.original
        : mutate(before, [{ kind: MUTATION_KINDS[int(random, MUTATION_KINDS.length)], at: int(random, 1 << 30), token: int(random, 1 << 30), other: int(random, 1 << 30), insert: MUTATION_ALPHABET[int(random, MUTATION_ALPHABET.length)] }]);
      const change = rangeEdit(before, after);
      const range = { start: doc.current.positionAt(change.start), end: doc.current.positionAt(change.end) };
      const version = doc.current.version + 1;
      doc.current = TextDocument.update(doc.current, [{ range, text: change.text }], version);
      await server.edit(doc.uri, version, range, change.text);
    }
    const text = doc.current.getText();
    const position = () => doc.current.positionAt(int(random, text.length + 1));
    const textDocument = { uri: doc.uri };
    await timed(latencies, 'hover', () => server.connection.sendRequest('textDocument/hover', { textDocument, position: position() }));
    await timed(latencies, 'completion', () => server.connection.sendRequest('textDocument/completion', { textDocument, position: position() }));
    if (sequence % 5 === 4) {
      await timed(latencies, 'formatting', () => server.connection.sendRequest('textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }));
    }
    if (sequence === WARM_UP) baselineMb = server.residentMegabytes();
    if (sequence % 100 === 0) peakMb = Math.max(peakMb, server.residentMegabytes());
    if (sequence % 1000 === 999) {
      console.error(`soak: ${sequence + 1}/${args.sequences} sequences, ${((performance.now() - started) / 1000).toFixed(0)} s, RSS ${server.residentMegabytes().toFixed(0)} MB, deaths ${deaths}`);
    }
  }
  // Let the last scoring run finish before the final reading.
  for (const doc of docs) await server.waitFor(doc.uri, doc.current.version, 'scored', 120_000).catch(() => undefined);
  const finalMb = server.residentMegabytes();
  report.editSequences = {
    sequences: args.sequences,
    seconds: (performance.now() - started) / 1000,
    deaths,
    rssMb: { afterWarmUp: baselineMb, peak: Math.max(peakMb, finalMb), final: finalMb, growthPercent: (100 * (finalMb - baselineMb)) / baselineMb },
    latencyMs: latencies.summary(),
  };
  await server.stop();
}

/** A family of exactly `size` members: host and dopant counts as ranges. */
function family(size: number): string {
  const dopantCounts = Math.min(size, 100);
  const hostCounts = Math.ceil(size / dopantCounts);
  return `recipe Sweep {\n  host     Au 1..${hostCounts}\n  dopant   Pt 1..${dopantCounts}\n  ligands  PET x 6\n}\n`;
}

async function families(report: Record<string, unknown>): Promise<void> {
  const rows: unknown[] = [];
  for (const size of [1_000, 10_000, 100_000]) {
    const server = await startTestServer();
    // A warm server (RDKit and the models loaded), so the figures are the family's, not a cold start's.
    await server.open('file:///soak/warm-up.bimetal', family(1));
    await server.waitFor('file:///soak/warm-up.bimetal', 1, 'scored', 120_000);
    const uri = `file:///soak/family-${size}.bimetal`;
    const started = performance.now();
    await server.open(uri, family(size));
    await server.waitFor(uri, 1, 'parsed', 600_000);
    const parsedMs = performance.now() - started;
    // While the family is being scored, the server must keep answering requests that do not need the scores.
    const during: number[] = [];
    let scored = false;
    const scoring = server.waitFor(uri, 1, 'scored', 600_000).then(() => (scored = true));
    while (!scored) {
      const t = performance.now();
      await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 11 } });
      during.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
    await scoring;
    const scoredMs = performance.now() - started;
    const sorted = [...during].sort((a, b) => a - b);
    const completion = {
      n: sorted.length,
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      max: sorted[sorted.length - 1],
      over1s: sorted.filter((ms) => ms > 1000).length,
    };
    rows.push({ members: size, parsedMs, scoredMs, completionDuringScoringMs: completion, died: server.exitCode() !== null, rssMb: server.residentMegabytes() });
    console.error(`soak: family of ${size}: parsed ${parsedMs.toFixed(0)} ms, scored ${scoredMs.toFixed(0)} ms, completions during scoring ${JSON.stringify(completion)}`);
    await server.stop();
  }
  report.families = rows;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const report: Record<string, unknown> = { args, date: new Date().toISOString() };
  if (args.sequences > 0 && !process.env.SOAK_FAMILIES_ONLY) await editSequences(args, report);
  await families(report);
  const text = JSON.stringify(report, null, 2);
  console.log(text);
  if (args.report) writeFileSync(args.report, text + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
