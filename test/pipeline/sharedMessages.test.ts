/**
 * Members whose warnings read the same share one message string (engine/src/sharedText.ts): an
 * editor keeps every scored member's findings, and of the 16,667 out-of-domain warnings of the
 * 10,000-recipe mixed screening file only 587 texts were distinct.
 *
 * Whether two equal strings are one object cannot be seen from JavaScript; V8's `%ReferenceEqual`
 * tells. It needs `--allow-natives-syntax`, so each check runs in a child process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Five bare Au–Pt members (an immiscible pair, so each gets BM411) predicted by a stand-in for the
 * models whose every answer is out of domain for the same reason, built anew each time (BM404).
 * How many messages with `code` there are, and how many distinct string objects they are.
 */
function messageObjects(code: string): { messages: number; objects: number } {
  const script = `
const { analyzeText } = require('./grammar/src/index.ts');
const { analyzeMember } = require('./pipeline/src/memberAnalysis.ts');
const { predictMembers } = require('./pipeline/src/predictionStage.ts');
const members = analyzeText('recipe R {\\n  host Au 10..14\\n  dopant Pt 1\\n}\\n').members.map((spec) => ({ spec, analysis: analyzeMember({ spec, ligands: new Map(), phiThreshold: -0.3 }) }));
const answer = (model) => (rows) => Promise.resolve(rows.map(() => ({
  point: -3, modelPoint: -3, lower: -3.1, upper: -2.9, coverage: 0.9, model, bounded: true, calibrationGroup: null,
  inDomain: false, domainReasons: [['host element', 'Au', 'never seen in training'].join(' ')], terms: [],
})));
const sameObject = new Function('a', 'b', 'return %ReferenceEqual(a, b)');
predictMembers({ cards: {}, problems: [], predictEForm: answer('eform-v2'), predictSite: answer('site-v2') }, members, 0.9).then(() => {
  const messages = members.flatMap(({ analysis }) => analysis.findings.filter((f) => f.code === ${JSON.stringify(code)} && !f.message.startsWith('site-v2')).map((f) => f.message));
  const objects = messages.filter((m, i) => !messages.slice(0, i).some((earlier) => sameObject(earlier, m)));
  process.stdout.write(JSON.stringify({ messages: messages.length, objects: objects.length }));
});`;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { messages: number; objects: number };
}

test('equal texts built apart are two strings (the check can fail)', () => {
  const script = `const sameObject = new Function('a', 'b', 'return %ReferenceEqual(a, b)');
const x = String(process.pid);
process.stdout.write(JSON.stringify([sameObject('text ' + x + ' built once', 'text ' + x + ' built once'), sameObject(x, x)]));`;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.deepEqual(JSON.parse(run.stdout), [false, true], run.stderr);
});

test('out-of-domain warnings of equal text share one string', () => {
  assert.deepEqual(messageObjects('BM404'), { messages: 5, objects: 1 }, 'one E_form warning per member, one string among them');
});

test('unprotected immiscible-pair warnings of equal text share one string', () => {
  assert.deepEqual(messageObjects('BM411'), { messages: 5, objects: 1 }, 'one warning per member, one string among them');
});
