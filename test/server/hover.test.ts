/**
 * The recipe card's E_form line: an unbounded interval quotes why, from the member's own BM405
 * (which group, by which rule, how many points it holds), read where the note is written
 * (engine/src/inference/diagnostics.ts unboundedCauseOf).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createScorer, type ScoredMember, type Scorer } from '../../pipeline/src/index';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentModel } from '../../server/src/documentModel';
import { hover, memberMarkdown } from '../../server/src/hover';
import { parseCursors } from './lspHarness';

let scorer: Scorer;
let members: Record<string, ScoredMember>;

before(async () => {
  scorer = createScorer({});
  const scored = await scorer.scoreText('recipe dimer { host Cr 1 dopant Mn 1 }\nrecipe smallFar { host Pt 2 dopant Zr 1 }\n', { file: 'hover.bimetal' });
  members = Object.fromEntries(scored.members.map((m) => [m.spec.recipe, m]));
});

after(() => scorer.dispose());

/** The card's first E_form line, markdown escapes removed. */
function eFormLine(member: ScoredMember): string {
  return memberMarkdown(member)
    .split('\n')
    .find((line) => line.startsWith('E_form '))!
    .replace(/\\(.)/g, '$1');
}

test("an unbounded interval quotes its BM405 cause, naming the rule that put the recipe in its group", () => {
  assert.match(eFormLine(members.dimer), /90 % interval unbounded \(BM405: calibration group "uncalibrated" \(the rule for clusters of fewer metal atoms than any calibrated cluster, size-new\) holds no calibration points/);
  assert.match(eFormLine(members.smallFar), /90 % interval unbounded \(BM405: calibration group "uncalibrated" \(the rule for clusters below their elements' fitted sizes, of a pair whose mixing input lies far outside/);
});

test("the card quotes the BM405 of the model it shows, not another model's", () => {
  const member = members.dimer;
  const note = member.diagnostics.find((d) => d.code === 'BM405')!;
  // The card quotes the note of the model it shows: a note about another model is not its cause.
  member.diagnostics = member.diagnostics.map((d) => (d === note ? { ...d, message: d.message.replace(/^[^:]+: /, 'site-v2: ') } : d));
  assert.match(eFormLine(member), /90 % interval unbounded \(too few calibration points for this coverage\)/);
  member.diagnostics = member.diagnostics.map((d) => (d.code === 'BM405' ? note : d));
  assert.match(eFormLine(member), /\(BM405: calibration group "uncalibrated"/);
});

test("the card computes an editor member's descriptors once, however many of its lines read them", () => {
  // An editor's member packs its descriptors once predicted and computes them anew on every read (MemberAnalysis.pack).
  let reads = 0;
  const member = members.dimer;
  const counted = Object.create(member, {
    descriptors: {
      get: () => {
        reads++;
        return member.descriptors;
      },
    },
  }) as ScoredMember;
  const card = memberMarkdown(counted);
  assert.match(card, /_D from /, 'the card states where D comes from, read from the descriptors');
  assert.equal(reads, 1);
});

test('a ligand declared twice: hovering each declaration shows its own SMILES, a use the first one it means', async () => {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  const { text, cursors } = parseCursors('ligand <|>L = "SCC" binds S\nligand <|>L = "SCCCC" binds S\nrecipe R {\n  host Au 12\n  dopant Ag 1\n  ligands <|>L x 2\n}\n');
  const analysed = await model.analyse(TextDocument.create('file:///t/hover.bimetal', 'bimetal', 1, text));
  const shown = await Promise.all(cursors.map(async (at) => JSON.stringify((await hover(analysed, undefined, at))?.contents)));
  assert.match(shown[0], /declared on line 1/);
  assert.match(shown[1], /declared on line 2/);
  assert.match(shown[1], /C4H10S/);
  assert.match(shown[2], /declared on line 1/);
});
