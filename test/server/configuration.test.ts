/** Settings pulled through `workspace/configuration` reach the predictions, hints and lenses. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, InlayHint } from 'vscode-languageserver-protocol';
import { startWithTestModels, type TestServer } from './lspHarness';

const uri = 'file:///workspace/settings.bimetal';
const text = 'recipe Au12Ag {\n  host     Au 12\n  dopant   Ag 1\n  ligands  PET x 18\n}\n';

describe('configuration', () => {
  let server: TestServer;
  before(async () => {
    server = await startWithTestModels({ configuration: { coverage: 0.8, inlayHints: { enabled: true } } });
    await server.open(uri, text);
    await server.waitFor(uri, 1, 'scored');
  });
  after(() => server?.stop());

  const hoverText = async () =>
    ((await server.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } })).contents as { value: string }).value;
  const hints = () =>
    server.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } });

  test('the pulled coverage sets the interval', async () => {
    assert.match(await hoverText(), /80 % interval/);
  });

  test('a configuration change re-scores open documents and switches hints off', async () => {
    await server.rescoredAfter(uri, () => server.setConfiguration({ coverage: 0.95, inlayHints: { enabled: false } }));
    assert.match(await hoverText(), /95 % interval/);
    assert.deepEqual(await hints(), []);
  });
});
