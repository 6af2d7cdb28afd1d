/**
 * `bimetal featurize` on the command line: one output line per input line, whatever a line holds.
 * A record of the wrong shape (a RecipeSpec without "ligands", a ligand without a count, a number
 * where a path belongs) gets an error line naming the field, the good lines around it still get
 * their features, and the exit code is 1 (docs/cli.md); nothing already featurised is lost.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runFeaturize } from '../../cli/src/featurize';
import { FEATURE_NAMES } from '../../engine/src/features';
import { TOPOLOGY_NAMES } from '../../engine/src/recipe';
import { ensureBuilt, runCli } from './runCli';

let work: string;
before(() => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-cli-featurize-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

const good = (name: string) => ({
  name,
  recipe: name,
  host: { element: 'Au', count: 12 },
  dopant: { element: 'Ag', count: 1 },
  site: 'mixed',
  ligands: [{ name: 'PET', count: 8 }],
  charge: 0,
});

type Line = { name: string; features?: number[]; error?: string };

/** Runs `bimetal featurize FILE` on these lines, from a file and from standard input. */
function featurizeLines(lines: string[]): { status: number | null; out: Line[]; stderr: string } {
  const text = lines.join('\n') + '\n';
  const file = path.join(work, 'in.jsonl');
  writeFileSync(file, text);
  const fromFile = runCli(['featurize', file]);
  const fromStdin = runCli(['featurize'], { input: text });
  assert.equal(fromStdin.stdout, fromFile.stdout, 'standard input gives what the file gives');
  assert.equal(fromStdin.status, fromFile.status);
  const out = fromFile.stdout === '' ? [] : fromFile.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
  return { status: fromFile.status, out, stderr: fromFile.stderr };
}

const { ligands: _ligands, ...withoutLigands } = good('no-ligands');
const { count: _count, ...petWithoutCount } = good('x').ligands[0];

/** Each kind of malformed line the audit found (and a few more), and what its error must say. */
const BAD_LINES: Array<[string, unknown, RegExp]> = [
  ['no "ligands"', withoutLigands, /^"ligands" missing: a list of \{name or smiles, count\}/],
  ['"ligands" not a list', { ...good('lig-object'), ligands: { name: 'PET', count: 8 } }, /^"ligands" must be a list of \{name or smiles, count\}/],
  ['a null ligand', { ...good('lig-null'), ligands: [null] }, /^"ligands" must be a list of \{name or smiles, count\}: ligand 1 is null$/],
  ['a number for SMILES', { ...good('smiles-5'), ligands: [{ smiles: 5, count: 8 }] }, /^ligand 1: "smiles" must be a SMILES string, got 5$/],
  ['a ligand without a count', { ...good('no-count'), ligands: [petWithoutCount] }, /^ligand 1 \(PET\): "count" missing: a ligand needs a whole-number count/],
  ['a fractional count', { ...good('half'), ligands: [{ name: 'PET', count: 2.5 }] }, /^ligand 1 \(PET\): a ligand needs a whole-number "count" ≥ 1, got 2\.5$/],
  ['a ligand with neither name nor SMILES', { ...good('anon'), ligands: [{ count: 2 }] }, /^ligand 1: a ligand needs a "name" \(a built-in ligand\) or "smiles"$/],
  ['a number for the structure path', { ...good('structure-5'), ligands: [], structure: 5 }, /^"structure" must be the path of an XYZ file, or left out, got 5$/],
  ['a null support', { ...good('support-null'), support: null }, /^"support" must be \{kind, name\?\}, e\.g\. \{"kind": "zeolite"\}, or left out, got null$/],
  ['a null distance', { ...good('distance-null'), distance: null }, /^"distance" must be a number \(Å\), or left out, got null$/],
  ['an empty object', {}, /^"host" missing/],
  ['a string for the host', { ...good('host-string'), host: 'Au' }, /^"host" must be \{element, count\}/],
  ['no dopant count', { ...good('dopant-count'), dopant: { element: 'Ag' } }, /^"dopant" needs a whole-number count ≥ 0/],
  ['a string for the topology', { ...good('topology-string'), topology: 'icosahedron' }, /^"topology" must be \{name, shells\?\}/],
  ['a string for the charge', { ...good('charge-string'), charge: '1' }, /^"charge" must be a number, got "1"$/],
  // Featurised as composition-only (the `other` topology column) with exit 0, where an unknown site was an error.
  ['a topology name with a capital', { ...good('topology-capital'), topology: { name: 'Icosahedron' } }, new RegExp(`^"topology" name must be one of ${TOPOLOGY_NAMES.join(', ')}, got "Icosahedron"$`)],
  ['an adjective for the topology', { ...good('topology-adjective'), topology: { name: 'icosahedral' } }, /^"topology" name must be one of icosahedron, .*, none, got "icosahedral"$/],
  ['an unknown topology', { ...good('topology-cube'), topology: { name: 'cube' } }, /^"topology" name must be one of .*, got "cube"$/],
  // The language's `charge INTEGER` and its counts (grammar/src/validate.ts), which featurize let through.
  ['a fractional charge', { ...good('charge-half'), charge: 1.5 }, /^"charge" must be a whole number, got 1\.5$/],
  ['a charge too large to store exactly', { ...good('charge-huge'), charge: 1e20 }, /^"charge" 100000000000000000000 is too large to store exactly$/],
  ['a host count past 2^53 - 1', { ...good('host-huge'), host: { element: 'Au', count: 2 ** 53 } }, /^"host" count 9007199254740992 is too large to count exactly; counts go up to 9,007,199,254,740,991$/],
  ['host and dopant counts that add up past 2^53 - 1', { ...good('sum-huge'), host: { element: 'Au', count: Number.MAX_SAFE_INTEGER } }, /^"host" and "dopant" counts add up to more than 9,007,199,254,740,991 atoms, which N_metal cannot count exactly$/],
  ['ligand counts that add up past 2^53 - 1', { ...good('ligands-huge'), ligands: [{ name: 'PET', count: Number.MAX_SAFE_INTEGER }, { name: 'PPh3', count: 2 }] }, /^"ligands" counts add up to more than 9,007,199,254,740,991/],
  // The training's slab rows put their one adsorbate on the dopant (ligand_coverage 1); a string "true" read as truthy would do so silently.
  ['a string for ligandOnDopant', { ...good('on-dopant-string'), ligandOnDopant: 'true' }, /^"ligandOnDopant" must be true or false, or left out, got "true"$/],
  ['ligandOnDopant without a ligand', { ...good('on-dopant-bare'), ligands: [], ligandOnDopant: true }, /^"ligandOnDopant" is true, but "ligands" is empty: no ligand to put on the dopant$/],
  // A unary record's dopant columns are its host's: θ = 1 would put a ligand on a site no dopant holds.
  ['ligandOnDopant on a unary cluster', { ...good('on-dopant-unary'), dopant: { element: 'Au', count: 0 }, ligandOnDopant: true }, /^"ligandOnDopant" is true, but the dopant count is 0 \(a unary cluster\): no dopant to put the ligand on$/],
];

for (const [kind, bad, why] of BAD_LINES) {
  test(`featurize: ${kind} gives that line an error naming the problem; the good lines around it keep their features; exit 1`, () => {
    const { status, out, stderr } = featurizeLines([
      JSON.stringify(good('first')),
      JSON.stringify(good('second')),
      JSON.stringify(bad),
      JSON.stringify(good('fourth')),
    ]);
    assert.equal(status, 1, stderr);
    assert.equal(stderr, '');
    assert.deepEqual(out.map((l) => l.name), ['first', 'second', (bad as { name?: string }).name ?? 'line 3', 'fourth']);
    for (const i of [0, 1, 3]) {
      assert.equal(out[i].error, undefined, `line ${i + 1}: ${out[i].error}`);
      assert.equal(out[i].features?.length, FEATURE_NAMES.length, `line ${i + 1} has its features`);
    }
    assert.equal(out[2].features, undefined);
    assert.match(String(out[2].error), why);
    assert.doesNotMatch(String(out[2].error), /is not iterable|Cannot read properties|is not a function|32-bit inputs/);
  });
}

test('featurize: every bad kind in one file, good lines between them, each line its own output line in order', () => {
  const lines = [JSON.stringify(good('g0'))];
  for (const [i, [, bad]] of BAD_LINES.entries()) lines.push(JSON.stringify(bad), JSON.stringify(good(`g${i + 1}`)));
  lines.push('not json');
  const { status, out } = featurizeLines(lines);
  assert.equal(status, 1);
  assert.equal(out.length, lines.length);
  out.forEach((line, i) => {
    if (i % 2 === 0 && i < lines.length - 1) assert.equal(line.features?.length, FEATURE_NAMES.length, `line ${i + 1} (${line.name}): ${line.error}`);
    else assert.match(String(line.error), /\S/, `line ${i + 1} has an error`);
  });
  assert.match(String(out[out.length - 1].error), /is not valid JSON/);
});

test('featurize: well-formed lines only, exit 0', () => {
  // A null topology or charge is read as none, as the featuriser always has.
  const { status, out } = featurizeLines([
    JSON.stringify(good('a')),
    JSON.stringify({ ...good('b'), ligands: [], topology: null, charge: null }),
    JSON.stringify({ ...good('c'), charge: -2, topology: { name: 'icosahedron' } }),
    JSON.stringify({ ...good('d'), topology: { name: 'none' } }),
  ]);
  assert.equal(status, 0, JSON.stringify(out));
  assert.deepEqual(out.map((l) => l.features?.length), [FEATURE_NAMES.length, FEATURE_NAMES.length, FEATURE_NAMES.length, FEATURE_NAMES.length]);
});

test('featurize: when the input fails part-way, the lines featurised before are still written, and the exit code is 2', async () => {
  // Two lines, then a read error once they have been taken (a disk or a network file system failing).
  const input = Readable.from(
    (async function* () {
      yield JSON.stringify(good('before-1')) + '\n' + JSON.stringify(good('before-2')) + '\n';
      await new Promise((resolve) => setTimeout(resolve, 200));
      throw new Error('the disk went away');
    })(),
  );
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c) => chunks.push(String(c)));
  const code = await runFeaturize(input, output);
  assert.equal(code, 2);
  const lines = chunks.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
  assert.deepEqual(lines.map((l) => [l.name, l.features?.length]), [['before-1', FEATURE_NAMES.length], ['before-2', FEATURE_NAMES.length]]);
});

test('featurize reads a byte order mark and UTF-16 as the other commands read recipe files, from a file and from standard input', () => {
  const text = `${JSON.stringify(good('a'))}\n${JSON.stringify(good('b'))}\n`;
  const encodings: [string, Buffer][] = [
    ['utf8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ['utf16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['utf16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
  ];
  for (const [name, bytes] of encodings) {
    const file = path.join(work, `${name}.jsonl`);
    writeFileSync(file, bytes);
    const fd = openSync(file, 'r');
    const fromStdin = runCli(['featurize', '-'], { stdin: fd });
    closeSync(fd);
    for (const r of [runCli(['featurize', file]), fromStdin]) {
      assert.equal(r.status, 0, `${name}: ${r.stdout.slice(0, 300)}`);
      const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; features?: number[] });
      assert.deepEqual(out.map((l) => [l.name, l.features?.length]), [['a', FEATURE_NAMES.length], ['b', FEATURE_NAMES.length]], name);
    }
  }
});

test('featurize on a folder says it is a folder, as the other commands do', () => {
  const r = runCli(['featurize', work]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim(), `bimetal: ${work}: BM123 is a directory, not a JSON-lines file`);
});
