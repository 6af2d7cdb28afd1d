/**
 * Members whose warnings read the same share one message string (engine/src/sharedText.ts): an
 * editor keeps every scored member's findings, and of the 16,667 out-of-domain warnings of the
 * 10,000-recipe mixed screening file only 587 texts were distinct.
 *
 * Which string object a message is cannot be seen from JavaScript; V8's `%DebugPrint` prints its
 * address. It needs `--allow-natives-syntax`, so each check runs in a child process that prints
 * nothing else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Five bare Au–Pt members (an immiscible pair, so each gets BM411) predicted by a stand-in for the
 * models whose every answer is out of domain for the same reason, built anew each time (BM404).
 * The addresses of the messages with `code`, one per member.
 */
function messageAddresses(code: string): string[] {
  const script = `
const { analyzeText } = require('./grammar/src/index.ts');
const { analyzeMember } = require('./pipeline/src/memberAnalysis.ts');
const { predictMembers } = require('./pipeline/src/predictionStage.ts');
const members = analyzeText('recipe R {\\n  host Au 10..14\\n  dopant Pt 1\\n}\\n').members.map((spec) => ({ spec, analysis: analyzeMember({ spec, ligands: new Map(), phiThreshold: -0.3 }) }));
const answer = (model) => (rows) => Promise.resolve(rows.map(() => ({
  point: -3, modelPoint: -3, lower: -3.1, upper: -2.9, coverage: 0.9, model, bounded: true, calibrationGroup: null,
  inDomain: false, domainReasons: [['host element', 'Au', 'never seen in training'].join(' ')], terms: [],
})));
const print = new Function('value', '%DebugPrint(value)');
predictMembers({ cards: {}, problems: [], predictEForm: answer('eform-v2'), predictSite: answer('site-v2') }, members, 0.9).then(() => {
  for (const { analysis } of members) for (const f of analysis.findings) if (f.code === ${JSON.stringify(code)} && !f.message.startsWith('site-v2')) print(f.message);
});`;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  return [...run.stdout.matchAll(/^DebugPrint: (0x[0-9a-f]+)/gm)].map((m) => m[1]);
}

test('out-of-domain warnings of equal text share one string', () => {
  const addresses = messageAddresses('BM404');
  assert.equal(addresses.length, 5, 'one E_form warning per member');
  assert.equal(new Set(addresses).size, 1);
});

test('unprotected immiscible-pair warnings of equal text share one string', () => {
  const addresses = messageAddresses('BM411');
  assert.equal(addresses.length, 5, 'one warning per member');
  assert.equal(new Set(addresses).size, 1);
});
