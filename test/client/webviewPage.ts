/**
 * The results page as a local file for headless Chromium (used by the webview test and
 * bench/resultsPanel.bench.ts): the real HTML and CSP, with `file:` standing in for the webview's
 * resource origin.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resultsHtml } from '../../client/src/results/html';
import type { ResultsState } from '../../client/src/results/state';

const root = path.resolve(__dirname, '..', '..');
export const chromiumPath = '/usr/bin/chromium';

/** Bundles dist/webview-results.js (the build may not have run, or be older than the sources). */
export function buildWebviewBundle(): void {
  const build = spawnSync(process.execPath, [path.join(root, 'client', 'build-webview.mjs')], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`webview build failed:\n${build.stderr}`);
}

/** Writes the page for `state` into `dir` and returns its file URL. */
export function writeResultsPage(dir: string, state: ResultsState): string {
  const file = path.join(dir, `results-${state.runId}.html`);
  writeFileSync(
    file,
    resultsHtml({
      nonce: 'test0nce',
      cspSource: 'file:',
      scriptUri: pathToFileURL(path.join(root, 'dist', 'webview-results.js')).href,
      styleUri: pathToFileURL(path.join(root, 'client', 'media', 'results.css')).href,
      state,
    }),
  );
  return pathToFileURL(file).href;
}
