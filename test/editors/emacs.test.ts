/**
 * Emacs with eglot (Debian 12: Emacs 28.2 and elpa-eglot 1.9, installed by scripts/setup.sh), in
 * batch mode, configured with the blocks of docs/editors.md: it connects through eglot-ensure,
 * shows the diagnostics on the right text, hovers with E_form and φ in plain text, completes
 * metals, formats to the canonical layout, and a .dir-locals.el setting changes the hover.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertSessionView, createProject, documentedBlock, runSession, type EditorProject } from './editorSession';

const EMACS_CONFIG = ';; ~/.emacs.d/init.el';
const EMACS_DIR_LOCALS = ';; .dir-locals.el at the root of a project';

interface EglotSession {
  server: string;
  'major-mode': string;
  diagnostics: { text: string; line: number; type: string; message: string }[];
  hover: string;
  completion: { candidates: string[]; documented: string | null; documentation: string | null };
  'hover-after-setting': string;
  formatted: string;
  options: { 'tab-width': number; 'indent-tabs-mode': boolean };
  messages: string;
}

let project: EditorProject;
let session: EglotSession & { stderr: string };

before(() => {
  const version = spawnSync('emacs', ['--version'], { encoding: 'utf8' });
  assert.equal(version.status, 0, 'emacs is not installed: run `bash scripts/setup.sh`');
  project = createProject('init.el');
  writeFileSync(project.config, documentedBlock(EMACS_CONFIG));
  // A user's Emacs loads site-start (which activates Debian's elpa-eglot) and then init.el; batch
  // mode does the same when given the init file with -l, as HOME holds no other.
  session = runSession<EglotSession>(project, 'emacs', ['--batch', '-l', project.config, '-l', path.join(__dirname, 'eglot-session.el')], {
    BIMETAL_SESSION_DIR_LOCALS: documentedBlock(EMACS_DIR_LOCALS),
  });
});
after(() => project?.dispose());

test('eglot connects through eglot-ensure with the documented configuration', () => {
  assert.equal(session.server, 'bimetal-language-server');
  assert.equal(session['major-mode'], 'bimetal-mode');
  assert.match(session.messages, /Connected! Server `bimetal-language-server'/);
});

test('diagnostics, hover, completion, formatting and a changed setting, as eglot shows them', () => {
  assertSessionView({
    diagnostics: session.diagnostics.map((d) => ({ text: d.text, line: d.line, error: d.type === 'eglot-error', message: d.message })),
    hover: session.hover,
    hoverAfterSetting: session['hover-after-setting'],
    candidates: session.completion.candidates,
    documented: session.completion.documented,
    documentation: session.completion.documentation ?? '',
    formatted: session.formatted,
  });
  assert.deepEqual(session.options, { 'tab-width': 2, 'indent-tabs-mode': false });
});

test('without markdown-mode eglot asks for plain text, and gets it: no Markdown marks, aligned tables', () => {
  for (const text of [session.hover, session['hover-after-setting'], session.completion.documentation ?? '']) {
    for (const mark of ['**', '`', '| ']) assert.ok(!text.includes(mark), `${JSON.stringify(mark)} in:\n${text}`);
  }
  assert.match(session.hover, /^quantity +value +unit$/m);
  assert.match(session.completion.documentation ?? '', /^Pauling electronegativity χ +1\.93$/m);
});

test('eglot warns about nothing: no unsupported registration, no unknown request', () => {
  assert.doesNotMatch(session.messages, /\(warning\)|unsupported|error/i, session.messages);
  assert.doesNotMatch(session.stderr, /warning|unsupported|error/i, session.stderr);
});
