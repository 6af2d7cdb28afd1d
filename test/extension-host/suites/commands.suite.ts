/// <reference types="mocha" />
/**
 * The extension's commands as a user runs them: Score Workspace (its progress notification, the
 * results panel and the messages the panel's script sends), Export CSV, a settings change that
 * rescores, and Restart Language Server.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
// The browser build carries its own Buffer: the web extension host has none.
import { parse } from 'csv-parse/browser/esm/sync';
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { isWebviewMessage, VIEW_TYPE, type ResultsState } from '../../../client/src/results/state';
import { RESTARTED_MESSAGE, RESTARTING_MESSAGE } from '../../../client/src/restartServer';
import { SHOW_CALIBRATION } from '../../../report/src/protocol';
import { activated, codeOf, openDocument, positionOf, screenshots, waitFor, waitForHover, workspaceUri } from '../extension';

const GOLD = 'Au4Ru2_PET_PPh3';
/**
 * A thiolate shell on a core the environment residuals measure (24 atoms, Au–Pd): its interval is the
 * environment group's six points, unbounded at 90 % and bounded at 50 %. GOLD's 6-atom core is not
 * measured by them, so its interval is unbounded at every coverage.
 */
const MEASURED_SHELL = 'Au24Pd_SCH3';
/** Three recipes with a reference energy: the fewest a calibration is fitted on. */
const LABELLED_RECIPES = ['Pd', 'Pt', 'Ag']
  .map((dopant, i) => `recipe L${i} {\n  host     Au 12\n  dopant   ${dopant} 1\n  topology icosahedron\n  energy   ${(-2.9 + 0.2 * i).toFixed(1)} eV\n}\n`)
  .join('');

/** Tabs showing a Bimetal results panel (the webview's view type may carry a prefix in the web). */
function resultsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}

async function scoreWorkspace(): Promise<ResultsState> {
  const state = await vscode.commands.executeCommand<ResultsState | undefined>('bimetal.scoreWorkspace');
  assert.ok(state, 'Score Workspace showed no results');
  return state;
}

function recordNamed(records: ScoreRecord[], recipe: string): ScoreRecord {
  const record = records.find((r) => r.recipe === recipe);
  assert.ok(record?.prediction, `no scored ${recipe} among ${records.map((r) => r.recipe).join(', ')}`);
  return record;
}

function goldRecord(records: ScoreRecord[]): ScoreRecord {
  return recordNamed(records, GOLD);
}

describe('commands', function () {
  this.timeout(180_000);

  before(async () => {
    // The web workbench's save dialog is VS Code's own (a quick input) everywhere; desktop VS Code
    // shows it instead of the system's dialog with this setting, so the suite can answer it.
    await vscode.workspace.getConfiguration('files').update('simpleDialog.enable', true, vscode.ConfigurationTarget.Global);
    // Recipes of open files are scored everywhere; the web server cannot list the folder itself.
    await openDocument('broken.bimetal');
    await openDocument('gold.bimetal');
  });

  it('Score Workspace shows a progress notification, then the results panel, whose script reports back', async () => {
    const probe = await activated();
    const progressBefore = probe.progress.length;
    const messagesBefore = probe.webviewMessages.length;
    const state = await scoreWorkspace();

    const record = goldRecord(state.records);
    assert.equal(record.formula.replace(/\s/g, ''), record.formula, 'formula with spaces');
    // As `bimetal score`: a recipe with an error has no record.
    assert.ok(!state.records.some((r) => r.recipe === 'Unknown_dopant'), 'a recipe with an error was scored');

    const progress = probe.progress.slice(progressBefore);
    assert.equal(progress.length, 1, JSON.stringify(progress));
    assert.equal(progress[0].title, 'Bimetal: scoring workspace recipes');
    assert.equal(progress[0].location, vscode.ProgressLocation.Notification);
    assert.equal(progress[0].cancellable, true);
    assert.ok(progress[0].finished, 'the notification is still open after the results came');
    assert.ok(progress[0].reports.some((r) => (r.increment ?? 0) > 0), `the bar never moved: ${JSON.stringify(progress[0].reports)}`);

    await waitFor('the results panel tab', () => (resultsTabs().length === 1 ? true : undefined));
    assert.equal(resultsTabs()[0].label, 'Bimetal scores: workspace');
    const messages = await waitFor('a message from the panel script', () => {
      const fresh = probe.webviewMessages.slice(messagesBefore);
      return fresh.length ? fresh : undefined;
    });
    assert.ok(messages.every(isWebviewMessage), `the panel sent messages outside its protocol: ${JSON.stringify(messages)}`);
    await screenshots('panel-web');
  });

  it('Export CSV writes the records on show to the file chosen in the save dialog', async () => {
    const state = await scoreWorkspace();
    const target = workspaceUri('bimetal-scores-workspace.csv');
    await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    const exporting = vscode.commands.executeCommand('bimetal.exportCsv');
    // The save dialog opens with the default name in the workspace folder: accept it.
    const bytes = await waitFor('the exported CSV', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return vscode.workspace.fs.readFile(target);
    }, 30_000);
    // The command ends when its "saved N records" notification is answered or dismissed.
    await vscode.commands.executeCommand('notifications.clearAll');
    await exporting;
    const rows = parse(new TextDecoder().decode(bytes), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, state.records.length);
    const recipeColumn = Object.keys(rows[0]).find((c) => /^recipe\b/.test(c));
    const eFormColumn = Object.keys(rows[0]).find((c) => /eForm/.test(c));
    assert.ok(recipeColumn && eFormColumn, `no recipe or E_form column in ${Object.keys(rows[0]).join(', ')}`);
    const gold = rows.find((r) => r[recipeColumn] === GOLD);
    assert.ok(gold, 'the CSV lacks the gold recipe');
    assert.ok(Math.abs(Number(gold[eFormColumn]) - goldRecord(state.records).prediction!.eForm) < 1e-9, `CSV E_form ${gold[eFormColumn]}`);
    await vscode.workspace.fs.delete(target);
  });

  it('a coverage change rescores: hovers and new runs use the new interval', async () => {
    const config = vscode.workspace.getConfiguration('bimetal');
    // A ligand shell: its calibration group (six published recipes) bounds no 90 % interval (BM405), a 50 % one it does.
    const unbounded = recordNamed((await scoreWorkspace()).records, MEASURED_SHELL).prediction!;
    assert.equal(unbounded.coverage, 0.9);
    assert.deepEqual([unbounded.lower, unbounded.upper], [null, null]);
    const { document } = await openDocument('gold.bimetal');
    const at = positionOf(document, MEASURED_SHELL, 2);
    try {
      await config.update('coverage', 0.5, vscode.ConfigurationTarget.Global);
      await waitForHover(document.uri, at, /50 % interval/);
      const narrow = recordNamed((await scoreWorkspace()).records, MEASURED_SHELL).prediction!;
      assert.equal(narrow.coverage, 0.5);
      assert.ok(narrow.lower <= narrow.eForm && narrow.eForm <= narrow.upper, `50 % interval ${narrow.lower}..${narrow.upper} around ${narrow.eForm}`);
    } finally {
      await config.update('coverage', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForHover(document.uri, at, /90 % interval/);
  });

  it("Score Current File on a file whose every recipe has an error opens its panel with no row, not a 'no recipes' message", async () => {
    const broken = workspaceUri('broken.bimetal');
    await waitFor("broken.bimetal's error", () => (vscode.languages.getDiagnostics(broken).some((d) => codeOf(d) === 'BM202') ? true : undefined));
    const state = await vscode.commands.executeCommand<ResultsState | undefined>('bimetal.scoreDocument', broken);
    assert.ok(state, 'Score Current File showed no panel');
    assert.equal(state.records.length, 0);
    await waitFor('the broken file\'s results tab', () => (resultsTabs().some((t) => t.label === 'Bimetal scores: broken.bimetal') ? true : undefined));
  });

  it('Restart Language Server says so in the status bar, the new server answers, and open panels are made again with it', async () => {
    const probe = await activated();
    await scoreWorkspace();
    const before = probe.statusBarMessages.length;
    const progressBefore = probe.progress.length;
    await vscode.commands.executeCommand('bimetal.restartServer');
    assert.deepEqual(probe.statusBarMessages.slice(before), [RESTARTING_MESSAGE, RESTARTED_MESSAGE]);
    // A restart loads the models again (the way to use replaced ones): the workspace's panel shows what the new server scores.
    await waitFor('the workspace panel made again by the restarted server', () =>
      probe.progress.slice(progressBefore).some((p) => p.title === 'Bimetal: scoring workspace recipes' && p.finished) ? true : undefined,
    20_000, () => JSON.stringify(probe.progress.slice(progressBefore)));
    const { document } = await openDocument('gold.bimetal');
    await waitForHover(document.uri, positionOf(document, GOLD, 2), /E_form/);
    const broken = workspaceUri('broken.bimetal');
    await waitFor('diagnostics from the restarted server', () => (vscode.languages.getDiagnostics(broken).some((d) => /^BM\d+/.test(codeOf(d))) ? true : undefined));

    // The restarted server fits a calibration: it waits for its start-up scan of the closed files,
    // which a web server that was sent a second `initialize` counted twice and never finished.
    const labelled = await vscode.workspace.openTextDocument({ language: 'bimetal', content: LABELLED_RECIPES });
    await vscode.window.showTextDocument(labelled, { preview: false });
    try {
      const report = await waitFor('a calibration from the restarted server', async () => vscode.commands.executeCommand<ResultsState | undefined>(SHOW_CALIBRATION), 60_000);
      const recipes = report.records.map((r) => r.recipe).sort();
      assert.ok(JSON.stringify(recipes) === '["L0","L1","L2"]', `the calibration's labelled recipes: ${JSON.stringify(recipes)}`);
    } finally {
      await vscode.window.showTextDocument(labelled);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
