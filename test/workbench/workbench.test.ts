/**
 * The packaged extension in a real VS Code workbench (code-server + Debian Chromium, see
 * harness.ts): language mode, TextMate highlighting, hover card, Problems panel, and the
 * `Bimetal: Score Workspace` command. Prerequisites come from `test/workbench/setup.sh`; when they
 * are missing the suite fails and says so.
 *
 * `UPDATE_SCREENSHOTS=1` writes the README's screenshots to docs/screenshots/; otherwise they go to
 * a temporary folder, as do screenshots of failed steps.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { WORKSPACE_FILES } from '../extension-host/workspace';
import { Workbench, ensureVsix, repoRoot } from './harness';

const screenshotDir =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(repoRoot, 'docs', 'screenshots')
    : path.join(os.tmpdir(), 'bimetal-workbench-screenshots');

// The extension-host suite's workspace files, so both workbenches are shown the same recipes.
const files = { 'gold.bimetal': WORKSPACE_FILES['gold.bimetal'], 'broken.bimetal': WORKSPACE_FILES['broken.bimetal'] };

/**
 * The records `bimetal score` prints for a workspace file: the editor runs the same engine, so what
 * it shows must agree with them.
 */
function cliRecords(workspace: string, file: string): ScoreRecord[] {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const run = spawnSync(process.execPath, [cli, 'score', '--format', 'json', file], { cwd: workspace, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `bimetal score ${file} failed (${run.error ?? run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout) as ScoreRecord[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Numbers written in `text`, with how many decimals each was shown with (`−` read as minus). */
function shownNumbers(text: string): { value: number; decimals: number }[] {
  return [...text.replace(/\u2212/g, '-').matchAll(/-?\d+(?:\.(\d+))?/g)].map((m) => ({
    value: Number(m[0]),
    decimals: m[1]?.length ?? 0,
  }));
}

/** Asserts that a line of `text` matching `label` shows `value` at the precision it is written with. */
function assertShows(text: string, label: RegExp, value: number, what: string): void {
  const lines = text.split('\n').filter((l) => label.test(l));
  const shown = lines.some((l) =>
    shownNumbers(l).some((n) => n.decimals > 0 && Math.abs(n.value - value) <= 0.5 * 10 ** -n.decimals + 1e-9),
  );
  assert.ok(shown, `${what}: expected ${value} on a line matching ${label}, got:\n${lines.join('\n') || text}`);
}

describe('workbench: Bimetal in code-server', { timeout: 170_000 }, () => {
  let wb: Workbench | undefined;
  // Kept rather than thrown from the hook, so that every test fails with it (a failed hook would
  // only mark them cancelled).
  let startError: unknown;

  before(async () => {
    try {
      wb = await Workbench.start({ vsix: ensureVsix(), files });
    } catch (err) {
      startError = err;
    }
  }, { timeout: 150_000 });

  after(async () => {
    await wb?.close();
  });

  /** Runs a step; on failure keeps a screenshot and code-server's log tail for the report. */
  async function step(name: string, body: (wb: Workbench) => Promise<void>): Promise<void> {
    if (!wb) throw new Error(`the workbench did not start: ${(startError as Error)?.message ?? startError}`, { cause: startError });
    try {
      await body(wb);
    } catch (err) {
      const shot = path.join(os.tmpdir(), 'bimetal-workbench-screenshots', `failed-${name}.png`);
      await wb.screenshot(shot).catch(() => undefined);
      throw new Error(`${(err as Error).message}\n(screenshot: ${shot})\ncode-server log tail:\n${wb.serverLogTail()}`, { cause: err });
    }
  }

  it('opens a .bimetal file in the Bimetal language mode', async () => {
    await step('language-mode', async (wb) => {
      await wb.openFile('gold.bimetal');
      assert.equal(await wb.languageMode('Bimetal'), 'Bimetal');
    });
  });

  it('highlights keywords, constants and comments with the Bimetal TextMate grammar', async () => {
    await step('tokens', async (wb) => {
      const keyword = await wb.tokenScopesAt('topology');
      assert.match(keyword, /source\.bimetal/);
      assert.match(keyword, /keyword[\w.-]*\.bimetal/);
      assert.match(await wb.tokenScopesAt('octahedron'), /constant[\w.-]*\.bimetal/);
      assert.match(await wb.tokenScopesAt('synthesised Au4Ru2'), /comment[\w.-]*\.bimetal/);
    });
  });

  it('shows the recipe hover card with the formula, E_form and φ that the CLI computes', async () => {
    await step('hover', async (wb) => {
      const [record] = cliRecords(wb.workspace, 'gold.bimetal');
      assert.ok(record?.prediction && record.descriptors?.phi != null, 'the CLI gave no prediction or φ to compare with');
      const card = await wb.hoverText('Au4Ru2_PET_PPh3', /E_form[^\n]*\d/, 60_000);
      assert.ok(card.includes(record.formula), `hover lacks the formula ${record.formula}:\n${card}`);
      assertShows(card, /E_form/, record.prediction.eForm, 'hover E_form');
      assertShows(card, /φ/, record.descriptors.phi, 'hover φ');
      await wb.scrollHoverTo(record.formula);
      await wb.screenshot(path.join(screenshotDir, 'hover.png'));
    });
  });

  it('lists the unknown element in the Problems panel', async () => {
    await step('diagnostics', async (wb) => {
      await wb.openFile('broken.bimetal');
      const rows = await wb.problems(/Xx/);
      assert.ok(
        rows.some((r) => /^Error\b/.test(r) && /Xx/.test(r)),
        `no error row about Xx in the Problems panel:\n${rows.join('\n')}`,
      );
      await wb.screenshot(path.join(screenshotDir, 'diagnostics.png'));
    });
  });

  it('scores the workspace from the command palette', async () => {
    await step('score-workspace', async (wb) => {
      const [record] = cliRecords(wb.workspace, 'gold.bimetal');
      assert.ok(record?.prediction, 'the CLI gave no prediction to compare with');
      await wb.runCommand('Bimetal: Score Workspace');
      const report = await wb.webviewText(new RegExp(escapeRegExp(record.recipe)), 90_000);
      assertShows(report, new RegExp(`${escapeRegExp(record.recipe)}.*${escapeRegExp(record.formula)}`), record.prediction.eForm, 'report E_form');
      await wb.screenshot(path.join(screenshotDir, 'score-workspace.png'));
    });
  });
});
