import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exampleDomain, summaryMarkdown } from '../../scripts/example-domain';

// The README states how many example recipes the E_form model covers and why the rest are outside;
// that text must be what scripts/example-domain.ts measures with the shipped models today.
test('the README states the measured share of example recipes inside the applicability domain', { timeout: 300_000 }, async () => {
  const summary = await exampleDomain();
  assert.ok(summary.recipes > 400, `all example recipes scored: ${summary.recipes}`);
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  assert.ok(readme.includes(summaryMarkdown(summary)), `README is stale; run npx tsx scripts/example-domain.ts:\n${summaryMarkdown(summary)}`);
});
