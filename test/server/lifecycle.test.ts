/**
 * The end of the LSP lifecycle, over stdio, from both Node entries (the VS Code server bundle and
 * `bimetal lsp --stdio` for terminal editors): after `shutdown` every request but `exit` gets
 * InvalidRequest and notifications are dropped, the work under way stops and nothing more is sent
 * of the server's own accord; `exit` ends the process with 0 after `shutdown` and with 1 without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ErrorCodes, ExitNotification, ResponseError, ShutdownRequest, type Hover, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { pathToUri } from '../../server/src/uris';
import { startWithTestModels, type TestServer } from './lspHarness';

const uri = 'file:///workspace/lifecycle.bimetal';
const text = 'recipe Au12Ag {\n  host     Au 12\n  dopant   Ag 1\n  ligands  PET x 18\n}\n';
const recipeName = { line: 0, character: 8 };

const ENTRIES: [string, string[] | undefined][] = [
  ['the server bundle', undefined],
  ['bimetal lsp --stdio', ['dist/cli.js', 'lsp', '--stdio']],
];

async function exited(server: TestServer, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (server.exitCode() === null) {
    assert.ok(Date.now() < deadline, `the server did not exit; stderr:\n${server.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return server.exitCode()!;
}

/** Whether `condition` holds within `timeoutMs`, asked every 20 ms. */
async function within(timeoutMs: number, condition: () => boolean): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) return false;
  }
  return true;
}

async function refusal(request: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await request;
  } catch (error) {
    assert.ok(error instanceof ResponseError, String(error));
    return error;
  }
  assert.fail('the request was answered');
}

for (const [entry, command] of ENTRIES) {
  test(`${entry}: after shutdown, requests get InvalidRequest and edits are not scored; exit ends with 0`, async () => {
    const server = await startWithTestModels({ command });
    try {
      await server.open(uri, text);
      await server.waitFor(uri, 1, 'scored');
      const hover = () => server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: recipeName });
      assert.ok(await hover(), 'answered before shutdown');

      assert.equal(await server.connection.sendRequest(ShutdownRequest.type), null);
      const pushed: PublishDiagnosticsParams[] = [];
      server.onDiagnostics((p) => pushed.push(p));
      const statusesBefore = server.statuses().length;
      await server.change(uri, text.replace('Ag 1', 'Xx 1'), 2);
      for (const refused of [await refusal(hover()), await refusal(server.connection.sendRequest(ShutdownRequest.type))]) {
        assert.equal(refused.code, ErrorCodes.InvalidRequest, refused.message);
      }
      // Twice the scoring delay and more: an edit taken would have been parsed and published by now.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.deepEqual(pushed, []);
      assert.equal(server.statuses().length, statusesBefore);

      await server.connection.sendNotification(ExitNotification.type);
      assert.equal(await exited(server), 0);
    } finally {
      await server.stop();
    }
  });

  test(`${entry}: work under way at shutdown stops: an edit's diagnostics, the closed files' scan, the model worker thread`, async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'bimetal-lifecycle-'));
    // Enough closed files that their scan is still under way when the shutdown comes.
    for (let i = 0; i < 100; i++) writeFileSync(path.join(workspace, `closed-${String(i).padStart(2, '0')}.bimetal`), text.replace('Au12Ag', `Closed${i}`));
    const folder = pathToUri(workspace);
    const open = `${folder}/open.bimetal`;
    let server: TestServer | undefined;
    try {
      server = await startWithTestModels({ command, workspaceFolders: [{ uri: folder, name: 'lifecycle' }] });
      const closedPushed = new Promise<void>((resolve) => server!.onDiagnostics((p) => p.uri !== open && resolve()));
      await server.open(open, text);
      await server.waitFor(open, 1, 'scored');
      // How long an edit takes to be scored here, the model loaded: the wait below is several times that.
      const editStarted = Date.now();
      await server.change(open, text.replace('Ag 1', 'Pd 1'), 2);
      await server.waitFor(open, 2, 'scored');
      const editMs = Date.now() - editStarted;
      const threads = server.threadCount();
      await closedPushed;

      const pushed: string[] = [];
      server.onDiagnostics((p) => pushed.push(`${p.uri}@${p.version ?? 'closed'}`));
      // The edit and the shutdown at once, as an editor closing sends them.
      void server.change(open, text.replace('Ag 1', 'Pt 1'), 3);
      assert.equal(await server.connection.sendRequest(ShutdownRequest.type), null);
      const [pushedBefore, statusesBefore] = [pushed.length, server.statuses().length];

      // The model worker thread ends (/proc may list it a moment longer)...
      const workerEnded = await within(10_000, () => server!.threadCount() < threads);
      // ...and nothing is sent in several times what an edit took to be scored, where the scan pushed a file every few ms.
      await new Promise((resolve) => setTimeout(resolve, Math.max(1_000, 5 * editMs)));
      assert.deepEqual(pushed.slice(pushedBefore), []);
      assert.deepEqual(server.statuses().slice(statusesBefore), []);
      assert.ok(workerEnded, `${server.threadCount()} threads after shutdown, ${threads} before: the model worker thread still runs`);

      await server.connection.sendNotification(ExitNotification.type);
      assert.equal(await exited(server), 0);
    } finally {
      // Ended by exit: stop's own shutdown would be refused once the test has shut it down.
      if (server && server.exitCode() === null) {
        await server.connection.sendNotification(ExitNotification.type);
        await exited(server);
      }
      await server?.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  test(`${entry}: exit without shutdown ends with 1`, async () => {
    const server = await startWithTestModels({ command });
    try {
      await server.connection.sendNotification(ExitNotification.type);
      assert.equal(await exited(server), 1);
    } finally {
      await server.stop();
    }
  });
}
