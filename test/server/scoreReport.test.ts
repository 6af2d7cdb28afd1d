import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreReportHtml } from '../../client/src/scoreReport';
import type { ScoreRecord } from '../../engine/src/scoreRecord';

function record(recipe: string, eForm: number | null, extra: Partial<ScoreRecord> = {}): ScoreRecord {
  return {
    file: 'a.bimetal', recipe, formula: recipe, host: 'Au', dopant: 'Ag', nHost: 12, nDopant: 1, nMetal: 13, ratio: 0.0769,
    descriptors: null,
    prediction: eForm === null ? null : { eForm, lower: eForm - 0.4, upper: eForm + 0.4, coverage: 0.9, model: 'eform-v1', inDomain: true },
    site: null, diagnostics: [], ...extra,
  };
}

test('score report sorts by E_form, most stable first, and escapes names', () => {
  const html = scoreReportHtml([record('weak', -1), record('<b>strong</b>', -3), record('unscored', null)], 'abc123', 'vscode-resource:');
  const order = ['&#60;b&#62;strong&#60;/b&#62;', 'weak', 'unscored'].map((name) => html.indexOf(`<td>${name}</td>`));
  assert.ok(order.every((at) => at > 0), 'every recipe has a row');
  assert.deepEqual([...order].sort((a, b) => a - b), order);
  assert.ok(!html.includes('<b>strong'), 'recipe names are HTML-escaped');
});

test('score report has a strict CSP: no scripts, styles only by nonce', () => {
  const html = scoreReportHtml([record('r', -2)], 'n0nce', 'vscode-resource:');
  assert.match(html, /Content-Security-Policy" content="default-src 'none';[^"]*style-src 'nonce-n0nce';/);
  assert.ok(!html.includes('<script'));
  assert.match(html, /<style nonce="n0nce">/);
  assert.match(html, /−2\.00/);
  assert.match(html, /\[−2\.40, −1\.60\] @ 90%/);
});
