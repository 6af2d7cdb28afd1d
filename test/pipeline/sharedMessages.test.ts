/**
 * Members whose warnings read the same share one message string (engine/src/sharedText.ts) in
 * the editor's scorer, which keeps every scored member's findings: of the 16,667 out-of-domain
 * warnings of the 10,000-recipe mixed screening file only 587 texts were distinct. A batch keeps
 * nothing, so it does not pay for the lookups; the immiscible-pair warning (BM411) is made once for
 * consecutive members of one pair in either (findings.ts), as every bare member of the pair has it.
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
 * Scores `recipe` (a family of five) with the shipped models, in the editor's scorer or a batch
 * one; how many member diagnostics with `code` (E_form's, for BM404) there are, how many distinct
 * texts, and how many distinct string objects.
 */
function messageObjects(recipe: string, code: string, batch = false): { messages: number; texts: number; objects: number } {
  const script = `
const { createScorer } = require('./pipeline/src/index.ts');
const sameObject = new Function('a', 'b', 'return %ReferenceEqual(a, b)');
const scorer = createScorer({ modelDir: ${JSON.stringify(path.join(ROOT, 'models'))}, batch: ${batch} });
scorer.scoreText(${JSON.stringify(recipe)}, { file: 'family.bimetal' }).then(async (scored) => {
  const messages = scored.members.flatMap((m) => m.diagnostics.filter((d) => d.code === ${JSON.stringify(code)} && !d.message.startsWith('site-v2')).map((d) => d.message));
  const objects = messages.filter((m, i) => !messages.slice(0, i).some((earlier) => sameObject(earlier, m)));
  process.stdout.write(JSON.stringify({ messages: messages.length, texts: new Set(messages).size, objects: objects.length }));
  await scorer.dispose();
});`;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { messages: number; texts: number; objects: number };
}

/** Five members with a dopant the models never saw: E_form's out-of-domain warning reads the same for all. */
const UNSEEN_DOPANT = 'recipe R {\n  host Au 30..34\n  dopant Hg 1\n}\n';
/** Five bare members of an immiscible pair: the same BM411 for all. */
const BARE_IMMISCIBLE = 'recipe R {\n  host Au 40..44\n  dopant Pt 1\n}\n';

test('equal texts built apart are two strings (the check can fail)', () => {
  const script = `const sameObject = new Function('a', 'b', 'return %ReferenceEqual(a, b)');
const x = String(process.pid);
process.stdout.write(JSON.stringify([sameObject('text ' + x + ' built once', 'text ' + x + ' built once'), sameObject(x, x)]));`;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.deepEqual(JSON.parse(run.stdout), [false, true], run.stderr);
});

test('out-of-domain warnings of equal text share one string', () => {
  const { messages, texts, objects } = messageObjects(UNSEEN_DOPANT, 'BM404');
  assert.equal(texts, 1, 'the members\' warnings read the same');
  assert.deepEqual({ messages, objects }, { messages: 5, objects: 1 }, 'one E_form warning per member, one string among them');
});

test('unprotected immiscible-pair warnings of equal text share one string', () => {
  const { messages, texts, objects } = messageObjects(BARE_IMMISCIBLE, 'BM411');
  assert.equal(texts, 1, 'the members\' warnings read the same');
  assert.deepEqual({ messages, objects }, { messages: 5, objects: 1 }, 'one warning per member, one string among them');
});

test('a batch, which keeps no member, leaves each message its own: it does not look texts up', () => {
  assert.deepEqual(messageObjects(UNSEEN_DOPANT, 'BM404', true), { messages: 5, texts: 1, objects: 5 });
});

test('a batch makes the immiscible-pair warning once for a family of the pair, not once per member', () => {
  assert.deepEqual(messageObjects(BARE_IMMISCIBLE, 'BM411', true), { messages: 5, texts: 1, objects: 1 });
});
