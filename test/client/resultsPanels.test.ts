/**
 * The results panels on the extension's side (client/src/resultsPanel.ts) against a stand-in for
 * VS Code (test/helpers/vscodeStub.ts): what happens when an answer arrives for a closed tab, when
 * making a panel again fails, and when a hidden page is shown again.
 */
import { created, FakePanel, serializers } from '../helpers/vscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResultsPanels, type ResultsPanelActions } from '../../client/src/resultsPanel';
import { initialView, newResultsState, type ResultsSource, type ResultsState } from '../../client/src/results/state';
import { record } from '../helpers/scoreRecord';

const SOURCE: ResultsSource = { kind: 'document', uri: 'file:///ws/a.bimetal' };

/** Panels whose actions the test settles by hand; `failures` are what they reported to the user. */
function panelsWith(actions: Partial<ResultsPanelActions>): { panels: ResultsPanels; failures: unknown[] } {
  const failures: unknown[] = [];
  const panels = new ResultsPanels({ path: '/ext' } as never, {
    reveal: async () => undefined,
    exportCsv: async () => undefined,
    detail: async () => undefined,
    rescore: async () => undefined,
    problems: () => [],
    recordUri: (file) => file,
    fail: (error) => failures.push(error),
    ...actions,
  });
  return { panels, failures };
}

function run(): ResultsState {
  return newResultsState('a.bimetal', [record('A', -2), record('B', -2.5)], -0.3);
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function notices(panel: FakePanel): string[] {
  return panel.page.posted.flatMap((m) => ((m as { type: string }).type === 'notice' ? [(m as { text: string }).text] : []));
}

test('a detail that arrives after its tab was closed goes nowhere, and is no error', async () => {
  let answer: (detail: unknown) => void = () => undefined;
  const { panels, failures } = panelsWith({ detail: () => new Promise((resolve) => (answer = resolve)) });
  const state = run();
  panels.show(state, SOURCE);
  const panel = created.at(-1)!;
  panel.webview.send({ type: 'detail', runId: state.runId, row: 0 });
  panel.dispose();
  answer({ record: state.records[0] });
  await tick();
  await tick();
  assert.deepEqual(failures, []);
  panels.dispose();
});

test('a detail that fails is told to the page, which would otherwise say it is computing it for good', async () => {
  const { panels, failures } = panelsWith({ detail: async () => Promise.reject(new Error('Client is not running')) });
  const state = run();
  panels.show(state, SOURCE);
  const panel = created.at(-1)!;
  panel.webview.send({ type: 'detail', runId: state.runId, row: 1 });
  await tick();
  await tick();
  const told = panel.page.posted.filter((m) => (m as { type: string }).type === 'detail');
  assert.deepEqual(told, [{ type: 'detail', runId: state.runId, row: 1, detail: null, failure: 'Client is not running' }]);
  assert.equal(failures.length, 1, 'and the error is still reported');
  panels.dispose();
});

test('a panel that cannot be made again after a settings change says so, over its earlier records', async () => {
  const { panels } = panelsWith({ rescore: async () => Promise.reject(new Error('file:///ws/a.bimetal is not a file')) });
  panels.show(run(), SOURCE);
  const panel = created.at(-1)!;
  await assert.rejects(panels.rescore('Settings changed', () => true), /is not a file/);
  const said = notices(panel);
  assert.equal(said[0], 'Settings changed: making this panel again…');
  assert.match(said.at(-1)!, /^Not made again \(.*is not a file\): these are the earlier results\. Run "Bimetal: Score Current File" on it again\.$/);
  panels.dispose();
});

test('a page shown again is told the notice over its records again', async () => {
  const { panels } = panelsWith({ rescore: async () => undefined });
  const state = run();
  panels.show(state, SOURCE);
  const panel = created.at(-1)!;
  await panels.rescore('Settings changed', () => true);
  const before = notices(panel).length;
  // VS Code discards a hidden page; shown again, it starts over and says `ready`.
  panel.webview.send({ type: 'ready' });
  assert.deepEqual(notices(panel).slice(before), ['Not made again (nothing to show now, or cancelled): these are the earlier results. Run "Bimetal: Score Current File" on it again.']);
  panels.dispose();
});

test('a panel restored after a reload whose records cannot be made again says why in its tab', async () => {
  const { panels } = panelsWith({ rescore: async () => Promise.reject(new Error('file:///ws/a.bimetal is not a file')) });
  const state = run();
  const restored = new FakePanel();
  await serializers.at(-1)!.deserializeWebviewPanel(restored, { ...initialView(state, SOURCE), source: SOURCE });
  assert.match(restored.webview.html, /a\.bimetal could not be made again: .*is not a file\. Run &#34;Bimetal: Score Current File&#34; on it again\./);
  panels.dispose();
});

test('a panel shown again is the one Export CSV saves, as a new one is', () => {
  const { panels } = panelsWith({});
  const [first, other, again] = [run(), run(), run()];
  panels.show(first, SOURCE);
  panels.show(other, { kind: 'workspace' });
  assert.equal(panels.shown?.runId, other.runId);
  panels.show(again, SOURCE);
  assert.equal(panels.shown?.runId, again.runId);
  panels.dispose();
});

test('a tab restored late, whose source a newer tab already shows, gives way to the newer one', async () => {
  let rescored = 0;
  const { panels } = panelsWith({
    rescore: async () => {
      rescored++;
      return run();
    },
  });
  const fresh = run();
  panels.show(fresh, SOURCE);
  const newer = created.at(-1)!;
  const restored = new FakePanel();
  await serializers.at(-1)!.deserializeWebviewPanel(restored, { ...initialView(fresh, SOURCE), source: SOURCE });
  assert.equal(restored.disposed, true);
  assert.equal(newer.disposed, false);
  assert.equal(rescored, 0, 'nothing scored again');
  assert.equal(panels.shown?.runId, fresh.runId);
  panels.dispose();
});

test('a view the page reports with fields it got wrong is kept as read back, so Export CSV still works', () => {
  const { panels } = panelsWith({});
  const state = run();
  panels.show(state, SOURCE);
  const panel = created.at(-1)!;
  panel.webview.send({ type: 'viewChanged', view: { runId: state.runId, scope: state.scope, sort: 'garbage', filters: 42, tab: 'bogus', heatmap: { family: 'x'.repeat(100) } } });
  const shown = panels.shown;
  assert.ok(shown);
  assert.equal(shown.records.length, 2);
  panels.dispose();
});

test("a panel's new run keeps the user's sort and filters, not where the old run's table was scrolled nor the detail it showed", () => {
  const { panels } = panelsWith({});
  const first = run();
  panels.show(first, SOURCE);
  const panel = created.at(-1)!;
  const sort = [{ column: 'phi', descending: true }];
  panel.webview.send({ type: 'viewChanged', view: { ...initialView(first, SOURCE), sort, tab: 'detail', scrollTop: 4800, detailRow: 1 } });
  panels.show(run(), SOURCE);
  const embedded = /<script id="bimetal-results-view" type="application\/json">(.*?)<\/script>/.exec(panel.page.html)?.[1];
  const view = JSON.parse(embedded ?? 'null');
  assert.deepEqual([view.sort, view.tab, view.scrollTop, view.detailRow], [sort, 'detail', 0, null]);
  panels.dispose();
});

test('a panel still being restored when the settings change says what became of it in its tab, not to a page without a script', async () => {
  let remakes = 0;
  let restoreAnswer: (state: ResultsState | undefined) => void = () => undefined;
  const { panels } = panelsWith({
    // The restore's run waits; the settings change's run is cancelled by the user.
    rescore: () => (++remakes === 1 ? new Promise((resolve) => (restoreAnswer = resolve)) : Promise.resolve(undefined)),
  });
  const state = run();
  const restored = new FakePanel();
  const restoring = serializers.at(-1)!.deserializeWebviewPanel(restored, { ...initialView(state, SOURCE), source: SOURCE });
  await tick();
  await panels.rescore('Settings changed', () => true);
  assert.match(restored.webview.html, /Nothing to show for a\.bimetal now\. Run &#34;Bimetal: Score Current File&#34; on it again\./);
  restoreAnswer(undefined);
  await restoring;
  panels.dispose();
});

test('a notice page in a tab names its language and has a title, as the results page does', async () => {
  const { panels } = panelsWith({});
  const restored = new FakePanel();
  await serializers.at(-1)!.deserializeWebviewPanel(restored, undefined);
  assert.match(restored.webview.html, /could not be restored/);
  assert.match(restored.webview.html, /<html lang="en">/);
  assert.match(restored.webview.html, /<title>[^<]+<\/title>/);
  panels.dispose();
});

test('a page shown again gets the columnar data made for the first page of its run, not data made anew', () => {
  const { panels } = panelsWith({});
  const first = run();
  panels.show(first, SOURCE);
  const panel = created.at(-1)!;
  const data = () => panel.page.posted.filter((m) => ['begin', 'rows', 'end'].includes((m as { type: string }).type));
  panel.webview.send({ type: 'ready' });
  const firstPage = data();
  assert.equal(firstPage.length, 3);
  panel.page.posted.length = 0;
  // VS Code discards a hidden page; shown again, it says `ready` again. Made anew, a family's data blocked the extension host 0.33–0.53 s.
  panel.webview.send({ type: 'ready' });
  assert.deepEqual(data().map((m, i) => m === firstPage[i]), [true, true, true], 'the very messages of the first page');
  // A new run's page gets its own.
  const second = run();
  panels.show(second, SOURCE);
  panel.page.posted.length = 0;
  panel.webview.send({ type: 'ready' });
  assert.equal((data()[0] as { run: { runId: string } }).run.runId, second.runId);
  panels.dispose();
});

test('the export command orders the columns the page got, not columns made anew', () => {
  const { panels } = panelsWith({});
  const state = run();
  panels.show(state, SOURCE);
  const panel = created.at(-1)!;
  panel.webview.send({ type: 'ready' });
  panel.webview.send({ type: 'viewChanged', view: { ...initialView(state, SOURCE), sort: [{ column: 'eForm', descending: false }] } });
  assert.deepEqual(panels.shown?.records.map((r) => r.recipe), ['B', 'A'], 'E_form −2.5 before −2');
  // Changed here, the columns the page got say otherwise: the export follows them, made once for the run (for a family, 0.33–0.53 s of the extension host each time).
  const begin = panel.page.posted.find((m) => (m as { type: string }).type === 'begin') as { keyColumns: string[] };
  const rows = panel.page.posted.find((m) => (m as { type: string }).type === 'rows') as { keys: Float64Array[] };
  rows.keys[begin.keyColumns.indexOf('eForm')].set([-3, -2.5]);
  assert.deepEqual(panels.shown?.records.map((r) => r.recipe), ['A', 'B']);
  panels.dispose();
});
