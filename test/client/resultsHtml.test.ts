import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATE_ELEMENT_ID, newNonce, resultsHtml } from '../../client/src/results/html';
import { newResultsState } from '../../client/src/results/state';
import { record } from '../helpers/scoreRecord';

const input = (recipe = 'Au12Ag') => ({
  nonce: 'n0nce123',
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview-results.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/client/media/results.css',
  state: newResultsState('workspace', [record(recipe, -2)], -0.3, new Date('2026-01-02T03:04:05Z')),
});

function csp(html: string): Map<string, string> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(content, 'the page declares a CSP');
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources.join(' ')]));
}

test('CSP: nothing by default, scripts only with this render\'s nonce, styles only from the extension', () => {
  const policy = csp(resultsHtml(input()));
  assert.equal(policy.get('default-src'), "'none'");
  assert.equal(policy.get('script-src'), "'nonce-n0nce123'");
  assert.equal(policy.get('style-src'), 'https://file+.vscode-resource.vscode-cdn.net');
  for (const sources of policy.values()) assert.ok(!sources.includes('unsafe'), `no unsafe-* source: ${sources}`);
});

test('the only executable script is the bundled one, carrying the nonce; the stylesheet is linked', () => {
  const html = resultsHtml(input());
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
  const executable = scripts.filter((attrs) => !attrs.includes('type="application/json"'));
  assert.deepEqual(executable, [' nonce="n0nce123" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview-results.js"']);
  assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/client\/media\/results\.css">/);
  assert.ok(!/<style/.test(html) && !/ style="/.test(html), 'no inline styles (the CSP would block them)');
});

test('the embedded state round-trips, and user text cannot close the script element', () => {
  const hostile = '</script><script>alert(1)</script><!--';
  const data = input(hostile);
  const html = resultsHtml(data);
  assert.ok(!html.includes('<script>alert'), 'recipe name does not become markup');
  const json = new RegExp(`<script id="${STATE_ELEMENT_ID}" type="application/json">(.*?)</script>`, 's').exec(html)?.[1];
  assert.ok(json);
  assert.deepEqual(JSON.parse(json), data.state);
  assert.match(html, /<title>Bimetal scores — workspace<\/title>/);
  // the summary is in the page itself, so it shows even before (or without) the script
  assert.match(html, /<p id="summary"[^>]*>1 recipe scored in workspace \(2026-01-02 03:04 UTC\)\.<\/p>/);
});

test('nonces are 128 random bits, fresh each time', () => {
  const a = newNonce();
  const b = newNonce();
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.notEqual(a, b);
});
