import type { ScoreRecord } from '../../engine/src/scoreRecord';

/**
 * The HTML of the "Score Workspace" webview: one row per scored recipe, best E_form first.
 * Pure (no vscode import) so it can be tested. The page runs no script; its only style block is
 * allowed by a per-render nonce, and every colour comes from the theme's --vscode-* variables.
 */
export function scoreReportHtml(records: readonly ScoreRecord[], nonce: string, cspSource: string): string {
  const rows = [...records].sort(byEForm).map(recordRow).join('\n');
  const errors = records.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'error').length, 0);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource}; style-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Bimetal scores</title>
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); }
  table { border-collapse: collapse; width: 100%; }
  th, td { padding: 2px 8px; text-align: left; border-bottom: 1px solid var(--vscode-panel-border); }
  th { color: var(--vscode-descriptionForeground); font-weight: normal; }
  td.num { text-align: right; font-family: var(--vscode-editor-font-family); }
  .bad { color: var(--vscode-errorForeground); }
  .ood { color: var(--vscode-editorWarning-foreground); }
</style>
</head>
<body>
<p>${records.length} recipes scored${errors ? `, <span class="bad">${errors} errors</span>` : ''}. Sorted by predicted E_form (eV/atom), most stable first.</p>
<table>
<thead><tr><th>file</th><th>recipe</th><th>formula</th><th>E_form</th><th>interval</th><th>φ</th><th>site</th><th>diagnostics</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>`;
}

function byEForm(a: ScoreRecord, b: ScoreRecord): number {
  const ea = a.prediction?.eForm ?? Number.POSITIVE_INFINITY;
  const eb = b.prediction?.eForm ?? Number.POSITIVE_INFINITY;
  return ea - eb || a.file.localeCompare(b.file) || a.recipe.localeCompare(b.recipe);
}

function recordRow(r: ScoreRecord): string {
  const p = r.prediction;
  const eForm = p ? `<span class="${p.inDomain ? '' : 'ood'}">${fixed(p.eForm)}</span>` : '—';
  const interval = p ? `[${fixed(p.lower)}, ${fixed(p.upper)}] @ ${Math.round(p.coverage * 100)}%` : '—';
  const site = r.site ? `${r.site.preferred} (ΔE ${fixed(r.site.deltaE)})` : '—';
  const problems = r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ');
  return `<tr><td>${escapeHtml(r.file)}</td><td>${escapeHtml(r.recipe)}</td><td>${escapeHtml(r.formula)}</td><td class="num">${eForm}</td><td class="num">${interval}</td><td class="num">${fixed(r.descriptors?.phi ?? null)}</td><td>${site}</td><td class="${problems ? 'bad' : ''}">${escapeHtml(problems)}</td></tr>`;
}

function fixed(value: number | null): string {
  return value === null ? '—' : value.toFixed(2).replace('-', '−');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
