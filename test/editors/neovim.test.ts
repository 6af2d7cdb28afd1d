/**
 * Neovim's built-in LSP client, headless, configured with the blocks of docs/editors.md: the
 * configuration for 0.7 to 0.9 on the installed Neovim (Debian 12: 0.7.2, installed by
 * scripts/setup.sh), and the one for 0.10 and later where that Neovim is installed. Each opens the
 * recipes, shows the diagnostics on the right text, hovers with E_form and φ, completes metals,
 * formats to the canonical layout, and a settings change changes the hover.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertSessionView, createProject, documentedBlock, INITIAL_COVERAGE, runSession } from './editorSession';

interface NeovimSession {
  filetype: string;
  server: string;
  root_dir: string;
  diagnostics: { text: string; line: number; severity: number; message: string }[];
  hover: string;
  hover_after_threshold: string;
  hover_after_setting: string;
  completion: { candidates: string[]; documented: string | null; documentation: { kind: string; value: string } | string | null };
  formatted: string;
  options: { shiftwidth: number; softtabstop: number; expandtab: boolean };
}

/** The installed Neovim's version as [major, minor, patch]; fails with the setup hint when there is none. */
function neovimVersion(): [number, number, number] {
  const run = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.equal(run.status, 0, 'nvim is not installed: run `bash scripts/setup.sh`');
  const match = /^NVIM v(\d+)\.(\d+)\.(\d+)/.exec(run.stdout);
  assert.ok(match, `unexpected nvim --version output: ${run.stdout}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Every line the server wrote on standard error, as Neovim logged it (lsp.log under the session's HOME). */
function loggedServerStderr(home: string): string[] {
  const logs = (readdirSync(home, { recursive: true }) as string[]).filter((f) => path.basename(f) === 'lsp.log');
  return logs.flatMap((log) => readFileSync(path.join(home, log), 'utf8').split('\n')).filter((line) => /stderr/.test(line));
}

function checkSession(configFirstLine: string): void {
  const project = createProject('init.lua');
  try {
    writeFileSync(project.config, documentedBlock(configFirstLine));
    const session = runSession<NeovimSession>(project, 'nvim', [
      '--headless',
      '-i',
      'NONE',
      '-u',
      project.config,
      '-c',
      `luafile ${path.join(__dirname, 'neovim-session.lua')}`,
    ]);
    assert.equal(session.filetype, 'bimetal');
    assert.equal(session.server, 'bimetal');
    assert.equal(session.root_dir, project.root, 'the server should start in the project root (the folder with .git)');
    assertSessionView({
      diagnostics: session.diagnostics.map((d) => ({ text: d.text, line: d.line, error: d.severity === 1, message: d.message })),
      hover: session.hover,
      hoverAfterSetting: session.hover_after_setting,
      candidates: session.completion.candidates,
      documented: session.completion.documented,
      documentation: typeof session.completion.documentation === 'string' ? session.completion.documentation : (session.completion.documentation?.value ?? ''),
      formatted: session.formatted,
    });
    // A change that leaves the coverage out keeps the one from init_options.
    assert.match(session.hover_after_threshold, new RegExp(`${INITIAL_COVERAGE} interval[\\s\\S]*φ [≥<] −0\\.50\\)`), session.hover_after_threshold);
    assert.deepEqual(session.options, { shiftwidth: 2, softtabstop: 2, expandtab: true });
    assert.deepEqual(loggedServerStderr(project.home), [], 'the server wrote on standard error');
  } finally {
    project.dispose();
  }
}

describe('Neovim', () => {
  const version = neovimVersion();

  test(`the configuration for 0.7 to 0.9, on Neovim ${version.join('.')}`, () => {
    checkSession('-- ~/.config/nvim/init.lua (Neovim 0.7 to 0.9)');
  });

  const modern = version[0] > 0 || version[1] >= 10;
  test(
    'the configuration for 0.10 and later',
    { skip: modern ? false : `Neovim ${version.join('.')} is installed, not 0.10 or later: the 0.10+ configuration is not tested here` },
    () => {
      checkSession('-- ~/.config/nvim/init.lua (Neovim 0.10 and later)');
    },
  );
});
