/**
 * The document model keeps one analysis per version: the scorer gets the server's own parsed,
 * validated and expanded document, so the text is parsed once and families are expanded once,
 * and hover, lenses and hints read the same member objects the scores belong to.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createScorer, type DocumentAnalysis, type Scorer } from '../../pipeline/src/index';
import { DocumentModel, DocumentState, scoredMembersOf } from '../../server/src/documentModel';
import { hover } from '../../server/src/hover';
import { isCancelled } from '../../server/src/cancellation';
import { writeLinearModels } from '../pipeline/modelFixture';

let modelDir: string;
before(() => {
  modelDir = mkdtempSync(path.join(tmpdir(), 'bimetal-document-model-'));
  writeLinearModels(modelDir);
});
after(() => rmSync(modelDir, { recursive: true, force: true }));

const TEXT = `ligand nBuS = "CCCCS" binds S

recipe Scan {
  host    Au 24
  dopant  [Pd, Pt, Cd] 1
  ligands nBuS x 18
}

recipe Bare {
  host     Au 12
  dopant   Pd 1
  topology icosahedron
}
`;

/** A real scorer that records how it was called. */
function spiedScorer(): { scorer: Scorer; analyses: DocumentAnalysis[]; textCalls: () => number } {
  const real = createScorer({ modelDir });
  const analyses: DocumentAnalysis[] = [];
  let textCalls = 0;
  const scorer: Scorer = {
    scoreText: (text, context) => {
      textCalls++;
      return real.scoreText(text, context);
    },
    scoreAnalysis: (analysis, context) => {
      analyses.push(analysis);
      return real.scoreAnalysis(analysis, context);
    },
    scoreStream: (analysis, context, options) => real.scoreStream(analysis, context, options),
    ligandLabels: (analysis) => real.ligandLabels(analysis),
    dispose: () => real.dispose(),
    forget: (file) => real.forget(file),
    keptMembers: (file) => real.keptMembers(file),
  };
  return { scorer, analyses, textCalls: () => textCalls };
}

test('scoring a version hands the scorer the model’s own analysis: no second parse, no second expansion', async () => {
  const spy = spiedScorer();
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: async () => spy.scorer });
  const document = TextDocument.create('file:///tmp/one-analysis.bimetal', 'bimetal', 1, TEXT);
  const analysed = await model.analyse(document);
  const scored = await model.score(document);

  assert.equal(spy.textCalls(), 0, 'the scorer must not parse the text again');
  assert.equal(spy.analyses.length, 1);
  assert.equal(spy.analyses[0].ast, analysed.ast, 'the scorer got the model’s AST');
  assert.equal(spy.analyses[0].members, analysed.members, 'the scorer got the model’s expansion');
  assert.equal(spy.analyses[0].lines, analysed.lines, 'the scorer got the version’s line index, which semantic tokens use too');
  assert.equal(scored.members.length, 4);
  // Hover and lenses find a recipe's members and its scores by the same span; the scores belong to those very objects.
  scored.members.forEach((m, i) => assert.equal(m.spec, analysed.members[i]));
  await spy.scorer.dispose();
});

test('a recipe’s members and scores are its span of the member list: what grouping the members by recipe block gives, with a broken recipe and a repeated name', async () => {
  const spy = spiedScorer();
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: async () => spy.scorer });
  const text = `${TEXT}
recipe Broken {
  host Au
}

recipe Bare {
  host   Cu 12
  dopant Pt [1, 2]
}

recipe Grid {
  host   Ag [12, 13]
  dopant Pd 1..2
}

recipe Last {
  host   Au 13
  dopant Pt 1
}
`;
  const document = TextDocument.create('file:///tmp/spans.bimetal', 'bimetal', 1, text);
  const analysed = await model.analyse(document);
  const scored = await model.score(document);
  assert.deepEqual([...analysed.spans.keys()], ['Scan', 'Bare', 'Grid', 'Last'], 'one span per recipe with members, in file order');
  const blocks = analysed.ast.recipes;
  assert.deepEqual(blocks.map((b) => b.name?.text), ['Scan', 'Bare', 'Broken', 'Bare', 'Grid', 'Last']);
  for (const block of blocks) {
    const grouped = analysed.members.filter((m) => m.ranges?.recipe.start === block.start);
    assert.deepEqual(analysed.membersOf(block), grouped, block.name?.text);
    assert.deepEqual(scoredMembersOf(scored, block).map((m) => m.spec), grouped, block.name?.text);
  }
  // The second Bare repeats a name (BM215): it has no members, and the first Bare's are not its, nor is their card.
  assert.deepEqual(blocks.map((b) => analysed.membersOf(b).length), [3, 1, 0, 0, 4, 1]);
  const card = async (block: (typeof blocks)[number]) => {
    const shown = await hover(analysed, scored, document.positionAt(block.name!.start));
    return (shown?.contents as { value: string }).value;
  };
  assert.match(await card(blocks[1]), /E_form/);
  assert.equal(await card(blocks[3]), '**Bare** — not scored while it has errors (see the diagnostics)');
  for (const name of ['Scan', 'Bare', 'Grid', 'Last', 'Broken', 'Nowhere']) {
    assert.deepEqual(scoredMembersOf(scored, name).map((m) => m.spec), analysed.members.filter((m) => m.recipe === name), name);
  }
  await spy.scorer.dispose();
});

test('a version moves parsed → validated → expanded → scored, and a new version starts over and aborts the stale run', async () => {
  const spy = spiedScorer();
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: async () => spy.scorer });
  const uri = 'file:///tmp/states.bimetal';
  assert.equal(model.state(uri), undefined);

  const v1 = TextDocument.create(uri, 'bimetal', 1, TEXT);
  const analysed = await model.analyse(v1);
  assert.equal(model.state(uri), DocumentState.Validated, 'phase 1 needs no expansion');
  assert.equal(analysed.members.length, 4);
  assert.equal(model.state(uri), DocumentState.Expanded);
  await model.score(v1);
  assert.equal(model.state(uri), DocumentState.Scored);

  const v2 = TextDocument.create(uri, 'bimetal', 2, TEXT.replace('Pd 1', 'Pt 1'));
  // Expected at once: the stale run may be cancelled before this test awaits anything else.
  const staleCancelled = assert.rejects(model.score(v2), (error) => isCancelled(error));
  const v3 = TextDocument.create(uri, 'bimetal', 3, TEXT.replace('Pd 1', 'Ag 1'));
  const parsing = model.analyse(v3);
  assert.equal(model.state(uri), DocumentState.Changed);
  await parsing;
  assert.equal(model.state(uri), DocumentState.Validated);
  await staleCancelled;
  await model.score(v3);
  assert.equal(model.state(uri), DocumentState.Scored);
  await spy.scorer.dispose();
});

test('a 4 KB document of 40 families of 96,000 members each keeps 96,000 members, not 3.84 million: the family limit bounds their total (BM235 on the other 39)', async () => {
  // Each family was under the limit of 100,000, and the server kept every member until it ran out of memory.
  const dopants = '[Pt, Pd, Ag, Cu, Ni, Fe, Co, Rh, Ir, Ru, Os, Zn, Cd, Hg, Ti, Cr]';
  const text = Array.from({ length: 40 }, (_, i) => `recipe F${i} {\n  host Au 1..6000\n  dopant ${dopants} 1\n}\n`).join('');
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('not scored here')) });
  const analysed = await model.analyse(TextDocument.create('file:///tmp/many-families.bimetal', 'bimetal', 1, text));
  const { members, diagnostics } = analysed.toDocumentAnalysis();
  assert.equal(members.length, 96_000);
  const crossing = diagnostics.filter((d) => d.code === 'BM235');
  assert.equal(crossing.length, 39);
  assert.match(crossing[0].message, /family 'F1' has 96,000 members, which would bring the document's families to 192,000 members together, more than the limit of 100,000/);
});
