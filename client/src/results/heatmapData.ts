/**
 * The host × dopant heatmap of one family (recipe block): a cell per host and dopant element
 * pair, holding the best member with that pair (a family also varies counts, so several members
 * share a cell): lowest E_form, highest φ, or lowest site ΔE (most core-seeking). Clicking a cell
 * reveals that member. Pure (the webview draws it).
 */
import type { RowStore } from './columnar';

export type HeatmapMetric = 'eForm' | 'phi' | 'deltaE';

export const HEATMAP_METRICS: ReadonlyArray<{ id: HeatmapMetric; label: string; unit: string; best: 'lowest' | 'highest' }> = [
  { id: 'eForm', label: 'E_form', unit: 'eV/atom', best: 'lowest' },
  { id: 'phi', label: 'φ', unit: '', best: 'highest' },
  { id: 'deltaE', label: 'site ΔE', unit: 'eV', best: 'lowest' },
];

export interface HeatmapCell {
  value: number;
  /** Store row of the member shown. */
  row: number;
  /** Members with this host and dopant. */
  members: number;
}

export interface Heatmap {
  hosts: string[];
  dopants: string[];
  /** cells[h][d], null where the family has no member with a value. */
  cells: (HeatmapCell | null)[][];
  range: [number, number] | undefined;
}

/** Families (recipe blocks) among the rows, with their member counts, largest first. */
export function families(store: RowStore, rows: Uint32Array): Array<{ name: string; members: number }> {
  const counts = new Map<number, number>();
  for (const i of rows) counts.set(store.block[i], (counts.get(store.block[i]) ?? 0) + 1);
  return [...counts.entries()].map(([b, members]) => ({ name: store.begin.blocks[b], members })).sort((a, b) => b.members - a.members || a.name.localeCompare(b.name));
}

export function heatmap(store: RowStore, rows: Uint32Array, family: string, metric: HeatmapMetric): Heatmap {
  const block = store.begin.blocks.indexOf(family);
  const values = store[metric];
  const higherIsBetter = HEATMAP_METRICS.find((m) => m.id === metric)?.best === 'highest';
  const hostIds: number[] = [];
  const dopantIds: number[] = [];
  const best = new Map<string, HeatmapCell>();
  for (const i of rows) {
    if (store.block[i] !== block) continue;
    const [h, d] = [store.host[i], store.dopant[i]];
    if (!hostIds.includes(h)) hostIds.push(h);
    if (!dopantIds.includes(d)) dopantIds.push(d);
    const key = `${h},${d}`;
    const cell = best.get(key);
    const v = values[i];
    if (!cell) best.set(key, { value: v, row: i, members: 1 });
    else {
      cell.members++;
      const better = Number.isNaN(cell.value) || (!Number.isNaN(v) && (higherIsBetter ? v > cell.value : v < cell.value));
      if (better) Object.assign(cell, { value: v, row: i });
    }
  }
  const elements = store.begin.elements;
  const byName = (a: number, b: number) => elements[a].localeCompare(elements[b]);
  hostIds.sort(byName);
  dopantIds.sort(byName);
  let range: [number, number] | undefined;
  const cells = hostIds.map((h) =>
    dopantIds.map((d) => {
      const cell = best.get(`${h},${d}`);
      if (!cell || Number.isNaN(cell.value)) return null;
      range = range ? [Math.min(range[0], cell.value), Math.max(range[1], cell.value)] : [cell.value, cell.value];
      return cell;
    }),
  );
  return { hosts: hostIds.map((h) => elements[h]), dopants: dopantIds.map((d) => elements[d]), cells, range };
}

/** Position 0–1 of a value on the colour scale, 0 the best end (so "best" reads the same for every metric). */
export function colourPosition(value: number, range: [number, number], metric: HeatmapMetric): number {
  const span = range[1] - range[0];
  const t = span > 0 ? (value - range[0]) / span : 0;
  return HEATMAP_METRICS.find((m) => m.id === metric)?.best === 'highest' ? 1 - t : t;
}
