import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureBuilt, ROOT } from './runCli';

before(ensureBuilt);

/** Frames one JSON-RPC message the way LSP does over stdio. */
function frame(message: unknown): string {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

/**
 * Reads framed messages until `until` accepts one. Requests from the server (configuration,
 * capability registration) get the answer a client without settings gives: null per item.
 */
function readUntil(stream: NodeJS.ReadableStream, reply: NodeJS.WritableStream, until: (m: any) => boolean, timeoutMs: number): Promise<any> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => reject(new Error('no matching LSP message in time')), timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const header = buffer.indexOf('\r\n\r\n');
        if (header < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString())?.[1]);
        if (buffer.length < header + 4 + length) return;
        const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString('utf8'));
        buffer = buffer.subarray(header + 4 + length);
        if (message.method && message.id !== undefined) {
          const result = message.method === 'workspace/configuration' ? message.params.items.map(() => null) : null;
          reply.write(frame({ jsonrpc: '2.0', id: message.id, result }));
        }
        if (until(message)) {
          clearTimeout(timer);
          resolve(message);
          return;
        }
      }
    });
  });
}

/** What a terminal editor's LSP client typically announces (Neovim's built-in client, for one). */
const CLIENT_CAPABILITIES = {
  workspace: { workspaceFolders: true, configuration: true },
  textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { contentFormat: ['markdown', 'plaintext'] } },
};

test('`bimetal lsp --stdio` answers initialize and publishes diagnostics over stdio', async () => {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'lsp', '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    const initialized = readUntil(child.stdout, child.stdin, (m) => m.id === 1, 60_000);
    child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: CLIENT_CAPABILITIES } }));
    const init = await initialized;
    assert.ok(init.result?.capabilities?.hoverProvider, JSON.stringify(init));

    const published = readUntil(child.stdout, child.stdin, (m) => m.method === 'textDocument/publishDiagnostics', 60_000);
    child.stdin.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
    const uri = 'file:///tmp/lsp-test.bimetal';
    const text = 'recipe R {\n  host Au 4\n  dopant S 2\n}\n';
    child.stdin.write(frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'bimetal', version: 1, text } } }));
    const diagnostics = await published;
    assert.equal(diagnostics.params.uri, uri);
    assert.ok(diagnostics.params.diagnostics.some((d: any) => d.severity === 1 && d.range.start.line === 2), JSON.stringify(diagnostics));
  } finally {
    child.kill();
  }
});

test('`bimetal lsp` without --stdio is a usage error', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'lsp'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--stdio/);
});
