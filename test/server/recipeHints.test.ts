/**
 * A single recipe's inlay hint states E_form with its unit and, outside the model's applicability
 * domain, the mark the command line's table and the results panel put after it (`!`); its code lens
 * writes the site call with the site model's mark likewise. The hint read `E_form −2.18
 * (−2.26…−2.06)`, no unit and no flag, where a family's hint said "outside the domain".
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens, InlayHint } from 'vscode-languageserver-protocol';
import { scoredWithTestModels, type TestServer } from './lspHarness';

const uri = 'file:///workspace/hints.bimetal';
// The test models know Au and Ag, not Zn (modelFixture.ts): the second recipe is outside both models' domains.
const text = `recipe Inside {
  host     Au 12
  dopant   Ag 1
  topology icosahedron
}
recipe Outside {
  host     Au 12
  dopant   Zn 1
  topology icosahedron
}
`;

let server: TestServer;
before(async () => {
  server = await scoredWithTestModels(uri, text);
});
after(() => server?.stop());

test("a recipe's inlay hint gives E_form's unit, and the table's `!` outside the model's domain", async () => {
  const hints = await server.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } } });
  const [inside, outside] = hints.map((h) => String(h.label));
  assert.match(inside, /^E_form −?\d+\.\d\d(±\d+\.\d\d| \(.+….+\)) eV\/atom · φ /, inside);
  assert.match(outside, /^E_form −?\d+\.\d\d(±\d+\.\d\d| \(.+….+\)) eV\/atom ! · φ /, outside);
});

test("a recipe's code lens gives the site call with the site model's `!` outside its domain", async () => {
  const listed = await server.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  const titles = await Promise.all(listed.map(async (l) => (await server.connection.sendRequest<CodeLens>('codeLens/resolve', l)).command?.title ?? ''));
  const [inside, outside] = titles.filter((t) => t.startsWith('Show scores'));
  assert.match(inside, /· site: (core|surface|undetermined)( ·|$)/, inside);
  assert.match(outside, /· site: (core|surface|undetermined) !( ·|$)/, outside);
});
