/**
 * `npx bimetal lsp --stdio` with the smallest client an editor can be: it announces no capabilities
 * at all (no `workspace.workspaceFolders`, no configuration pull, no refresh support) and no
 * workspace. Terminal editors start the server like this; it must initialise, publish both
 * diagnostic phases, answer requests, and stay up.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { repoRoot, startTestServer, type TestServer } from './lspHarness';

const uri = 'file:///minimal/one.bimetal';
const TEXT = 'recipe Au12Pt {\n  host     Au 12\n  dopant   Pt 1\n  topology icosahedron\n  ligands  PET x 18\n}\n';

let server: TestServer;

before(async () => {
  server = await startTestServer({ command: [path.join(repoRoot, 'bin', 'bimetal.js'), 'lsp', '--stdio'], capabilities: {} });
});
after(() => server?.stop());

test('a client without workspace-folder support gets diagnostics and hovers, and the server stays up', async () => {
  await server.open(uri, TEXT);
  const diagnostics = await server.waitFor(uri, 1, 'scored');
  assert.ok(server.statuses().some((s) => s.uri === uri && s.state === 'scored'), 'never scored');
  assert.deepEqual(diagnostics.filter((d) => d.severity === 1), [], 'a valid recipe has no errors');
  const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 9 } });
  // It named no markup format, so it gets the one every client shows: plain text.
  assert.deepEqual(
    { kind: (hover?.contents as { kind: string }).kind, eForm: /^E_form −?\d+\.\d+ eV\/atom/m.test((hover?.contents as { value: string }).value) },
    { kind: 'plaintext', eForm: true },
  );
  assert.equal(server.exitCode(), null, `the server exited:\n${server.stderr()}`);
  assert.doesNotMatch(server.stderr(), /workspace folder|Unhandled|Error:/i, server.stderr());
});
