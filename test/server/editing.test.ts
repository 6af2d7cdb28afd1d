/**
 * Editing: incremental changes, two-phase diagnostics per version, and no stale results — a newer
 * version supersedes (and cancels) the parsing and scoring of an older one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver-protocol';
import { startWithTestModels, type TestServer } from './lspHarness';

const recipe = (name: string) => `recipe ${name} {\n  host     Au 12\n  dopant   Ag 1\n  ligands  PET x 18\n}\n`;

describe('editing', () => {
  let server: TestServer;
  before(async () => {
    server = await startWithTestModels();
  });
  after(() => server?.stop());

  test('a burst of edits ends with diagnostics and scores for the last version only', async () => {
    const uri = 'file:///workspace/burst.bimetal';
    await server.open(uri, Array.from({ length: 50 }, (_, i) => recipe(`R${i}`)).join('\n'));
    // Type "Cu" over "Ag" in the first recipe one character at a time, then break the element.
    const dopantLine = 2;
    await server.edit(uri, 2, { start: { line: dopantLine, character: 11 }, end: { line: dopantLine, character: 13 } }, 'C');
    await server.edit(uri, 3, { start: { line: dopantLine, character: 12 }, end: { line: dopantLine, character: 12 } }, 'u');
    await server.edit(uri, 4, { start: { line: dopantLine, character: 11 }, end: { line: dopantLine, character: 13 } }, 'CU');
    const diagnostics = await server.waitFor(uri, 4, 'scored');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['BM202', dopantLine]]);

    const forUri = server.statuses().filter((s) => s.uri === uri);
    // A version superseded while its parse still runs (the parse yields to the event loop once it
    // has taken 10 ms) is abandoned; every version parsed to the end gets its phase 1, in order.
    const parsed = forUri.filter((s) => s.state === 'parsed').map((s) => s.version);
    assert.equal(parsed[parsed.length - 1], 4, 'phase-1 diagnostics for the newest version');
    assert.deepEqual(parsed, [...new Set(parsed)].sort(), 'each version once, oldest first');
    const scored = forUri.filter((s) => s.state === 'scored');
    assert.equal(scored[scored.length - 1].version, 4);
    // Nothing about an older version may arrive after the newest version was parsed.
    const newestParsed = forUri.findIndex((s) => s.version === 4);
    assert.ok(forUri.slice(newestParsed).every((s) => s.version === 4), JSON.stringify(forUri));
  });

  test('hover reflects the edited text, not a cached older version', async () => {
    const uri = 'file:///workspace/hover-edit.bimetal';
    await server.open(uri, recipe('Alloy'));
    await server.waitFor(uri, 1, 'scored');
    const hoverText = async () =>
      ((await server.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } })).contents as { value: string }).value;
    assert.match(await hoverText(), /Au12Ag\(PET\)18/);
    await server.edit(uri, 2, { start: { line: 2, character: 11 }, end: { line: 2, character: 13 } }, 'Pd');
    // No waiting: the hover itself must wait for (or compute) version 2.
    assert.match(await hoverText(), /Au12Pd\(PET\)18/);
  });
});
