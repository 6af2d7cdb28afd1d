/**
 * How many of the example recipes the shipped E_form model covers, and why the rest are outside its
 * applicability domain: the README's figure comes from this script.
 *
 *   npx tsx scripts/example-domain.ts            # prints the summary as Markdown
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ELEMENT_SYMBOLS } from '../engine/src/periodicTable';
import { createScorer } from '../pipeline/src/index';
import { REPO_ROOT } from './gen-common';

export interface DomainSummary {
  recipes: number;
  inside: number;
  /** Each reason (with element symbols as written) and how many recipes it applies to, most common first. */
  reasons: Array<{ reason: string; recipes: number }>;
}

const SYMBOLS = new Set<string>(ELEMENT_SYMBOLS);

/** Reasons name elements and sizes; this folds them into one line per kind of reason. */
function kindOf(reason: string): string {
  return reason
    .replace(/ \([^)]*\)/g, '')
    .replace(/\b[A-Z][a-z]?\b/g, (word) => (SYMBOLS.has(word) ? 'X' : word))
    // A number, not a digit inside a name (site-v2, Au13).
    .replace(/(?<![A-Za-z0-9])\d+(\.\d+)?/g, 'n');
}

export async function exampleDomain(): Promise<DomainSummary> {
  const folder = path.join(REPO_ROOT, 'examples');
  const scorer = createScorer({});
  const counts = new Map<string, number>();
  let recipes = 0;
  let inside = 0;
  try {
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.bimetal')).sort()) {
      const doc = await scorer.scoreText(readFileSync(path.join(folder, file), 'utf8'), { file, baseDir: folder });
      for (const member of doc.members) {
        recipes++;
        if (member.prediction?.inDomain) {
          inside++;
          continue;
        }
        const kinds = new Set((member.prediction?.domainReasons ?? ['no E_form prediction']).map(kindOf));
        for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
      }
    }
  } finally {
    await scorer.dispose();
  }
  const reasons = [...counts].map(([reason, n]) => ({ reason, recipes: n })).sort((a, b) => b.recipes - a.recipes || a.reason.localeCompare(b.reason));
  return { recipes, inside, reasons };
}

export function summaryMarkdown(s: DomainSummary): string {
  const percent = ((100 * s.inside) / s.recipes).toFixed(1);
  return [
    `${s.inside} of the ${s.recipes} example recipes (${percent} %) ${s.inside === 1 ? 'is' : 'are'} inside the E_form model's applicability domain.`,
    'The others are outside because (a recipe can have several reasons; X stands for an element, n for a number; details in parentheses are left out):',
    '',
    ...s.reasons.map((r) => `- ${r.reason}: ${r.recipes} recipe${r.recipes === 1 ? '' : 's'}`),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  exampleDomain().then((s) => console.log(summaryMarkdown(s)));
}
