/**
 * The recipe detail view as plain data: the prediction with its interval beside the recipe's
 * reference energy, the additive terms the model exposes, and the per-descriptor attribution (the
 * server's exact Shapley values, server/src/recipeDetail.ts) largest first. Pure; the webview only
 * makes DOM nodes of it, and it checks the server's answer, which arrives as a message.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { boundsText, coveragePercent, num } from '../../../report/src/numbers';
import type { AttributionDetail, CoreDetail, RecipeDetail } from '../../../report/src/recipeDetailProtocol';

export interface DetailLine {
  label: string;
  value: string;
  /** Why, where it is not obvious (source, definition, inputs). */
  title: string;
}

export interface ShareBar {
  name: string;
  value: number;
  text: string;
  /** Bar length, 0–1 of the largest |value|. */
  fraction: number;
  title: string;
}

export interface DetailModel {
  recipe: string;
  file: string;
  /** Prediction, interval, reference, residual. */
  energy: DetailLine[];
  /** Whether the reference lies outside the interval: shown as a warning. */
  referenceOutside: boolean;
  terms: DetailLine[];
  attribution: { bars: ShareBar[]; note: string } | { unavailable: string };
  core: Extract<CoreDetail, { available: true }> | { unavailable: string };
  /** The dopant element (drawn in its own colour). */
  dopant: string;
  host: string;
}

export function detailModel(detail: RecipeDetail): DetailModel {
  const r = detail.record;
  const energy = energyLines(r);
  const p = r.prediction;
  return {
    recipe: r.recipe,
    file: r.file,
    energy,
    // The record's own verdict (pipeline referenceFields), which knows an unbounded end from a number.
    referenceOutside: r.referenceInInterval === false,
    terms: (p?.terms ?? []).map((t) => ({
      label: t.key,
      value: `${num(t.value, 3)} ${t.unit}`,
      title: [t.source, ...Object.entries(t.inputs).map(([k, v]) => `${k} = ${typeof v === 'number' ? num(v, 4) : v}`), t.supported ? '' : 'estimate: no data stands behind this value'].filter(Boolean).join('\n'),
    })),
    attribution: attributionBars(detail.attribution),
    core: detail.core.available ? detail.core : { unavailable: detail.core.reason },
    dopant: r.dopant,
    host: r.host,
  };
}

function energyLines(r: ScoreRecord): DetailLine[] {
  const p = r.prediction;
  if (!p) return [{ label: 'E_form', value: 'not predicted', title: 'see the recipe\'s diagnostics' }];
  const lines: DetailLine[] = [
    { label: 'E_form (predicted)', value: `${num(p.eForm, 3)} eV/atom`, title: `model ${p.model}${p.inDomain ? '' : ', outside its applicability domain'}` },
    { label: `interval (${coveragePercent(p.coverage)})`, value: `${boundsText(p, 3)} eV/atom`, title: 'conformal interval at the coverage of the setting bimetal.coverage (CV+; jackknife+ under a calibration on fewer than 20 of your labels)' },
  ];
  if (r.reference !== undefined) {
    lines.push({ label: 'E_form (reference)', value: `${num(r.reference, 3)} eV/atom`, title: "the recipe's `energy` label" });
    lines.push({ label: 'residual', value: `${num(r.reference - p.eForm, 3)} eV/atom`, title: 'reference − predicted' });
  }
  return lines;
}

function attributionBars(a: AttributionDetail): DetailModel['attribution'] {
  if (!a.available) return { unavailable: a.reason };
  const largest = Math.max(...a.shares.map((s) => Math.abs(s.value)), 1e-12);
  const bars = [...a.shares]
    .sort((x, y) => Math.abs(y.value) - Math.abs(x.value))
    .map((s) => ({ name: s.name, value: s.value, text: `${s.value >= 0 ? '+' : ''}${num(s.value, 3)}`, fraction: Math.abs(s.value) / largest, title: `feature columns: ${s.columns.join(', ')}` }));
  return {
    bars,
    note:
      `Exact Shapley values (eV/atom) over ${a.shares.length} descriptors: from the model's E_form at the baseline, ${num(a.baseline, 3)}, to this recipe's, ${num(a.prediction, 3)}. Baseline: ${a.background}.` +
      (a.ordering ? ` The ordering term, ${num(a.ordering, 3)}, comes from the site model on top of this and is not attributed.` : ''),
  };
}

/** Checks a detail that came back through a message before it is drawn. */
export function isRecipeDetail(value: unknown): value is RecipeDetail {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<RecipeDetail>;
  return typeof v.record === 'object' && v.record !== null && typeof v.record.recipe === 'string' && typeof v.attribution?.available === 'boolean' && typeof v.core?.available === 'boolean';
}
