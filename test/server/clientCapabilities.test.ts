/**
 * The server adapts to what a client announces, as terminal editors need: settings passed at
 * initialisation survive a client that pulls nothing, dynamic registration happens only with the
 * client's leave, and clients that ask for plain text get hovers and completion documentation
 * without Markdown.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientCapabilities, CompletionItem, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { displayWidth } from '../../server/src/plainText';
import { startWithTestModels, type TestServer } from './lspHarness';

const uri = 'file:///workspace/clients.bimetal';
const text = 'recipe Au12Ag {\n  host     Au 12\n  dopant   Ag 1\n  ligands  PET x 18\n}\n';
const recipeName = { line: 0, character: 8 };
const afterDopant = { line: 2, character: 11 };

/** What eglot 1.9 (Debian 12) announces, less what does not matter here: no Markdown without markdown-mode, dynamic registration of file watchers only. */
const EGLOT_CAPABILITIES: ClientCapabilities = {
  workspace: { applyEdit: true, configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
  textDocument: {
    hover: { dynamicRegistration: false, contentFormat: ['plaintext'] },
    completion: { dynamicRegistration: false, completionItem: { snippetSupport: false } },
    publishDiagnostics: { relatedInformation: false },
  },
};

/** A client that neither pulls configuration nor registers: settings come in didChangeConfiguration's payload. */
const PUSHING_CAPABILITIES: ClientCapabilities = {
  textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } },
};

async function hoverContent(server: TestServer, position = recipeName): Promise<MarkupContent> {
  const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  assert.ok(hover, 'no hover');
  return hover.contents as MarkupContent;
}

async function completionItems(server: TestServer): Promise<CompletionItem[]> {
  return (await server.connection.sendRequest<CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: afterDopant })) ?? [];
}

/** Where choosing Ag with the cursor inside `Ag` of the dopant (`A|g`) puts it. */
async function completionInsideWord(server: TestServer): Promise<CompletionItem['textEdit']> {
  const inside = { line: 2, character: 12 };
  const items = (await server.connection.sendRequest<CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: inside })) ?? [];
  return items.find((item) => item.label === 'Ag')?.textEdit;
}

const DOPANT_WORD = { start: { line: 2, character: 11 }, end: { line: 2, character: 13 } };

async function startScored(options: Parameters<typeof startWithTestModels>[0]): Promise<TestServer> {
  const server = await startWithTestModels(options);
  await server.open(uri, text);
  await server.waitFor(uri, 1, 'scored');
  return server;
}

describe('an eglot-like client: answers workspace/configuration with null, no configuration registration, plain text', () => {
  let server: TestServer;
  before(async () => {
    server = await startScored({ capabilities: EGLOT_CAPABILITIES, configuration: null, initializationOptions: { settings: { coverage: 0.5 } } });
  });
  after(() => server?.stop());

  test('the coverage from initializationOptions survives the null answer', async () => {
    assert.match((await hoverContent(server)).value, /50 % interval/);
  });

  test('the server registers only what the client allows dynamically: the file watcher, not configuration', async () => {
    await hoverContent(server); // every message the server sent before this answer has arrived
    assert.deepEqual(
      server.registrations().map((r) => r.method),
      ['workspace/didChangeWatchedFiles'],
    );
  });

  test('the recipe hover is plain text: no emphasis, code marks or table pipes, and the table in aligned columns', async () => {
    const content = await hoverContent(server);
    assert.equal(content.kind, 'plaintext');
    assert.match(content.value, /^Au12Ag · Au12Ag\(PET\)18$/m);
    assert.match(content.value, /^E_form −?\d+\.\d+ eV\/atom, 50 % interval/m);
    assert.match(content.value, /^φ −?\d+\.\d+ — /m);
    for (const mark of ['**', '`', '|', '\\']) assert.ok(!content.value.includes(mark), `${JSON.stringify(mark)} in:\n${content.value}`);
    // Nor emphasis: the model scope lines were set in `_…_` around a code span.
    assert.match(content.value, /^eform-v2 trained on: /m);
    assert.doesNotMatch(content.value, /^_|_$/m);
    // Values are right-aligned: label and value end in the same column on every descriptor row.
    const rows = content.value.split('\n').filter((line) => /^(H_mix|χ_env|D̃|ΔR|N_metal) /.test(line));
    assert.equal(rows.length, 5, content.value);
    const valueEnds = rows.map((row) => displayWidth(/^\S+\s+\S+/.exec(row)![0]));
    assert.equal(new Set(valueEnds).size, 1, `values not aligned:\n${rows.join('\n')}`);
  });

  test('a completion inside a word replaces the word: the client takes no InsertReplaceEdit', async () => {
    assert.deepEqual(await completionInsideWord(server), { range: DOPANT_WORD, newText: 'Ag' });
  });

  test('completion documentation is plain text when the client names no format', async () => {
    const silver = (await completionItems(server)).find((item) => item.label === 'Ag');
    const documentation = silver?.documentation as MarkupContent | undefined;
    assert.equal(documentation?.kind, 'plaintext', JSON.stringify(silver));
    assert.match(documentation.value, /^Pauling electronegativity χ\s+1\.93$/m);
    assert.ok(!/[|*]/.test(documentation.value), documentation.value);
  });

  test('a pulled section overrides only the keys it has; initialisation settings stay the base', async () => {
    await server.rescoredAfter(uri, () => server.setConfiguration({ phiThreshold: -0.5 }));
    const card = (await hoverContent(server)).value;
    assert.match(card, /50 % interval/);
    assert.match(card, /φ [≥<] −0\.50\)/);
  });
});

describe('a client that allows dynamic registration and reads Markdown', () => {
  let server: TestServer;
  before(async () => {
    server = await startScored({ configuration: {} });
  });
  after(() => server?.stop());

  test('is asked to send configuration changes for the bimetal section', async () => {
    await hoverContent(server);
    assert.deepEqual(
      server.registrations().map((r) => [r.method, r.registerOptions]),
      [['workspace/didChangeConfiguration', { section: 'bimetal' }]],
    );
  });

  test('a completion inside a word is an InsertReplaceEdit, as the client announced it takes one', async () => {
    assert.deepEqual(await completionInsideWord(server), { newText: 'Ag', insert: { start: DOPANT_WORD.start, end: { line: 2, character: 12 } }, replace: DOPANT_WORD });
  });

  test('gets Markdown hovers and documentation', async () => {
    const content = await hoverContent(server);
    assert.equal(content.kind, 'markdown');
    assert.match(content.value, /E_form \*\*/);
    const silver = (await completionItems(server)).find((item) => item.label === 'Ag');
    assert.equal((silver?.documentation as MarkupContent).kind, 'markdown');
  });
});

describe('a client that pushes settings in didChangeConfiguration', () => {
  let server: TestServer;
  before(async () => {
    server = await startScored({ capabilities: PUSHING_CAPABILITIES, initializationOptions: { settings: { coverage: 0.5 } } });
  });
  after(() => server?.stop());

  test('a pushed section overrides only its keys, and a push without a section changes nothing', async () => {
    await server.rescoredAfter(uri, () =>
      server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { bimetal: { phiThreshold: -0.5 } } }),
    );
    let card = (await hoverContent(server)).value;
    assert.match(card, /50 % interval/);
    assert.match(card, /φ [≥<] −0\.50\)/);
    // Back to the initialisation settings (threshold −0.30), still at coverage 0.5.
    await server.rescoredAfter(uri, () => server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null }));
    card = (await hoverContent(server)).value;
    assert.match(card, /50 % interval/);
    assert.match(card, /φ [≥<] −0\.30\)/);
  });
});
