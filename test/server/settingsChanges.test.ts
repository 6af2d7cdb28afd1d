/**
 * A settings change reaches everything it affects, without an edit: the diagnostics of closed
 * workspace files (phiThreshold), hints and lenses turned on or off (the client is asked to refresh
 * them), the expansion of open documents (maxFamilySize), and their records (coverage), which
 * the models already running score again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ClientCapabilities, CodeLens, Diagnostic, InlayHint } from 'vscode-languageserver-protocol';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { SCORE_DOCUMENT } from '../../report/src/protocol';
import { pathToUri } from '../../server/src/uris';
import { startWithTestModels, type TestServer } from './lspHarness';

const CAPABILITIES: ClientCapabilities = {
  textDocument: { hover: { contentFormat: ['markdown'] } },
  workspace: { workspaceFolders: true, configuration: true, didChangeConfiguration: { dynamicRegistration: true }, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
};

/** φ = −0.02 (D̃ 0.37, χ_env −0.05): above the default threshold −0.3, below 0.5. */
const SHELL = 'recipe Shell {\n  host Au 24\n  dopant Pt 1\n  ligands PET x 18\n}\n';
/** 4 hosts × 4 dopants. */
const SIXTEEN = 'recipe Sweep {\n  host [Au, Ag, Cu, Pt] 12\n  dopant [Ni, Fe, Co, Ru] 1\n}\n';

describe('settings changes', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-settings-'));
  const closedUri = pathToUri(path.join(dir, 'closed.bimetal'));
  const openUri = pathToUri(path.join(dir, 'open.bimetal'));
  let server: TestServer;
  const refreshes = { inlayHint: 0, codeLens: 0 };

  /** The next diagnostics pushed for `uri` that satisfy `accept`. */
  const pushed = (uri: string, accept: (diagnostics: Diagnostic[]) => boolean, timeoutMs = 30_000) =>
    new Promise<Diagnostic[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        listener.dispose();
        reject(new Error(`no such diagnostics for ${uri}`));
      }, timeoutMs);
      const listener = server.onDiagnostics((p) => {
        if (p.uri !== uri || !accept(p.diagnostics)) return;
        clearTimeout(timer);
        listener.dispose();
        resolve(p.diagnostics);
      });
    });
  const until = async (condition: () => boolean, what: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      assert.ok(Date.now() < deadline, what);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const hints = (uri = openUri) => server.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } });
  const lenses = () => server.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: openUri } });

  before(async () => {
    writeFileSync(path.join(dir, 'closed.bimetal'), SHELL);
    server = await startWithTestModels({ capabilities: CAPABILITIES, configuration: {}, workspaceFolders: [{ uri: pathToUri(dir), name: 'w' }] });
    server.connection.onRequest('workspace/inlayHint/refresh', () => void refreshes.inlayHint++);
    server.connection.onRequest('workspace/codeLens/refresh', () => void refreshes.codeLens++);
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a closed file's diagnostics follow the threshold", async () => {
    // The start-up scan publishes the closed file's diagnostics: no BM410 at φ −0.02.
    const first = await pushed(closedUri, () => true);
    assert.ok(!first.some((d) => d.code === 'BM410'), JSON.stringify(first));
    const flagged = pushed(closedUri, (d) => d.some((x) => x.code === 'BM410'));
    await server.setConfiguration({ phiThreshold: 0.5 });
    assert.match((await flagged).find((d) => d.code === 'BM410')!.message, /below 0\.5/);
    const cleared = pushed(closedUri, (d) => !d.some((x) => x.code === 'BM410'));
    await server.setConfiguration({});
    await cleared;
  });

  test('turning hints and lenses off and on asks the client for them again', async () => {
    await server.open(openUri, SHELL);
    await server.waitFor(openUri, 1, 'scored');
    assert.equal((await hints()).length, 1);
    const before = { ...refreshes };
    await server.setConfiguration({ inlayHints: { enabled: false }, codeLens: { enabled: false } });
    await until(() => refreshes.inlayHint > before.inlayHint && refreshes.codeLens > before.codeLens, 'refresh requests after turning hints and lenses off');
    assert.deepEqual(await hints(), []);
    assert.deepEqual(await lenses(), []);
    const off = { ...refreshes };
    await server.setConfiguration({});
    await until(() => refreshes.inlayHint > off.inlayHint && refreshes.codeLens > off.codeLens, 'refresh requests after turning them on');
    assert.equal((await hints()).length, 1);
  });

  test('a smaller family limit expands open documents again: the family over it is BM221 and has no hint', async () => {
    const familyUri = pathToUri(path.join(dir, 'family.bimetal'));
    await server.open(familyUri, SIXTEEN);
    await server.waitFor(familyUri, 1, 'scored');
    assert.match(String((await hints(familyUri))[0]?.label), /^16 members/);
    await server.rescoredAfter(familyUri, () => server.setConfiguration({ maxFamilySize: 10 }));
    const diagnostics = await server.waitFor(familyUri, 1, 'scored');
    assert.ok(diagnostics.some((d) => d.code === 'BM221'), JSON.stringify(diagnostics));
    assert.deepEqual(await hints(familyUri), []);
  });

  test('a new coverage rescores with the models already running: its records have it, and no worker thread is started per change', async () => {
    const uri = pathToUri(path.join(dir, 'coverage.bimetal'));
    await server.open(uri, SHELL);
    await server.waitFor(uri, 1, 'scored');
    const coverage = async () => (await server.connection.sendRequest<ScoreRecord[]>(SCORE_DOCUMENT, { uri }))[0].prediction?.coverage;
    const threads = server.threadCount();
    for (const next of [0.8, 0.85, 0.95]) {
      await server.rescoredAfter(uri, () => server.setConfiguration({ coverage: next }));
      assert.equal(await coverage(), next);
    }
    // Fewer than one thread more per change, not none: /proc may still list a thread that is exiting. (Before 24b9e8c each
    // change made a runtime of its own, and the replaced one's worker thread kept running: three more.)
    assert.ok(server.threadCount() < threads + 3, `${server.threadCount()} threads after three changes, ${threads} before: a worker thread per change`);
  });
});
