/**
 * The editor's calibration over LSP: the server fits on the workspace's labelled recipes (open and
 * on disk), says so in the hover, shows residuals in code lenses, reports conflicting labels,
 * serves the parity report and suggestions, refits when a label changes, and stays off in an
 * untrusted workspace.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiagnosticSeverity, DidCloseTextDocumentNotification, type CodeLens, type Diagnostic, type Hover, type InlayHint, type MarkupContent } from 'vscode-languageserver-protocol';
import { CALIBRATION_CHANGED, CALIBRATION_REPORT, SUGGEST, type CalibrationReport, type CalibrationStatus, type SuggestAnswer } from '../../report/src/protocol';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { isPackedRecords, unpackRecords } from '../../report/src/packedRecords';
import { num, signedNum } from '../../report/src/numbers';
import { QUANTITIES, quantityText } from '../../report/src/quantities';
import type { RecipeDetail } from '../../report/src/recipeDetailProtocol';
import { pathToUri } from '../../server/src/uris';
import { calibrationLabelRecords } from '../../client/src/results/calibrationView';
import { startTestServer, type TestServer } from './lspHarness';

const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-live-cal-'));
const HOSTS = ['Au', 'Ag', 'Cu'];
const DOPANTS = ['Pt', 'Pd', 'Ni'];

function labelled(shift: number): string {
  const blocks: string[] = [];
  HOSTS.forEach((h, i) =>
    DOPANTS.forEach((d, j) => blocks.push(`recipe ${h}${d} {\n  host ${h} 12\n  dopant ${d} 1\n  energy ${(-2.3 - 0.1 * i - 0.04 * j + shift).toFixed(3)} eV\n}`)),
  );
  return blocks.join('\n') + '\n';
}

const openUri = pathToUri(path.join(dir, 'open.bimetal'));
const familyUri = pathToUri(path.join(dir, 'family.bimetal'));
let server: TestServer;
const changes: Array<CalibrationStatus | null> = [];

function nextChange(count: number, timeoutMs = 60_000): Promise<CalibrationStatus | null> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (changes.length >= count) resolve(changes[count - 1]);
      else if (Date.now() - start > timeoutMs) reject(new Error('no calibrationChanged'));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

before(async () => {
  // A closed labelled file on disk also counts.
  writeFileSync(path.join(dir, 'closed.bimetal'), 'recipe ClosedOne {\n  host Au 12\n  dopant Co 1\n  energy -2.5 eV\n}\n');
  server = await startTestServer({ workspaceFolders: [{ uri: pathToUri(dir), name: 'w' }], initializationOptions: { workspaceTrusted: true } });
  server.connection.onNotification(CALIBRATION_CHANGED, (status: CalibrationStatus | null) => changes.push(status));
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('opening labelled recipes calibrates, and the hover and lenses say so', async () => {
  await server.open(openUri, labelled(0));
  await server.waitFor(openUri, 1, 'scored');
  const status = await nextChange(1);
  assert.ok(status, 'a calibration');
  assert.equal(status.labels, 10, 'nine open labels and one on disk');
  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: openUri }, position: { line: 0, character: 9 } })) as Hover;
  assert.match((hover.contents as MarkupContent).value, /calibrated on 10 of your results \(CV MAE \d\.\d\d against the shipped model's \d\.\d\d eV\/atom\)/);
  const keyword = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: openUri }, position: { line: 3, character: 3 } })) as Hover;
  assert.match((keyword.contents as MarkupContent).value, /energy NUMBER eV .*calibration label/);
  const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: openUri } })) as CodeLens[];
  // Ten labels: jackknife+, so each label's residual is against the calibration fitted without it.
  const residuals = lenses.filter((l) => /E_form residual [+−]?\d\.\d{2} eV\/atom, held out: fitted without this label \(calibration [0-9a-f]{6}\)/.test(l.command?.title ?? ''));
  assert.equal(residuals.length, 9, lenses.map((l) => l.command?.title).join('\n'));
  assert.equal(residuals[0].command?.command, 'bimetal.showCalibration');
  const report = (await server.connection.sendRequest(CALIBRATION_REPORT)) as CalibrationReport;
  // A point per label of the fit, the closed file's included.
  assert.equal(report.points.filter((p) => p.target === 'eForm').length, 10);
  assert.ok(report.lines.some((l) => /CV MAE \d\.\d{3} against the shipped model's \d\.\d{3} eV\/atom/.test(l)));
  const records = (await server.connection.sendRequest('bimetal/scoreDocument', { uri: openUri })) as ScoreRecord[];
  assert.match(records[0].prediction!.model, /^eform-v2\+cal:[0-9a-f]{6}$/);
  assert.equal(typeof records[0].residual, 'number');
  assert.match((hover.contents as MarkupContent).value, /CV MAE \d\.\d\d against the shipped model's \d\.\d\d eV\/atom\), held out: fitted without this label\. The shipped model alone/);
  // The residuals shown are the held-out ones the CV MAE averages, not residuals against a fit to the labels themselves.
  const workspace = (await server.connection.sendRequest('bimetal/scoreWorkspace', {})) as ScoreRecord[];
  const shown = workspace.filter((r) => r.reference !== undefined);
  assert.equal(shown.length, 10);
  assert.ok(shown.every((r) => r.prediction?.calibration?.heldOut === true));
  const shownMae = shown.reduce((sum, r) => sum + Math.abs(r.residual!), 0) / shown.length;
  assert.ok(Math.abs(shownMae - status.cvMae!) < 1e-4, `mean |residual| shown ${shownMae}, CV MAE ${status.cvMae}`);
  assert.deepEqual(
    Object.fromEntries(report.points.map((p) => [p.recipe, p.predicted])),
    Object.fromEntries(shown.map((r) => [r.recipe, r.prediction!.eForm])),
    'the parity report shows the same held-out predictions',
  );
});

test('under a calibration, hover, inlay hint, lens, recipe detail, BM412 and the family ranking state the calibrated E_form and residual the score requests give', async () => {
  assert.ok(changes[0], 'the calibration of the first test is in force');
  const records = (await server.connection.sendRequest('bimetal/scoreDocument', { uri: openUri })) as ScoreRecord[];
  const { eForm, residual } = QUANTITIES;
  const hints = (await server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri: openUri }, range: { start: { line: 0, character: 0 }, end: { line: 45, character: 0 } } })) as InlayHint[];
  const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: openUri } })) as CodeLens[];
  for (const [i, record] of records.entries()) {
    const p = record.prediction!;
    assert.match(p.model, /\+cal:/);
    const line = 5 * i; // each recipe block is five lines, its label on the fourth
    const hover = ((await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: openUri }, position: { line, character: 9 } })) as Hover).contents as MarkupContent;
    assert.ok(hover.value.includes(`E_form **${quantityText(eForm, p.eForm)} eV/atom**`), `${record.recipe}: ${hover.value}`);
    assert.ok(hover.value.includes(`residual **${signedNum(record.residual, residual.decimals)} eV/atom**`), `${record.recipe}: ${hover.value}`);
    const hint = hints.find((h) => h.position.line === line);
    assert.ok(String(hint?.label).startsWith(`E_form ${quantityText(eForm, p.eForm)}`), `${record.recipe}: ${hint?.label}`);
    const lens = lenses.find((l) => l.range.start.line === line + 3 && /residual/.test(l.command?.title ?? ''));
    assert.ok(lens?.command?.title.startsWith(`E_form residual ${signedNum(record.residual, residual.decimals)} eV/atom`), `${record.recipe}: ${lens?.command?.title}`);
    const detail = await server.connection.sendRequest<RecipeDetail | null>('bimetal/recipeDetail', { uri: openUri, recipe: record.recipe });
    assert.deepEqual(detail?.record.prediction, p, record.recipe);
    assert.equal(detail?.record.residual, record.residual);
    const terms = p.terms.reduce((sum, t) => sum + t.value, 0);
    assert.ok(p.terms.some((t) => t.key === 'calibration') && Math.abs(terms - p.eForm) < 1e-3, `${record.recipe}: the terms, the calibration's among them, sum to E_form`);
  }
  // BM412 where, and only where, the calibrated interval leaves out the label.
  const diagnostics = await server.waitFor(openUri, 1, 'scored');
  const outside = diagnostics.filter((d) => d.code === 'BM412').map((d) => d.range.start.line);
  assert.deepEqual(outside, records.flatMap((r, i) => (r.referenceInInterval === false ? [5 * i + 3] : [])));
  // The results panel's problems cell (the records' diagnostics) names the same BM412s, with the same messages.
  const messages = diagnostics.filter((d) => d.code === 'BM412').map((d) => d.message);
  assert.deepEqual(records.flatMap((r) => r.diagnostics.filter((d) => d.code === 'BM412').map((d) => `${d.line - 1}: ${d.message}`)), outside.map((line, i) => `${line}: ${messages[i]}`));

  const familyUriHere = pathToUri(path.join(dir, 'ranked.bimetal'));
  await server.open(familyUriHere, 'recipe Ranked {\n  host [Au, Ag] 12\n  dopant [Fe, Ru, Rh, Os] 1\n}\n');
  try {
    await server.waitFor(familyUriHere, 1, 'scored');
    const members = (await server.connection.sendRequest('bimetal/scoreDocument', { uri: familyUriHere })) as ScoreRecord[];
    const best = members.reduce((a, b) => (b.prediction!.eForm < a.prediction!.eForm ? b : a));
    const [hint] = (await server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri: familyUriHere }, range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } } })) as InlayHint[];
    assert.equal(hint.label, `8 members · best E_form ${quantityText(eForm, best.prediction!.eForm)} ${eForm.unit} (${best.recipe}${best.prediction!.inDomain ? '' : ', outside the domain'})`);
    const hover = ((await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: familyUriHere }, position: { line: 0, character: 9 } })) as Hover).contents as MarkupContent;
    const first = hover.value.split('\n')[hover.value.split('\n').indexOf('Lowest E_form (most stable):') + 1];
    assert.ok(first.startsWith(`- \`${best.formula}\``) && first.includes(`: ${num(best.prediction!.eForm)} eV/atom`), hover.value);
  } finally {
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: familyUriHere } });
  }
});

test('changing a label refits; typing elsewhere does not', async () => {
  const before = changes.length;
  await server.change(openUri, labelled(0) + '# a comment\n', 2);
  await server.waitFor(openUri, 2, 'scored');
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(changes.length, before, 'a comment changes no label');
  await server.change(openUri, labelled(0.3), 3);
  await server.waitFor(openUri, 3, 'scored');
  const status = await nextChange(before + 1);
  assert.notEqual(status?.id, changes[before - 1]?.id);
});

test('a conflicting label is BM420 on both documents; suggest ranks unlabelled members', async () => {
  const conflictUri = pathToUri(path.join(dir, 'conflict.bimetal'));
  const count = changes.length;
  await server.open(conflictUri, 'recipe Again {\n  host Au 12\n  dopant Pt 1\n  energy -1.0 eV\n}\n');
  await server.waitFor(conflictUri, 1, 'scored');
  // The refit re-scores the documents after it announces itself: wait for that re-score's push.
  await server.rescoredAfter(conflictUri, async () => {
    await nextChange(count + 1);
  });
  const diagnostics = await server.waitFor(conflictUri, 1, 'scored');
  // The other file as the editor shows it (workspace-relative), as the command line names it, not by its URI.
  assert.match(diagnostics.find((d) => d.code === 'BM420')?.message ?? '', /^Again: energy -1 eV conflicts with -2 eV \(AuPt, open\.bimetal\) for the same recipe/, JSON.stringify(diagnostics));
  // A line typed above the label moves its BM420 in the same push, with no refit announced.
  const line = diagnostics.find((d) => d.code === 'BM420')!.range.start.line;
  const announced = changes.length;
  await server.change(conflictUri, '# measured again\nrecipe Again {\n  host Au 12\n  dopant Pt 1\n  energy -1.0 eV\n}\n', 2);
  const moved = await server.waitFor(conflictUri, 2, 'scored');
  assert.equal(moved.find((d) => d.code === 'BM420')?.range.start.line, line + 1, JSON.stringify(moved));
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(changes.length, announced, 'nothing but its place changed');
  // The results panel's calibration report lists the fit's labels: neither side of the conflict.
  const report = (await server.connection.sendRequest(CALIBRATION_REPORT)) as CalibrationReport;
  const workspace = (await server.connection.sendRequest('bimetal/scoreWorkspace', {})) as ScoreRecord[];
  const listed = calibrationLabelRecords(workspace, report, pathToUri);
  assert.deepEqual(listed.map((r) => r.recipe).sort(), ['AgNi', 'AgPd', 'AgPt', 'AuNi', 'AuPd', 'ClosedOne', 'CuNi', 'CuPd', 'CuPt']);
  assert.equal(listed.filter((r) => r.reference !== undefined).length, report.status.labels);

  await server.open(familyUri, 'recipe Next {\n  host [Au, Ag] 12\n  dopant [Fe, Ru, Rh] 1\n}\n');
  await server.waitFor(familyUri, 1, 'scored');
  // Three unlabelled thiolate-protected recipes: an unbounded interval at 90 % (BM405) keeps them out of the ranking, and the answer counts them.
  const protectedUri = pathToUri(path.join(dir, 'protected.bimetal'));
  await server.open(protectedUri, 'recipe Protected {\n  host Au 24\n  dopant [Pt, Pd, Cd] 1\n  ligands PET x 18\n}\n');
  await server.waitFor(protectedUri, 1, 'scored');
  const answer = (await server.connection.sendRequest(SUGGEST, { objective: 'stable', n: 4 })) as SuggestAnswer;
  const ranked = answer.candidates as ScoreRecord[];
  assert.equal(ranked.length, 4);
  assert.ok(ranked.every((r) => r.recipe.startsWith('Next[')));
  for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1].prediction!.lower <= ranked[i].prediction!.lower);
  assert.equal(answer.unbounded, 3);
  assert.equal(answer.coverage, 0.9);
  // Asked packed, as the VS Code client asks, the same ranking comes packed.
  const packed = (await server.connection.sendRequest(SUGGEST, { objective: 'stable', n: 4, packed: true })) as SuggestAnswer;
  assert.ok(isPackedRecords(packed.candidates));
  assert.deepStrictEqual(unpackRecords(packed.candidates), ranked);
  assert.equal(packed.unbounded, 3);
});

test("hovers write an unbounded interval (BM405) as −∞ … +∞: the list of a family and the shipped model's line under the calibrated E_form of a shell the labels do not reach", async () => {
  const shellUri = pathToUri(path.join(dir, 'shell.bimetal'));
  await server.open(shellUri, 'recipe ShellFamily {\n  host Au 24\n  dopant [Pt, Pd] 1\n  ligands PET x 18\n}\nrecipe Shell {\n  host Au 24\n  dopant Pt 1\n  ligands PET x 18\n}\n');
  await server.waitFor(shellUri, 1, 'scored');
  const hoverAt = async (line: number) =>
    ((await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: shellUri }, position: { line, character: 9 } })) as Hover).contents as MarkupContent;
  const family = (await hoverAt(0)).value;
  assert.match(family, /Fam.*: −\d\.\d\d eV\/atom \(−∞ … \+∞\)/, family);
  const single = (await hoverAt(5)).value;
  assert.match(single, /E_form above calibrated on .* The shipped model alone: E_form −\d\.\d\d eV\/atom, 90 % interval −∞ … \+∞/, single);
  assert.doesNotMatch(family + single, /— … —/);
});

test('a label with no prediction to compare with is BM421 on the label, saying why, where BM420 shows', async () => {
  const uri = pathToUri(path.join(dir, 'siteless.bimetal'));
  const text = 'recipe Octa {\n  host Au 4\n  dopant Ag 2\n  topology octahedron\n  siteEnergy -0.3 eV\n}\nrecipe Majority {\n  host Au 6\n  dopant Ag 7\n  siteEnergy -0.2 eV\n}\nrecipe Fine {\n  host Au 12\n  dopant Ag 1\n  topology icosahedron\n  siteEnergy -0.1 eV\n}\n';
  let listener: { dispose(): void } | undefined;
  const pushed = new Promise<Diagnostic[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no BM421 pushed')), 60_000);
    listener = server.onDiagnostics((p) => {
      if (p.uri !== uri || !p.diagnostics.some((d) => d.code === 'BM421')) return;
      clearTimeout(timer);
      resolve(p.diagnostics);
    });
  });
  try {
    await server.open(uri, text);
    const diagnostics = (await pushed).filter((d) => d.code === 'BM421');
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.severity, d.message]),
      [
        [4, DiagnosticSeverity.Warning, 'Octa: siteEnergy -0.3 eV is not used for calibration: there is no ΔE site prediction to compare it with (6 metal atoms make an octahedron, which has no interior (core) site)'],
        [9, DiagnosticSeverity.Warning, 'Majority: siteEnergy -0.2 eV is not used for calibration: there is no ΔE site prediction to compare it with (the dopant is not the minority, and the site model asks where a minority dopant goes)'],
      ],
    );
    assert.equal(diagnostics[0].range.start.character, 2, 'on the label');
  } finally {
    listener?.dispose();
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }
});

test("suggest leaves out an unlabelled recipe whose material is labelled under another name, as the command line's does", async () => {
  const uri = pathToUri(path.join(dir, 'twins.bimetal'));
  // Cu12Os labelled, the same material under another name, and a recipe nobody labelled.
  await server.open(uri, 'recipe Cu12Os {\n  host Cu 12\n  dopant Os 1\n  energy -2.6 eV\n}\nrecipe Twin {\n  host Cu 12\n  dopant Os 1\n}\nrecipe Untwinned {\n  host Cu 12\n  dopant Ir 1\n}\n');
  try {
    await server.waitFor(uri, 1, 'scored');
    const answer = (await server.connection.sendRequest(SUGGEST, { objective: 'stable', n: 100 })) as SuggestAnswer;
    const ranked = (answer.candidates as ScoreRecord[]).map((r) => r.recipe);
    assert.ok(ranked.includes('Untwinned'), ranked.join(', '));
    assert.ok(!ranked.includes('Twin'), `Twin is Cu12Os, labelled: ${ranked.join(', ')}`);
    // The editor says so, as the command line does on stderr.
    assert.match(answer.known ?? '', /unlabelled recipes? (is|are) the same material as a recipe with an energy label .*Twin is Cu12Os/);
  } finally {
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }
});

test('an untrusted workspace never calibrates', async () => {
  const untrusted = await startTestServer({ workspaceFolders: [{ uri: pathToUri(dir), name: 'w' }], initializationOptions: { workspaceTrusted: false } });
  try {
    await untrusted.open(openUri, labelled(0));
    await untrusted.waitFor(openUri, 1, 'scored');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await untrusted.connection.sendRequest(CALIBRATION_REPORT), null);
    const records = (await untrusted.connection.sendRequest('bimetal/scoreDocument', { uri: openUri })) as ScoreRecord[];
    assert.equal(records[0].prediction!.model, 'eform-v2');
  } finally {
    await untrusted.stop();
  }
});
