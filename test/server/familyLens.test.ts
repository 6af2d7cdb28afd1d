/**
 * The code lens over a family names its most accessible member, and the hover on its name lists the
 * most stable and most accessible ones. The server ranks members from their descriptors and
 * predictions, without building a record per member (familyRanking.ts); they must be the members
 * whose records (what the results panel and `bimetal score` show) rank so under the registry's rule.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens } from 'vscode-languageserver-protocol';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { QUANTITIES, quantityText } from '../../report/src/quantities';
import { scoredWithTestModels, type TestServer } from './lspHarness';

const uri = 'file:///workspace/families.bimetal';
// Ligand-protected members have φ; a supported family too; a bare family has none (no lens part).
const text = `recipe Protected {
  host Au 20..40
  dopant [Pt, Pd, Ag, Cu] 1..3
  ligands PET x [6, 8, 10]
}
recipe Supported {
  host [Cu, Ag, Au, Pt] 1
  dopant [Ir, Re, Os, Fe, Co] 1
  support zeolite MFI
}
recipe Bare {
  host Au 12
  dopant [Pt, Pd] 1
  topology icosahedron
}
`;

let server: TestServer;
before(async () => {
  server = await scoredWithTestModels(uri, text);
});
after(() => server?.stop());

test("a family's lens names the member whose record has the largest φ", async () => {
  const listed = await server.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  const lenses = await Promise.all(listed.map((l) => server.connection.sendRequest<CodeLens>('codeLens/resolve', l)));
  const records = await server.connection.sendRequest<ScoreRecord[]>('bimetal/scoreDocument', { uri });
  const { phi } = QUANTITIES;
  const titles = new Map(lenses.map((l) => [l.command?.arguments?.[1] as string, l.command?.title ?? '']));
  for (const [recipe, size] of [['Protected', 756], ['Supported', 20]] as const) {
    const members = records.filter((r) => r.recipe.startsWith(`${recipe}[`));
    assert.equal(members.length, size);
    const values = members.map((r) => phi.value(r)).filter((v): v is number => v !== null);
    assert.ok(values.length > 1, `${recipe}: members with φ`);
    const best = Math.max(...values);
    const named = titles.get(recipe)?.match(/most accessible (\S+) \(φ (.+)\)$/);
    assert.ok(named, titles.get(recipe));
    const chosen = members.find((r) => r.recipe === named[1]);
    assert.equal(chosen && phi.value(chosen), best, `${recipe}: ${named[1]}`);
    assert.equal(named[2], quantityText(phi, best));
  }
  assert.equal(titles.get('Bare'), 'Show and compare all 2 members', 'no φ without an environment');
});

test("a family's hover lists the members whose records have the lowest E_form and the largest φ", async () => {
  const records = await server.connection.sendRequest<ScoreRecord[]>('bimetal/scoreDocument', { uri });
  const members = records.filter((r) => r.recipe.startsWith('Protected['));
  const hover = await server.connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 9 } });
  const listed = (heading: string) => {
    const section = hover.contents.value.split('\n\n').find((part) => part.startsWith(heading));
    assert.ok(section, `${heading} in ${hover.contents.value}`);
    // Names are Markdown-escaped: `Protected\[host=20,…\]`.
    return [...section.matchAll(/^- `[^`]+` (.+?): /gm)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  };
  // Best first; of equal values the earlier member, as in the records' (source) order.
  const best = (value: (r: ScoreRecord) => number | null) =>
    members
      .map((r) => ({ r, v: value(r) }))
      .filter((x): x is { r: ScoreRecord; v: number } => x.v !== null)
      .sort((a, b) => b.v - a.v)
      .slice(0, 3)
      .map((x) => x.r.recipe);
  const { eForm, phi } = QUANTITIES;
  assert.deepEqual(listed('Lowest E_form'), best((r) => { const v = eForm.value(r); return v === null ? null : -v; }));
  assert.deepEqual(listed('Highest φ'), best((r) => phi.value(r)));
});

test('a lens that is not one of the listed recipe lenses comes back from resolve as it was', async () => {
  const foreign = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } }, data: { anything: 1 } };
  assert.deepEqual(await server.connection.sendRequest('codeLens/resolve', foreign), foreign);
});
