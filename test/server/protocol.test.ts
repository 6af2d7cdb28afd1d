/**
 * Protocol tests: the built server (`dist/server.js --stdio`) answers real LSP requests for a
 * representative document. Full responses are compared with golden files in
 * test/fixtures/server (UPDATE_GOLDEN=1 rewrites them; review the diff by eye). The server runs on
 * small linear test models (test/pipeline/modelFixture.ts) so the goldens do not change when the
 * shipped models are retrained.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, DocumentSymbol, Hover, InlayHint, Position, SelectionRange, SemanticTokens, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { assertGolden, parseCursors, repoRoot, startWithTestModels, textInRange, type TestServer } from './lspHarness';
import { isPackedRecords, unpackRecords } from '../../report/src/packedRecords';

const fixture = parseCursors(readFileSync(path.join(repoRoot, 'test/fixtures/server/representative.bimetal'), 'utf8'));
const { text, cursors } = fixture;
const [AU12AG_NAME, HOST_KEYWORD, AU_ELEMENT, TOPOLOGY_KEYWORD, ICOSAHEDRON, PET_USE, FAMILY_NAME, LATE_USE, LATE_DECL] = cursors;
const uri = 'file:///workspace/representative.bimetal';

/** Replaces machine-specific paths (the docs link) so goldens are the same everywhere. */
function portable<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).split(`file://${repoRoot}`).join('file://<repo>')) as T;
}

describe('language server over stdio', () => {
  let server: TestServer;
  let diagnostics: Diagnostic[];

  before(async () => {
    server = await startWithTestModels();
    await server.open(uri, text);
    diagnostics = await server.waitFor(uri, 1, 'scored');
  });
  after(() => server?.stop());

  const request = <R>(method: string, params: object) => server.connection.sendRequest<R>(method, { textDocument: { uri }, ...params });
  const at = (position: Position) => ({ position });

  test('diagnostics: syntax, semantic and chemistry, with codes, doc links and fix data', () => {
    assertGolden('diagnostics', portable(diagnostics));
    const codes = diagnostics.map((d) => d.code);
    for (const code of ['BM202', 'BM206', 'BM212', 'BM213']) assert.ok(codes.includes(code), `expected ${code} in ${codes.join(', ')}`);
    for (const d of diagnostics.filter((d) => d.code)) assert.match(d.codeDescription?.href ?? '', /docs\/diagnostics\.md#bm\d{3}$/);
  });

  test('hover: recipe card, family, element, ligands, keywords', async () => {
    const hovers: Record<string, Hover | null> = {};
    const points: Record<string, Position> = {
      recipe: AU12AG_NAME,
      family: FAMILY_NAME,
      element: AU_ELEMENT,
      builtinLigand: PET_USE,
      declaredLigand: LATE_DECL,
      propertyKeyword: HOST_KEYWORD,
      topologyKeyword: TOPOLOGY_KEYWORD,
      topologyName: ICOSAHEDRON,
    };
    for (const [name, position] of Object.entries(points)) hovers[name] = await request<Hover | null>('textDocument/hover', at(position));
    assertGolden('hover', hovers);
    const card = (hovers.recipe?.contents as { value: string }).value;
    for (const part of ['E_form', '90 % interval', 'eform-v2', 'H_mix', 'kJ/mol', 'χ_env', 'D̃', 'ΔR', 'Δχ', 'ΔM', 'ratio', 'logP(PET)', 'φ', 'Site']) {
      assert.ok(card.includes(part), `recipe card lacks ${part}:\n${card}`);
    }
    // The prediction first, then the terms it is the sum of, each with its value and source, then what the model does not know.
    const order = [
      'E_form **', '- E_size ', '- ΔE_mix ', '- ΔE_env ', '- ΔE_order ', 'trained on: eform-v2 test knowledge', 'not trained on: eform-v2 test ignorance',
      'Site: ', 'trained on: site-v2 test knowledge', 'not trained on: site-v2 test ignorance',
    ];
    const positions = order.map((part) => card.indexOf(part));
    assert.ok(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])), `hover order ${positions.join(', ')}:\n${card}`);
    // Each term with the inputs it was computed from, so it can be checked by hand (SCIENCE.md).
    assert.match(card, /- E_size −\d+\.\d\d eV\/atom from `N = 13, n_Au = 12, E_Au\(N\) = -[\d.]+, n_Ag = 1, E_Ag\(N\) = -[\d.]+` · .*fixture Au13–Au55/);
    assert.match(card, /- ΔE_mix −\d+\.\d\d eV\/atom from `H_mix \(kJ\/mol\) = -6, x = 0\.0769231, 4x\(1−x\)·H_mix \(eV\/atom\) = -[\d.]+/);
    assert.match(card, /- ΔE_env −\d+\.\d\d eV\/atom from `ligands_per_metal = 1\.53846, ligand_frac_thiolate = 1` · .*Au23Pd\\\(S-c-hex\\\)17/);
    assert.match((hovers.family?.contents as { value: string }).value, /family of 4 members/);
    assert.match((hovers.element?.contents as { value: string }).value, /Pauling electronegativity χ \| 2\.54/);
    assert.match((hovers.builtinLigand?.contents as { value: string }).value, /logP \| .*Crippen/);
  });

  test('completion: properties not yet used, topologies with sizes, ligands, metals', async () => {
    const lines = text.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));
    const complete = (line: number, character: number) => request<CompletionItem[]>('textDocument/completion', { position: { line, character } });
    const withEdit = async (edited: string, line: number, character: number, version: number) => {
      await server.change(uri, edited, version);
      return complete(line, character);
    };
    // Each context is produced by editing the document the way a user types.
    const newPropertyLine = lineOf('  site     core');
    const propertyText = lines.map((l, i) => (i === newPropertyLine ? '  ' : l)).join('\n');
    const properties = await withEdit(propertyText, newPropertyLine, 2, 2);
    const topologyLine = lineOf('topology <|>icosahedron'.replace('<|>', ''));
    const topologyText = lines.map((l, i) => (i === topologyLine ? '  topology ' : l)).join('\n');
    const topologies = await withEdit(topologyText, topologyLine, 11, 3);
    const ligandsText = lines.map((l, i) => (i === lineOf('ligands  PET x 18') ? '  ligands  PET x 18, ' : l)).join('\n');
    const ligands = await withEdit(ligandsText, lineOf('ligands  PET x 18'), 21, 4);
    const hostText = lines.map((l, i) => (i === lineOf('host     Au 12') ? '  host     A' : l)).join('\n');
    const metals = await withEdit(hostText, lineOf('host     Au 12'), 12, 5);
    const topLevel = await withEdit(`${text}\n`, lines.length, 0, 6);
    await server.change(uri, text, 7);
    await server.waitFor(uri, 7, 'scored');

    assertGolden('completion', { properties, topologies, ligands, topLevel });
    assert.deepEqual(properties.map((i) => i.label), ['site', 'support', 'distance', 'charge', 'energy', 'siteEnergy', 'structure']);
    assert.ok(topologies.find((i) => i.label === 'icosahedron')?.detail?.includes('13, 55, 147'));
    assert.ok(ligands.some((i) => i.label === 'PET2') && ligands.some((i) => i.label === 'PPh3'));
    const gold = metals.find((i) => i.label === 'Au');
    assert.match(gold?.detail ?? '', /χ 2\.54 · r 1\.44 Å/);
    assert.ok(!metals.some((i) => i.label === 'S' || i.label === 'Si'), 'only metals are offered for host');
  });

  test('code actions: did-you-mean, nearest size, declaration order, declare built-in, expand family', async () => {
    const actionsAt = (range: Diagnostic['range'], context: Diagnostic[]) =>
      request<CodeAction[]>('textDocument/codeAction', { range, context: { diagnostics: context } });
    const fixes: Record<string, CodeAction[]> = {};
    for (const code of ['BM202', 'BM206', 'BM212', 'BM213']) {
      const d = diagnostics.find((x) => x.code === code)!;
      fixes[code] = (await actionsAt(d.range, [d])).filter((a) => a.kind === 'quickfix');
    }
    fixes.declareBuiltin = await actionsAt({ start: PET_USE, end: PET_USE }, []);
    fixes.expandFamily = await actionsAt({ start: FAMILY_NAME, end: FAMILY_NAME }, []);
    assertGolden('codeActions', fixes);
    assert.deepEqual(fixes.BM202.map((a) => a.title), ["Change to 'Au'"]);
    assert.ok(fixes.BM212.some((a) => a.title === "Change to 'PET'"));
    assert.ok(fixes.BM206.some((a) => a.title.startsWith('Change the host count to 11 (N_metal 13')));
    assert.ok(fixes.expandFamily.some((a) => a.title === "Expand family 'AuM_scan' into 4 recipes"));
  });

  test('document symbols, folding and document links', async () => {
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', {});
    const folding = await request<unknown[]>('textDocument/foldingRange', {});
    assertGolden('symbols', { symbols, folding });
    assert.deepEqual(symbols.map((s) => s.name), ['PET2', 'Thiol', 'Au12Ag', 'AuM_scan', 'Broken', 'UsesLate', 'Late']);
    assert.equal(symbols.find((s) => s.name === 'AuM_scan')?.detail, 'family of 4');
  });

  test('semantic tokens classify elements, ligands, recipe names and values', async () => {
    const tokens = await request<SemanticTokens>('textDocument/semanticTokens/full', {});
    const legend = server.initializeResult.capabilities.semanticTokensProvider!.legend;
    const decoded = decodeTokens(tokens.data, legend.tokenTypes, legend.tokenModifiers, text);
    assertGolden('semanticTokens', decoded);
    assert.ok(decoded.some((t) => t.text === 'Au' && t.type === 'type'));
    assert.ok(decoded.some((t) => t.text === 'PET' && t.type === 'variable' && t.modifiers.includes('defaultLibrary')));
    assert.ok(decoded.some((t) => t.text === 'Au12Ag' && t.type === 'struct' && t.modifiers.includes('declaration')));
  });

  test('formatting produces the canonical layout', async () => {
    const edits = await request<TextEdit[]>('textDocument/formatting', { options: { tabSize: 2, insertSpaces: true } });
    assert.equal(edits.length, 1);
    assertGolden('formatting', edits[0].newText.split('\n'));
    assert.ok(edits[0].newText.includes('  host     Cu 12\n  dopant   Ir 1\n'), 'one property per line, `;` dropped');
  });

  test('range formatting lays out the recipe the selection touches and leaves the others as written', async () => {
    assert.equal(server.initializeResult.capabilities.documentRangeFormattingProvider, true);
    const [full] = await request<TextEdit[]>('textDocument/formatting', { options: { tabSize: 2, insertSpaces: true } });
    const edits = await request<TextEdit[]>('textDocument/rangeFormatting', { range: { start: LATE_USE, end: LATE_USE }, options: { tabSize: 2, insertSpaces: true } });
    assert.equal(edits.length, 1);
    const document = TextDocument.create(uri, 'bimetal', 1, text);
    const start = text.indexOf('recipe UsesLate');
    assert.deepEqual([document.offsetAt(edits[0].range.start), document.offsetAt(edits[0].range.end)], [start, text.indexOf('}', start) + 1]);
    const recipe = full.newText.slice(full.newText.indexOf('recipe UsesLate'));
    assert.equal(edits[0].newText, recipe.slice(0, recipe.indexOf('}') + 1), 'as the whole document\'s formatting lays it out');
  });

  test('formatting a document with a syntax error answers no edits and says why on screen (window/showMessage, a warning), once until the reason changes: format on save asks at every save', async () => {
    const broken = 'file:///workspace/broken%20one.bimetal';
    const shown: Array<{ type: number; message: string }> = [];
    server.connection.onNotification('window/showMessage', (m: { type: number; message: string }) => void shown.push(m));
    const missingDopant = 'recipe A {\n  host Au 12\n  dopant\n}\n';
    await server.open(broken, missingDopant);
    const options = { tabSize: 2, insertSpaces: true };
    const format = () => server.connection.sendRequest('textDocument/formatting', { textDocument: { uri: broken }, options });
    assert.deepEqual(await format(), []);
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } };
    assert.deepEqual(await server.connection.sendRequest('textDocument/rangeFormatting', { textDocument: { uri: broken }, range, options }), []);
    // A second save with editor.formatOnSave: the same reason again put a second warning on screen.
    assert.deepEqual(await format(), []);
    const message = "Bimetal did not format broken one.bimetal: it has a syntax error, and formatting around one could move text; correct it, then format again. Line 3: BM109 'dopant' needs an element symbol, e.g. dopant Pt 1";
    assert.deepEqual(shown, [{ type: 2, message }]);
    // Another reason is said; so is the first again once the document has formatted in between.
    await server.change(broken, 'recipe A {\n  host\n  dopant Pt 1\n}\n', 2);
    assert.deepEqual(await format(), []);
    assert.equal(shown.length, 2);
    assert.match(shown[1].message, /^Bimetal did not format broken one\.bimetal: it has a syntax error, .* Line 2: BM1\d\d /);
    await server.change(broken, 'recipe A {\n  host Au 12\n  dopant Pt 1\n}\n', 3);
    await format();
    await server.change(broken, missingDopant, 4);
    assert.deepEqual(await format(), []);
    assert.deepEqual(shown.slice(2), [{ type: 2, message }]);
  });

  test('definition, references and rename of a declared ligand', async () => {
    const definition = await request<{ range: Diagnostic['range'] }[]>('textDocument/definition', at(LATE_USE));
    assert.deepEqual(definition.map((l) => l.range.start), [LATE_DECL]);
    const references = await request<unknown[]>('textDocument/references', { ...at(LATE_DECL), context: { includeDeclaration: true } });
    assert.equal(references.length, 2);
    const edit = await request<{ changes: Record<string, TextEdit[]> }>('textDocument/rename', { ...at(LATE_USE), newName: 'PPh3b' });
    assert.equal(edit.changes[uri].length, 2);
    assert.ok(edit.changes[uri].every((e) => e.newText === 'PPh3b'));
    await assert.rejects(request('textDocument/rename', { ...at(PET_USE), newName: 'X' }), /built-in ligand/);
  });

  test('occurrence highlights of a declared ligand and Expand Selection from a value', async () => {
    const capabilities = server.initializeResult.capabilities;
    assert.equal(capabilities.documentHighlightProvider, true);
    assert.equal(capabilities.selectionRangeProvider, true);
    const highlights = await request<{ range: Diagnostic['range']; kind: number }[]>('textDocument/documentHighlight', at(LATE_USE));
    assert.deepEqual(highlights.map((h) => [h.range.start, h.kind]), [[LATE_DECL, 3], [LATE_USE, 2]], 'the declaration written to, the use read');
    const document = TextDocument.create(uri, 'bimetal', 1, text);
    const [selection] = await request<SelectionRange[]>('textDocument/selectionRange', { positions: [AU_ELEMENT] });
    const texts: string[] = [];
    for (let s: SelectionRange | undefined = selection; s; s = s.parent) texts.push(document.getText(s.range));
    assert.equal(texts[0], 'Au');
    assert.match(texts[1], /^host\s+Au\b/);
    assert.equal(texts.at(-1), text);
  });

  test('inlay hints show E_form ± interval and φ; code lenses add what the hints do not', async () => {
    const hints = await request<InlayHint[]>('textDocument/inlayHint', { range: { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } } });
    const listed = await request<CodeLens[]>('textDocument/codeLens', {});
    // Titles are made when the editor asks for them, for the lenses it shows.
    assert.ok(listed.every((l) => l.command === undefined));
    const lenses = await Promise.all(listed.map((l) => server.connection.sendRequest<CodeLens>('codeLens/resolve', l)));
    assertGolden('inlayHints', { hints, lenses });
    assert.ok(hints.some((h) => /^E_form −?\d+\.\d\d(±\d+\.\d\d| \(.+….+\)) eV\/atom · φ −?\d+\.\d\d$/.test(String(h.label))), JSON.stringify(hints));
    assert.ok(hints.some((h) => /^4 members · best E_form/.test(String(h.label))), JSON.stringify(hints));
    // The lens offers the click and the site call; it never repeats the hint's words.
    assert.ok(lenses.some((l) => /^Show scores · site: (core|surface|undetermined)/.test(l.command?.title ?? '')), JSON.stringify(lenses));
    assert.ok(lenses.some((l) => /^Show and compare all 4 members/.test(l.command?.title ?? '')), JSON.stringify(lenses));
    for (const lens of lenses) assert.ok(!hints.some((h) => String(h.label) === lens.command?.title), lens.command?.title);
    // Clicking a lens runs the client's bimetal.showRecipe with the document and the recipe it sits on.
    for (const lens of lenses) {
      assert.deepEqual(lens.command?.command, 'bimetal.showRecipe');
      assert.deepEqual(lens.command?.arguments, [uri, textInRange(text, lens.range)]);
    }
    assert.deepEqual(lenses.map((l) => l.command?.arguments?.[1]), ['Au12Ag', 'AuM_scan']);
  });

  test('bimetal/scoreDocument returns the CLI records of every member', async () => {
    const records = await server.connection.sendRequest<{ recipe: string; prediction: unknown }[]>('bimetal/scoreDocument', { uri });
    assert.deepEqual(
      records.map((r) => r.recipe),
      ['Au12Ag', 'AuM_scan[dopant=Ru,dopantCount=1]', 'AuM_scan[dopant=Ru,dopantCount=2]', 'AuM_scan[dopant=Pd,dopantCount=1]', 'AuM_scan[dopant=Pd,dopantCount=2]', 'UsesLate'].filter((n) => records.some((r) => r.recipe === n)),
    );
    assert.ok(records.length >= 5);
  });

  test("bimetal/scoreDocument with a recipe returns that block's records only: the recipe, or every member of its family", async () => {
    const ofRecipe = (recipe: string) => server.connection.sendRequest<{ recipe: string }[]>('bimetal/scoreDocument', { uri, recipe });
    assert.deepEqual((await ofRecipe('AuM_scan')).map((r) => r.recipe), ['AuM_scan[dopant=Ru,dopantCount=1]', 'AuM_scan[dopant=Ru,dopantCount=2]', 'AuM_scan[dopant=Pd,dopantCount=1]', 'AuM_scan[dopant=Pd,dopantCount=2]']);
    assert.deepEqual((await ofRecipe('Au12Ag')).map((r) => r.recipe), ['Au12Ag']);
    assert.deepEqual(await ofRecipe('Au12'), []);
  });

  test('asked packed, as the VS Code client asks, bimetal/scoreDocument answers packed records that read back as its plain answer', async () => {
    for (const params of [{ uri }, { uri, recipe: 'AuM_scan' }]) {
      const plain = await server.connection.sendRequest<unknown[]>('bimetal/scoreDocument', params);
      const packed = await server.connection.sendRequest<unknown>('bimetal/scoreDocument', { ...params, packed: true });
      assert.ok(isPackedRecords(packed), JSON.stringify(packed).slice(0, 80));
      assert.ok(plain.length > 0);
      assert.deepStrictEqual(unpackRecords(packed), plain);
    }
  });

  test("Bimetal's own requests without params, or without a field they need, answer InvalidParams naming it", async () => {
    const refusal = async (method: string, params: unknown) => {
      const error = await server.connection.sendRequest(method, params).then(
        () => assert.fail(`${method} answered ${JSON.stringify(params)}`),
        (e: { code: number; message: string }) => e,
      );
      assert.equal(error.code, -32602, `${method}: ${error.message}`);
      return error.message;
    };
    assert.equal(await refusal('bimetal/scoreDocument', null), 'bimetal/scoreDocument needs params: an object with uri (a string); got null');
    assert.equal(await refusal('bimetal/suggest', null), 'bimetal/suggest needs params: an object with objective (a string) and n (a number); got null');
    // As `bimetal suggest --n` refuses them: none was answered with 10 (0, -1) or 2 (2.5) suggestions.
    for (const n of [0, -1, 2.5]) assert.equal(await refusal('bimetal/suggest', { objective: 'stable', n }), `bimetal/suggest needs n (a positive integer) in its params; got ${n}`);
    for (const method of ['bimetal/memberLocation', 'bimetal/recipeDetail']) {
      assert.equal(await refusal(method, null), `${method} needs params: an object with uri (a string) and recipe (a string); got null`);
      assert.equal(await refusal(method, { uri }), `${method} needs recipe (a string) in its params`);
    }
    assert.equal(await refusal('bimetal/scoreDocument', { recipe: 'AuM_scan' }), 'bimetal/scoreDocument needs uri (a string) in its params');
    // The server still answers well-formed requests.
    assert.ok((await server.connection.sendRequest<unknown[]>('bimetal/scoreDocument', { uri })).length > 0);
  });

  test('stdout carried only LSP: the server logged nothing unexpected to it', () => {
    // A stray write to stdout would have broken the JSON-RPC framing and every test above.
    assert.doesNotMatch(server.stderr(), /Header must provide a Content-Length/);
  });
});

interface DecodedToken {
  line: number;
  character: number;
  text: string;
  type: string;
  modifiers: string[];
}

function decodeTokens(data: number[], types: string[], modifiers: string[], source: string): DecodedToken[] {
  const lines = source.split('\n');
  const out: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    out.push({
      line,
      character,
      text: lines[line].slice(character, character + data[i + 2]),
      type: types[data[i + 3]],
      modifiers: modifiers.filter((_, bit) => data[i + 4] & (1 << bit)),
    });
  }
  return out;
}
