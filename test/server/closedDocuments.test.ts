/**
 * What the server keeps for a document it scored goes when the document closes: the scorer's
 * member analyses (kept so that an edit recomputes only what changed) and the semantic tokens'
 * arrays. Kept for the scorer's life, the analyses held 225–245 MB of heap after every document of
 * a long editing session had closed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createScorer, type Scorer } from '../../pipeline/src/index';
import { DocumentModel } from '../../server/src/documentModel';
import { DocumentTokens } from '../../server/src/semanticTokens';
import { documentLocation } from '../../server/src/uris';
import { writeLinearModels } from '../pipeline/modelFixture';

let modelDir: string;
let scorer: Scorer;
before(() => {
  modelDir = mkdtempSync(path.join(tmpdir(), 'bimetal-closed-documents-'));
  writeLinearModels(modelDir);
  scorer = createScorer({ modelDir });
});
after(async () => {
  await scorer.dispose();
  rmSync(modelDir, { recursive: true, force: true });
});

// No member repeats another's content, which would share its analysis (memberCache.ts): one kept analysis per member.
const text = (i: number) => `recipe Scan${i} {\n  host    Au [${12 + i}, ${24 + i}]\n  dopant  [Pd, Pt, Cd] 1..${2 + i}\n}\nrecipe Bare${i} {\n  host Ag 12\n  dopant Pd ${1 + (i % 3)}\n}\n`;
const uri = (i: number) => `file:///tmp/closed-documents/d${i}.bimetal`;
const file = (i: number) => documentLocation(uri(i)).file;

test('closing a document drops the member analyses kept for it, and only its own; with all closed, none are kept', async () => {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: async () => scorer });
  const documents = [0, 1, 2].map((i) => TextDocument.create(uri(i), 'bimetal', 1, text(i)));
  const scores = [];
  for (const document of documents) scores.push(await model.score(document));
  for (const [i, scored] of scores.entries()) assert.equal(scorer.keptMembers(file(i)), scored.members.length, `d${i}: every member kept for the next edit`);
  // An edit recomputes only what changed: the kept analyses are used.
  const edited = TextDocument.create(uri(1), 'bimetal', 2, `# a comment\n${text(1)}`);
  const again = await model.score(edited);
  assert.equal(again.members[0].prediction, scores[1].members[0].prediction, 'the same object: reused');

  model.close(uri(1));
  assert.equal(scorer.keptMembers(file(1)), 0);
  assert.equal(scorer.keptMembers(file(0)), scores[0].members.length, 'the open documents keep theirs');
  model.close(uri(0));
  model.close(uri(2));
  assert.equal(scorer.keptMembers(), 0);
});

test('a document closed while it is scored keeps nothing of that run', async () => {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: async () => scorer });
  // Scored once, so that the model knows its scorer; then a larger version, closed while it runs.
  const before = (await model.score(TextDocument.create(uri(3), 'bimetal', 1, text(3)))).members.length;
  const large = `recipe Sweep {\n  host Au 1..400\n  dopant [Pd, Pt] 1..10\n}\n`;
  let settled = false;
  const running = model.score(TextDocument.create(uri(3), 'bimetal', 2, large)).finally(() => (settled = true));
  running.catch(() => undefined);
  // Closed once the run has kept some of its 8,000 members, before it ends.
  while (scorer.keptMembers(file(3)) <= before) await new Promise((resolve) => setTimeout(resolve, 1));
  assert.equal(settled, false, 'closed while the run was under way');
  model.close(uri(3));
  await running.catch(() => undefined);
  assert.equal(scorer.keptMembers(file(3)), 0);
});

test('a closed file scored from disk (keepMembers: false) keeps nothing', async () => {
  const scored = await scorer.scoreText(text(4), { file: file(4), keepMembers: false });
  assert.ok(scored.members.length > 0);
  assert.equal(scorer.keptMembers(file(4)), 0);
});

test('semantic tokens keep no array of a closed document: neither its result nor the spare one it replaced', async () => {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: async () => scorer });
  const tokens = new DocumentTokens();
  const empty = tokens.heldBytes();
  const big = Array.from({ length: 2_000 }, (_, i) => `# note ${i}\n${text(i % 7).replaceAll('Scan', `Scan${i}_`).replaceAll('Bare', `Bare${i}_`)}`).join('');
  const first = tokens.full(await model.analyse(TextDocument.create(uri(5), 'bimetal', 1, big)));
  tokens.delta(await model.analyse(TextDocument.create(uri(5), 'bimetal', 2, `${big}# end\n`)), first.resultId!);
  assert.ok(tokens.heldBytes() > 2 * 100_000, `${tokens.heldBytes()} bytes while open`);
  model.close(uri(5));
  tokens.forget(uri(5));
  assert.equal(tokens.heldBytes(), empty);
});
