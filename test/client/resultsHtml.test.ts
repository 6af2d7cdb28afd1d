import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEW_ELEMENT_ID, newNonce, resultsHtml } from '../../client/src/results/html';
import { initialView, newResultsState } from '../../client/src/results/state';
import { coverageText, summaryText } from '../../client/src/results/tableModel';
import { record } from '../helpers/scoreRecord';

const input = (recipe = 'Au12Ag') => ({
  nonce: 'n0nce123',
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview-results.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/client/media/results.css',
  summary: summaryText({ records: [record(recipe, -2)], scope: 'workspace', scoredAt: '2026-01-02T03:04:05.000Z' }),
  unlisted: '',
  coverage: coverageText([0.9]),
  view: initialView(newResultsState(recipe, [record(recipe, -2)], -0.3, new Date('2026-01-02T03:04:05Z')), { kind: 'workspace' }),
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

test('the embedded view round-trips and is small; user text cannot close the script element', () => {
  const hostile = '</script><script>alert(1)</script><!--';
  const data = input(hostile);
  const html = resultsHtml(data);
  assert.ok(!html.includes('<script>alert'), 'recipe name does not become markup');
  const json = new RegExp(`<script id="${VIEW_ELEMENT_ID}" type="application/json">(.*?)</script>`, 's').exec(html)?.[1];
  assert.ok(json);
  assert.deepEqual(JSON.parse(json), data.view);
  assert.ok(json.length < 1000, 'no records in the page: they arrive as messages');
  assert.match(resultsHtml(input()), /<title>Bimetal scores — Au12Ag<\/title>/);
  // the summary and the coverage are in the page itself, so they show even before (or without) the script
  assert.match(html, /<p id="summary"[^>]*>1 recipe scored in workspace \(2026-01-02 03:04 UTC\)\.<\/p>/);
  assert.match(html, /<p id="coverage"[^>]*>E_form intervals: 90 % coverage \(setting bimetal\.coverage\)\.<\/p>/);
});

test('nonces are 128 random bits, fresh each time', () => {
  const a = newNonce();
  const b = newNonce();
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.notEqual(a, b);
});

/**
 * Everything that makes a webview page unsafe, found by reading its HTML: `unsafe-*` or wildcard
 * sources, any source that is not the extension's own (`cspSource`) or a `data:` image, a
 * `<script>` that runs without this render's nonce, inline event handlers and `javascript:` URLs.
 */
function pageProblems(html: string, cspSource: string): string[] {
  const problems: string[] = [];
  const policy = csp(html);
  for (const [directive, sources] of policy) {
    for (const source of sources.split(' ')) {
      if (/unsafe-/.test(source)) problems.push(`${directive} allows ${source}`);
      else if (source.includes('*')) problems.push(`${directive} allows the wildcard ${source}`);
      else if (/^'nonce-/.test(source) ? directive !== 'script-src' : !["'none'", cspSource].includes(source) && !(directive === 'img-src' && source === 'data:')) {
        problems.push(`${directive} allows the remote or unknown source ${source}`);
      }
    }
  }
  if (!policy.has('default-src')) problems.push('no default-src');
  const nonce = /'nonce-([^']+)'/.exec(policy.get('script-src') ?? '')?.[1];
  for (const [, attrs] of html.matchAll(/<script\b([^>]*)>/g)) {
    if (/type="application\/json"/.test(attrs)) continue;
    if (!nonce || !attrs.includes(`nonce="${nonce}"`)) problems.push(`a script without the nonce: <script${attrs}>`);
  }
  for (const [, url] of html.matchAll(/\s(?:src|href)="([^"]*)"/g)) if (!url.startsWith(`${cspSource}/`)) problems.push(`a resource from elsewhere: ${url}`);
  if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(html)) problems.push('an inline event handler');
  if (/javascript:/i.test(html)) problems.push('a javascript: URL');
  return problems;
}

test('the results page has no unsafe source, no remote source, and no script without the nonce', () => {
  const data = input('</script><img src=x onerror=alert(1)>');
  assert.deepEqual(pageProblems(resultsHtml(data), data.cspSource), []);
});

test('the page check fails on each kind of unsafe page', () => {
  const data = input();
  const html = resultsHtml(data);
  const variants: Array<[string, string]> = [
    ['unsafe-inline', html.replace("script-src 'nonce-n0nce123'", "script-src 'nonce-n0nce123' 'unsafe-inline'")],
    ['unsafe-eval', html.replace("script-src 'nonce-n0nce123'", "script-src 'nonce-n0nce123' 'unsafe-eval'")],
    ['remote', html.replace(`style-src ${data.cspSource}`, `style-src ${data.cspSource} https://cdn.example.com`)],
    ['remote', html.replace('</body>', '<script nonce="n0nce123" src="https://cdn.example.com/x.js"></script></body>')],
    ['nonce', html.replace('</body>', '<script>alert(1)</script></body>')],
    ['handler', html.replace('<body>', '<body><img src="x" onerror="alert(1)">')],
  ];
  for (const [kind, variant] of variants) assert.ok(pageProblems(variant, data.cspSource).length > 0, kind);
});
