/**
 * The recipe card's E_form line: an unbounded interval quotes why, from the member's own BM405
 * (which group, by which rule, how many points it holds), read where the note is written
 * (engine/src/inference/diagnostics.ts unboundedCauseIn).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createScorer, type ScoredMember, type Scorer } from '../../pipeline/src/index';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentModel } from '../../server/src/documentModel';
import { hover, memberMarkdown } from '../../server/src/hover';
import { parseCursors } from './lspHarness';
import { buildCalibration } from '../../pipeline/src/calibration/build';
import { collectLabels } from '../../pipeline/src/calibration/labels';
import { RecordCalibrator } from '../../pipeline/src/calibration/apply';
import { shownMember, type ActiveCalibration } from '../../server/src/calibration/shown';
import { num, spanText } from '../../report/src/numbers';

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
  assert.match(eFormLine(member), /90 % interval unbounded \(no calibrated interval at this coverage\)/);
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

test("the card's formula takes one molecule written two ways for one term, as the record does", async () => {
  const [member] = (await scorer.scoreText('recipe R { host Au 24 dopant Pt 1 ligands "CCS" x 9, "SCC" x 9 }\n', { file: 'hover.bimetal' })).members;
  assert.equal(member.record.formula, 'Au24Pt(CCS)18');
  assert.match(memberMarkdown(member).split('\n')[0], /Au24Pt\(CCS\)18/);
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

/** The card of each of `text`'s recipes under the calibration fitted on its own labels (the editor's, at 90 %). */
async function calibratedCards(text: string): Promise<{ cards: Record<string, string>; members: Record<string, ScoredMember>; active: ActiveCalibration }> {
  const scored = await scorer.scoreText(text, { file: 'labels.bimetal' });
  const active = { calibrator: new RecordCalibrator(buildCalibration(collectLabels([{ file: 'labels.bimetal', document: scored }]).labels, 'sha256:test', 0.9)!), coverage: 0.9 };
  const byName = Object.fromEntries(scored.members.map((m) => [m.spec.recipe, m]));
  const cards = Object.fromEntries(scored.members.map((m) => [m.spec.recipe, memberMarkdown(m, active).replace(/\\(.)/g, '$1')]));
  return { cards, members: byName, active };
}

const icosahedron55 = (name: string, host: string, dopant: string, label: string) => `recipe ${name} {\n  host ${host} 54\n  dopant ${dopant} 1\n  topology icosahedron\n  ${label}\n}\n`;

test('under a ΔE calibration the site part says what the E_form part says: the calibrated model, held out, the labels and CV MAE against the shipped model, and the shipped ΔE alone', async () => {
  const { cards, members, active } = await calibratedCards(
    icosahedron55('AuPt', 'Au', 'Pt', 'siteEnergy -0.30 eV') + icosahedron55('AuPd', 'Au', 'Pd', 'siteEnergy 0.20 eV') + icosahedron55('AgPt', 'Ag', 'Pt', 'siteEnergy -0.50 eV') + icosahedron55('CuPt', 'Cu', 'Pt', 'siteEnergy -0.10 eV'),
  );
  const { id, targets } = active.calibrator.file;
  const quality = targets.siteEnergy!.quality;
  assert.equal(quality.labels, 4);
  const shipped = members.AuPt.site!;
  const card = cards.AuPt;
  assert.match(card, new RegExp(`^Site: .*, model \`site-v2\\+cal:${id}\`, `, 'm'), card);
  assert.ok(
    card.includes(
      `ΔE_site above calibrated on 4 of your results (CV MAE ${num(quality.cvMae)} against the shipped model's ${num(quality.maeBefore)} eV), held out: fitted without this label. ` +
        `The shipped model alone: ΔE_site ${num(shipped.point)} eV, 90 % interval ${spanText(shipped)}`,
    ),
    card,
  );
  // The calibrated ΔE is the one the site line states, not the shipped one.
  assert.ok(card.includes(`E(core) − E(surface) = ${num(shownMember(members.AuPt, active).record.site!.deltaE)} eV`), card);
  assert.notEqual(num(shownMember(members.AuPt, active).record.site!.deltaE), num(shipped.point), 'the calibration moves ΔE, or the test proves nothing');
  // Without E_form labels, E_form is the shipped model's, and no line says it is calibrated.
  assert.match(card, /^E_form .*\(model `eform-v2`, CV\+\)$/m);
  assert.doesNotMatch(card, /E_form above calibrated/);
});

test("the card names the method each interval comes from: the shipped model's CV+, a calibration's jackknife+, or the hull where its residuals are too few", async () => {
  const HOSTS = ['Au', 'Ag', 'Cu', 'Pd'];
  const DOPANTS = ['Pt', 'Ni', 'Co'];
  // Twelve E_form labels (jackknife+, 11 residuals for a held-out label: enough at 90 %) and four ΔE labels (3: too few).
  const energies = HOSTS.flatMap((h, i) => DOPANTS.map((d, j) => `recipe ${h}${d} {\n  host ${h} 12\n  dopant ${d} 1\n  energy ${(-2.3 - 0.1 * i - 0.04 * j).toFixed(3)} eV\n}\n`)).join('');
  const sites = icosahedron55('AuPt55', 'Au', 'Pt', 'siteEnergy -0.30 eV') + icosahedron55('AuPd55', 'Au', 'Pd', 'siteEnergy 0.20 eV') + icosahedron55('AgPt55', 'Ag', 'Pt', 'siteEnergy -0.50 eV') + icosahedron55('CuPt55', 'Cu', 'Pt', 'siteEnergy -0.10 eV');
  const { cards, active } = await calibratedCards(energies + sites);
  assert.equal(active.calibrator.file.targets.eForm!.method, 'jackknife+');
  assert.match(cards.AuPt, /^E_form .*\(model `eform-v2\+cal:[0-9a-f]{6}`, jackknife\+\)$/m, cards.AuPt);
  assert.match(
    cards.AuPt55,
    /^Site: .*, model `site-v2\+cal:[0-9a-f]{6}`, not a calibrated 90 % interval: the calibration has the other folds' 3 residuals for it, and 90 % needs at least 9; so this spans the shipped interval and the same moved with the calibrated point, and the widest interval those residuals bound\)$/m,
    cards.AuPt55,
  );
  // Outside a calibration, both are the shipped models' CV+.
  const shipped = memberMarkdown(members.dimer);
  assert.match(shipped, /^E_form .*\(model `eform-v2`, CV\+\)$/m);
});

test("under a calibration, an interval the shipped model leaves unbounded at every coverage quotes the shipped model's BM405 and names its method, not the calibration's", async () => {
  const hosts = ['Au', 'Ag', 'Cu', 'Pd'];
  const dopants = ['Pt', 'Ni', 'Co'];
  // Twelve labels: jackknife+ would bound an interval of its own, so the method named is the test of whose interval it is.
  const labels = hosts.flatMap((h, i) => dopants.map((d, j) => `recipe ${h}${d} {\n  host ${h} 12\n  dopant ${d} 1\n  energy ${(-2.3 - 0.1 * i - 0.04 * j).toFixed(3)} eV\n}\n`)).join('');
  const { cards } = await calibratedCards(labels + 'recipe Over {\n  host Au 12\n  dopant Pt 1\n  ligands PET x 10000\n}\n');
  const line = cards.Over.split('\n').find((l) => l.startsWith('E_form '))!;
  assert.match(line, /90 % interval unbounded \(BM405: 10,000 ligands on 13 metal atoms are more than the surface can bind/);
  assert.match(line, /\(model `eform-v2\+cal:[0-9a-f]{6}`, CV\+\)$/);
});

// Au22Pt22 `site surface` (no ΔE prices the stated site, so only the upper end is open) read "90 % interval
// unbounded (BM405: …)", hiding the finite lower end the table shows ([-3.42, +∞]).
test('an interval open at one end only shows its finite end before the BM405 cause', async () => {
  const [member] = (await scorer.scoreText('recipe R { host Au 22 dopant Pt 22 site surface }\n', { file: 'hover.bimetal' })).members;
  assert.ok(Number.isFinite(member.prediction!.lower) && member.prediction!.upper === Infinity);
  assert.match(eFormLine(member), /, 90 % interval −3\.\d\d … \+∞ \(BM405: the ordering term ΔE_order of the stated site, never negative, has no ΔE to price it/);
});
