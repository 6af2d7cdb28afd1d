/**
 * Editing: incremental changes, two-phase diagnostics per version, and no stale results — a newer
 * version supersedes (and cancels) the parsing and scoring of an older one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
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

  test('the first push after an edit keeps the scored findings of the recipes it left as they were, where they now are', async () => {
    const uri = 'file:///workspace/kept-findings.bimetal';
    // 40 and 41 ligands on 13 atoms are more than the surface binds (BM413, a finding of scoring).
    const crowded = (name: string, ligands: number) => `recipe ${name} {\n  host     Au 12\n  dopant   Ag 1\n  ligands  PET x ${ligands}\n}\n`;
    const pushes: PublishDiagnosticsParams[] = [];
    const listening = server.onDiagnostics((p) => p.uri === uri && pushes.push(p));
    const pushesOf = (version: number) => pushes.filter((p) => p.version === version).map((p) => p.diagnostics);
    const sorted = (list: Diagnostic[]) => list.map((d) => JSON.stringify(d)).sort();
    const crowdedLines = (list: Diagnostic[]) => list.filter((d) => d.code === 'BM413').map((d) => d.range.start.line);
    try {
      await server.open(uri, `# screening\n${crowded('A', 40)}\n${crowded('B', 41)}`);
      assert.deepEqual(crowdedLines(await server.waitFor(uri, 1, 'scored')), [4, 10]);

      // A line typed into the comment moves every recipe down a line: their findings move with them, at once.
      await server.edit(uri, 2, { start: { line: 0, character: 11 }, end: { line: 0, character: 11 } }, '\n# of crowded shells');
      const scored2 = await server.waitFor(uri, 2, 'scored');
      const [parsed2] = pushesOf(2);
      assert.deepEqual(crowdedLines(parsed2), [5, 11]);
      assert.deepEqual(sorted(parsed2), sorted(scored2), 'the first push already holds what scoring then finds, at the same ranges');

      // An edited recipe's findings wait for its scoring; the other recipe's stay.
      await server.edit(uri, 3, { start: { line: 5, character: 17 }, end: { line: 5, character: 19 } }, '42');
      const scored3 = await server.waitFor(uri, 3, 'scored');
      assert.deepEqual(crowdedLines(pushesOf(3)[0]), [11]);
      assert.deepEqual(crowdedLines(scored3), [5, 11]);
    } finally {
      listening.dispose();
    }
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
