/**
 * Semantic tokens of a version a newer edit made stale: answered ContentModified, which
 * vscode-languageclient turns into a cancellation VS Code meets by keeping the document's colours and
 * asking again. The empty result the server gave before cleared every colour of a large file each
 * time a keystroke came while its analysis ran (100–230 ms for 4,000 recipes on two cores).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LSPErrorCodes, ResponseError, type SemanticTokens } from 'vscode-languageserver-protocol/node';
import { startTestServer } from './lspHarness';

/** Recipes with an error (no dopant) are parsed, not scored: the server's work is the analysis alone. */
const big = (tag: string) => Array.from({ length: 4000 }, (_, i) => `recipe R${tag}_${i} {\n  host Au 12\n  topology icosahedron\n  site surface\n  ligands PET x 8, PPh3 x 2\n}\n`).join('');

test('semantic tokens asked of a version edited again while it was analysed: ContentModified, then the newest version has its tokens', { timeout: 120_000 }, async () => {
  const server = await startTestServer();
  try {
    const uri = 'file:///tmp/bimetal-stale-tokens/big.bimetal';
    await server.open(uri, big('a'), 1);
    const first = await server.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok(first.resultId && first.data.length > 0);
    // Every recipe of v2 is new, so its analysis parses the whole text; v3 comes while it does.
    await server.change(uri, big('b'), 2);
    const full = server.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
    const delta = server.connection.sendRequest('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: first.resultId });
    await server.change(uri, big('c'), 3);
    for (const stale of [full, delta]) {
      await assert.rejects(stale, (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.ContentModified);
    }
    const newest = await server.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.equal(newest.data.length, first.data.length);
  } finally {
    await server.stop();
  }
});
