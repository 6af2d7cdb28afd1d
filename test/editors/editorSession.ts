/**
 * A real editor on a .bimetal project, set up the way docs/editors.md tells a user to: the
 * configuration block from that page, `bimetal` on PATH as `npm install -g` puts it (a link to
 * bin/bimetal.js), a fresh HOME, and a git project holding one recipe file. The editor runs a
 * session script (eglot-session.el, neovim-session.lua) that writes what it showed as JSON; the
 * checks every editor must pass are here, the editor-specific ones in its test.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBounded } from '../helpers/runBounded';

export const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * The recipes the editor opens: a non-metal dopant placed after a character that takes two UTF-16
 * code units (𝛗), so a diagnostic lands on the right text only if the client converts columns, and
 * a valid recipe laid out loosely for the formatter.
 */
export const LOOSE_RECIPES = `# A recipe with a non-metal dopant after wide characters, and a valid one laid out loosely.
recipe Bad {
  host Au 4
  note "φ 𝛗 Å"; dopant S 2
}

recipe Au12Ag {
host Au 12
   dopant     Ag 1
  ligands PET x 18
}
`;

/** LOOSE_RECIPES in the canonical layout of LANGUAGE.md §1, indented by two spaces. */
export const FORMATTED_RECIPES = `# A recipe with a non-metal dopant after wide characters, and a valid one laid out loosely.
recipe Bad {
  host     Au 4
  note     "φ 𝛗 Å"
  dopant   S 2
}

recipe Au12Ag {
  host     Au 12
  dopant   Ag 1
  ligands  PET x 18
}
`;

/** The coverage the documented configurations pass in initializationOptions, and the one the sessions change to. */
export const INITIAL_COVERAGE = '80 %';
export const CHANGED_COVERAGE = '50 %';

/** One run of an editor has this long; a session takes about 6 s on an idle machine. */
const SESSION_TIMEOUT_MS = 90_000;

/**
 * The fenced block of docs/editors.md whose first line is `firstLine`: the tests run exactly what
 * users copy.
 */
export function documentedBlock(firstLine: string): string {
  const doc = readFileSync(path.join(repoRoot, 'docs', 'editors.md'), 'utf8');
  const blocks = [...doc.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  const block = blocks.find((b) => b.split('\n')[0] === firstLine);
  assert.ok(block, `docs/editors.md has no code block starting with ${JSON.stringify(firstLine)}`);
  return block;
}

export interface EditorProject {
  /** The git project the recipe file is in. */
  root: string;
  file: string;
  /** Where the editor's HOME points: its logs and state stay inside. */
  home: string;
  /** A file the editor configuration can be written to. */
  config: string;
  /** Where the session script writes its JSON. */
  out: string;
  env: NodeJS.ProcessEnv;
  dispose(): void;
}

/** A fresh project, HOME and PATH for one editor session. */
export function createProject(configName: string): EditorProject {
  const base = mkdtempSync(path.join(tmpdir(), 'bimetal-editor-'));
  const root = path.join(base, 'project');
  const home = path.join(base, 'home');
  const bin = path.join(base, 'bin');
  for (const dir of [root, home, bin]) mkdirSync(dir);
  const git = spawnSync('git', ['init', '-q', root], { encoding: 'utf8' });
  assert.equal(git.status, 0, `git init failed: ${git.stderr}`);
  const file = path.join(root, 'recipes.bimetal');
  writeFileSync(file, LOOSE_RECIPES);
  const out = path.join(base, 'session.json');
  // What `npm install -g` puts on PATH: a link to the package's bin script.
  symlinkSync(path.join(repoRoot, 'bin', 'bimetal.js'), path.join(bin, 'bimetal'));
  assert.ok(existsSync(path.join(repoRoot, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first');
  return {
    root,
    file,
    home,
    config: path.join(base, configName),
    out,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      XDG_STATE_HOME: path.join(home, '.local', 'state'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      BIMETAL_SESSION_FILE: file,
      BIMETAL_SESSION_OUT: out,
    },
    dispose: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** Runs the editor to the end of its session script and returns the JSON it wrote. */
export function runSession<T>(project: EditorProject, command: string, args: string[], env: NodeJS.ProcessEnv = {}): T & { stderr: string } {
  const run = runBounded(command, args, { cwd: project.root, timeoutMs: SESSION_TIMEOUT_MS, env: { ...project.env, ...env } });
  assert.equal(run.status, 0, `${command} failed (${run.reason}):\n${run.output.slice(-4000)}`);
  assert.ok(existsSync(project.out), `${command} wrote no session result:\n${run.output.slice(-4000)}`);
  const result = JSON.parse(readFileSync(project.out, 'utf8')) as T & { error?: string; messages?: string };
  assert.equal(result.error, undefined, `the session failed: ${result.error}\nmessages:\n${result.messages}\noutput:\n${run.output.slice(-4000)}`);
  return { ...result, stderr: run.stderr };
}

/** What every editor session must have shown, in one shape. */
export interface SessionView {
  diagnostics: { text: string; line: number; error: boolean; message: string }[];
  hover: string;
  hoverAfterSetting: string;
  candidates: string[];
  documented: string | null;
  documentation: string;
  formatted: string;
}

export function assertSessionView(view: SessionView): void {
  const errors = view.diagnostics.filter((d) => d.error);
  assert.deepEqual(
    errors.map((d) => ({ text: d.text, line: d.line, code: /BM203/.test(d.message) || /S is a non-metal/.test(d.message) })),
    [{ text: 'S', line: 4, code: true }],
    `the non-metal dopant after 𝛗 is the one error, on exactly its text: ${JSON.stringify(view.diagnostics)}`,
  );
  assert.ok(
    view.diagnostics.some((d) => !d.error && d.text === 'Au12Ag' && /applicability domain/.test(d.message)),
    `no applicability warning on the recipe name (the model phase): ${JSON.stringify(view.diagnostics)}`,
  );

  assert.match(view.hover, /E_form\W+−?\d+\.\d+ eV\/atom/, view.hover);
  assert.match(view.hover, /φ\W+−?\d+\.\d+\W+— (potentially synthesizable|hard to synthesize)/, view.hover);
  assert.ok(view.hover.includes(`${INITIAL_COVERAGE} interval`), `the coverage from initializationOptions is lost:\n${view.hover}`);
  assert.ok(view.hoverAfterSetting.includes(`${CHANGED_COVERAGE} interval`), `the changed setting did not reach the hover:\n${view.hoverAfterSetting}`);

  for (const metal of ['Ag', 'Au', 'Pt', 'Cu']) assert.ok(view.candidates.includes(metal), `${metal} not offered after \`dopant\`: ${view.candidates.join(' ')}`);
  assert.ok(!view.candidates.includes('S'), 'a non-metal is offered as dopant');
  assert.equal(view.documented, 'Ag');
  assert.match(view.documentation, /Silver/);
  assert.match(view.documentation, /Pauling electronegativity χ\W+1\.93/);

  assert.equal(view.formatted, FORMATTED_RECIPES);
}
