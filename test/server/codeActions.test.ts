/**
 * Quick fixes as pure functions of an analysed document (no server process): each case marks the
 * diagnostic's text with `<|>`, asks for the code actions there, and applies the preferred fix.
 * Full responses are compared with test/fixtures/server/quickFixes.json (UPDATE_GOLDEN=1 rewrites it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { codeActions } from '../../server/src/codeActions';
import { DocumentModel } from '../../server/src/documentModel';
import { assertGolden, parseCursors } from './lspHarness';

const uri = 'file:///t/fixes.bimetal';

/** The quick fixes offered at the `<|>` marker, and the text after the preferred one is applied. */
async function fixAt(marked: string): Promise<{ actions: CodeAction[]; fixed: string; rediagnosed: string[] }> {
  const { text, cursors } = parseCursors(marked);
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  const analysed = await model.analyse(TextDocument.create(uri, 'bimetal', 1, text));
  const actions = codeActions(analysed, { textDocument: { uri }, range: { start: cursors[0], end: cursors[0] }, context: { diagnostics: [] } });
  const preferred = actions.find((a) => a.isPreferred);
  assert.ok(preferred, `no preferred fix among ${JSON.stringify(actions.map((a) => a.title))}`);
  const edits: TextEdit[] = preferred.edit?.changes?.[uri] ?? [];
  const fixed = TextDocument.applyEdits(analysed.document, edits);
  const after = await model.analyse(TextDocument.create(uri, 'bimetal', 2, fixed));
  return { actions, fixed, rediagnosed: after.diagnostics.map((d) => d.code) };
}

const golden: Record<string, CodeAction[]> = {};

test('a misspelt dopant is never "corrected" into the host: the fix is U, not Au (no BM204 after it)', async () => {
  const { actions, fixed, rediagnosed } = await fixAt('recipe R {\n  host Au 24\n  dopant <|>Ua 1\n}\n');
  golden.elementBesideHost = actions;
  assert.ok(!actions.some((a) => a.title === "Change to 'Au'"), JSON.stringify(actions.map((a) => a.title)));
  assert.match(fixed, /dopant U 1/);
  assert.deepEqual(rediagnosed, []);
});

test('"did you mean 280 pm?" is a quick fix that writes the unit', async () => {
  const { actions, fixed, rediagnosed } = await fixAt('recipe R {\n  host Au 12\n  dopant Pt 1\n  distance <|>280\n}\n');
  golden.distanceInPicometres = actions;
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Change to '280 pm'"]);
  assert.match(fixed, /distance 280 pm\n/);
  assert.deepEqual(rediagnosed, []);
});

test('`shells N` after `topology none` is removed whole, keyword included', async () => {
  const { actions, fixed, rediagnosed } = await fixAt('recipe R {\n  host Au 3\n  dopant Pt 1\n  topology none shells <|>1\n}\n');
  golden.shellsOfTopologyNone = actions;
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Remove 'shells 1'"]);
  assert.match(fixed, /topology none\n/);
  assert.deepEqual(rediagnosed, []);
});

test('a topology beside a structure file is removed with its line, CR and ending ; included (BM231)', async () => {
  const { actions, fixed, rediagnosed } = await fixAt('recipe R {\n  host Au 12\n  dopant Pt 1\n  <|>topology icosahedron\n  structure "core.xyz"\n}\n');
  golden.topologyWithStructure = actions;
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Remove 'topology icosahedron'"]);
  assert.equal(fixed, 'recipe R {\n  host Au 12\n  dopant Pt 1\n  structure "core.xyz"\n}\n');
  assert.deepEqual(rediagnosed, []);
  // Windows line ends and a property ended by `;`: the line goes whole, CR included; beside others on its line, the property alone.
  const crlf = await fixAt('recipe R {\r\n  host Au 12\r\n  dopant Pt 1\r\n  <|>topology icosahedron;\r\n  structure "core.xyz"\r\n}\r\n');
  assert.equal(crlf.fixed, 'recipe R {\r\n  host Au 12\r\n  dopant Pt 1\r\n  structure "core.xyz"\r\n}\r\n');
  const shared = await fixAt('recipe R {\n  host Au 12; dopant Pt 1; <|>topology none; structure "core.xyz"\n}\n');
  assert.equal(shared.fixed, 'recipe R {\n  host Au 12; dopant Pt 1; ; structure "core.xyz"\n}\n');
  assert.deepEqual(shared.rediagnosed, []);
});

test('quick fixes match the golden responses', () => {
  assertGolden('quickFixes', golden);
});
