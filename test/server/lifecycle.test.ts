/**
 * The end of the LSP lifecycle, over stdio, from both Node entries (the VS Code server bundle and
 * `bimetal lsp --stdio` for terminal editors): after `shutdown` every request but `exit` gets
 * InvalidRequest and notifications are dropped; `exit` ends the process with 0 after `shutdown`
 * and with 1 without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, ExitNotification, ResponseError, ShutdownRequest, type Hover, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
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
