/**
 * docs/descriptors.md, "Adding a quantity": a new reported quantity touches at most six files, and
 * the compiler or a test names each one. Here a descriptor is added (ΔN = |n_host − n_dopant|) to a
 * copy of the repository, in the six places the page lists and nowhere else:
 * - with the registry's entry alone, the compiler asks for the record's and the engine's fields;
 * - with the five code edits, the whole project compiles (no fixture, view or test needs an edit),
 *   and the view tests find ΔN in every view but docs/descriptors.md, whose two tests name it;
 * - with the page regenerated, the view and page tests pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/runTypeScript';

/** One step of "Adding a quantity": text inserted after an anchor that must occur exactly once. */
interface Edit {
  file: string;
  after: string;
  insert: string;
}

const REGISTRY: Edit[] = [
  { file: 'report/src/quantities.ts', after: "'deltaChi', 'deltaM'", insert: ", 'deltaN'" },
  {
    file: 'report/src/quantities.ts',
    after: "    value: descriptor('deltaM'),\n  },\n",
    insert: "  deltaN: {\n    kind: 'scalar',\n    symbol: 'ΔN',\n    unit: 'atoms',\n    decimals: 0,\n    definition: 'ΔN = |n_host − n_dopant|',\n    field: 'descriptors.deltaN',\n    inTable: false,\n    value: descriptor('deltaN'),\n  },\n",
  },
];

const ENGINE: Edit[] = [
  { file: 'engine/src/scoreRecord.ts', after: '  deltaR: number | null;\n', insert: '  deltaN: number | null;\n' },
  { file: 'engine/src/descriptors/types.ts', after: '  deltaR: Descriptor;\n', insert: '  deltaN: Descriptor;\n' },
  {
    file: 'engine/src/descriptors/pairDescriptors.ts',
    after: 'const RATIO = descriptorKind(DEFINITIONS.ratio, countInputs);\n',
    insert: "const DELTA_N = descriptorKind(DEFINITIONS.deltaN, countInputs);\n\nexport function deltaN(spec: RecipeSpec): Descriptor {\n  return makeDescriptor(Math.abs(spec.host.count - spec.dopant.count), DELTA_N, 'recipe', spec);\n}\n",
  },
  { file: 'engine/src/descriptors/computeDescriptors.ts', after: 'import { deltaChi, deltaM, ', insert: 'deltaN, ' },
  { file: 'engine/src/descriptors/computeDescriptors.ts', after: '    deltaR: dR,\n', insert: '    deltaN: deltaN(spec),\n' },
];

function apply(root: string, edits: readonly Edit[]): void {
  for (const { file, after, insert } of edits) {
    const where = path.join(root, file);
    const text = readFileSync(where, 'utf8');
    const at = text.indexOf(after);
    assert.ok(at >= 0 && text.indexOf(after, at + 1) < 0, `${file} no longer holds ${JSON.stringify(after)} once: bring this test's edit in line with docs/descriptors.md, "Adding a quantity"`);
    writeFileSync(where, text.slice(0, at + after.length) + insert + text.slice(at + after.length));
  }
}

/**
 * The repository's sources as they are on disk, committed or not (the files git tracks or would,
 * ignored ones left out), copied with node_modules linked, so that the edits touch nothing here.
 */
function copyOfRepository(): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'bimetal-new-quantity-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  // A tracked file deleted in the working tree is not copied.
  for (const file of listed.filter((f) => existsSync(path.join(repoRoot, f)))) {
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    cpSync(path.join(repoRoot, file), path.join(copy, file));
  }
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  return copy;
}

/** tsc's errors on the whole project in `root`; a compiler that did not run to its end fails the test instead of reading as no errors. */
function compilerErrors(root: string): string[] {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  assert.ok(run.error === undefined && run.signal === null, `tsc did not finish: ${run.error?.message ?? run.signal}`);
  const errors = run.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
  assert.equal(run.status === 0, errors.length === 0, `tsc exited with ${run.status} and ${errors.length} errors:\n${run.stdout}${run.stderr}`);
  return errors;
}

/** The names of the failing tests of `files`, run in `root`. */
function failingTests(root: string, files: string[]): string[] {
  // Without the variable node:test sets for the files it runs, which would make this run skip its files as a nested one.
  const { NODE_TEST_CONTEXT: _nested, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter', 'tap', ...files], { cwd: root, encoding: 'utf8', timeout: 240_000, env });
  assert.ok(run.error === undefined && run.signal === null, `the tests did not finish: ${run.error?.message ?? run.signal}`);
  assert.match(run.stdout, /^# tests [1-9]/m, run.stdout + run.stderr);
  return [...run.stdout.matchAll(/^not ok \d+ - (.*)$/gm)].map((m) => m[1]).sort();
}

const VIEW_TESTS = ['test/report/views.test.ts', 'test/report/quantityDocs.test.ts'];

test('a new descriptor, added in the six places docs/descriptors.md lists, compiles and shows in every view; the compiler and the tests name each place while it is missing', { timeout: 600_000 }, () => {
  const copy = copyOfRepository();
  try {
    apply(copy, REGISTRY);
    const asked = compilerErrors(copy).join('\n');
    for (const type of ['DescriptorRecord', 'DescriptorSet']) {
      assert.ok(asked.includes(`Property 'deltaN' does not exist on type '${type}'`), `with the registry entry alone the compiler should ask for ${type}'s field:\n${asked}`);
    }

    apply(copy, ENGINE);
    assert.deepEqual(compilerErrors(copy), [], 'with the five code edits, nothing else needs one');
    assert.deepEqual(failingTests(copy, VIEW_TESTS), [
      'docs/descriptors.md lists every quantity',
      'the committed quantity table of docs/descriptors.md matches the report registry (generator --check)',
    ]);

    const generate = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-quantity-docs.ts'], { cwd: copy, encoding: 'utf8' });
    assert.equal(generate.status, 0, generate.stderr);
    assert.deepEqual(failingTests(copy, VIEW_TESTS), []);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
