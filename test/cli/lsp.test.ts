/**
 * `bimetal lsp --stdio`, started from the built command line the way a terminal editor starts it,
 * spoken to through the language-server test harness.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { ClientCapabilities, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startTestServer } from '../server/lspHarness';
import { ensureBuilt, runCli, ROOT } from './runCli';

before(ensureBuilt);

/** What a terminal editor's LSP client typically announces (Neovim's built-in client, for one). */
const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: { workspaceFolders: true, configuration: true },
  textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { contentFormat: ['markdown', 'plaintext'] } },
};

test('`bimetal lsp --stdio` answers initialize and publishes diagnostics over stdio', async () => {
  const server = await startTestServer({ command: [path.join(ROOT, 'dist/cli.js'), 'lsp', '--stdio'], capabilities: CLIENT_CAPABILITIES });
  try {
    assert.ok(server.initializeResult.capabilities.hoverProvider, JSON.stringify(server.initializeResult));
    const uri = 'file:///tmp/lsp-test.bimetal';
    const published = new Promise<PublishDiagnosticsParams>((resolve) => {
      const listener = server.onDiagnostics((params) => {
        listener.dispose();
        resolve(params);
      });
    });
    await server.open(uri, 'recipe R {\n  host Au 4\n  dopant S 2\n}\n');
    const diagnostics = await published;
    assert.equal(diagnostics.uri, uri);
    assert.ok(diagnostics.diagnostics.some((d) => d.severity === 1 && d.range.start.line === 2), JSON.stringify(diagnostics));
  } finally {
    await server.stop();
  }
});

test('`bimetal lsp` without --stdio is a usage error', () => {
  const r = runCli(['lsp']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--stdio/);
});

test('`bimetal lsp` with an option it does not know names that option, not the missing --stdio', () => {
  for (const args of [['lsp', '--socket=5000'], ['lsp', '--stdio', '--socket=5000']]) {
    const r = runCli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^error: unknown option '--socket=5000'$/m, args.join(' '));
    assert.doesNotMatch(r.stderr, /required option/, args.join(' '));
  }
});
