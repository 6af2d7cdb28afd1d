/**
 * What a calibration looks at: the shipped 8-feature scheme of a scored recipe (descriptors, size,
 * ratio) plus the shipped model's own prediction, scaled so that distances mean the same in every
 * direction.
 */
import type { DescriptorRecord } from '../scoreRecord';

export const CALIBRATION_FEATURES = ['hMix', 'chiEnv', 'deltaChi', 'deltaM', 'deltaR', 'distance', 'inverseCubeRootN', 'ratio', 'base'] as const;

/**
 * The smallest spread a feature is scaled by. Labels often share a value (one host, one ligand
 * shell), so their own spread can be zero; without a floor any other value would be infinitely far
 * away. Each floor is a change a chemist would call small: 5 kJ/mol of H_mix, 0.1 in χ, 10 g/mol,
 * 0.05 Å of radius, 0.1 Å of distance, 0.05 in N^(−1/3) (13 → 19 atoms), 5 % in ratio, 0.2 eV/atom.
 */
export const FEATURE_FLOORS: readonly number[] = [5, 0.1, 0.1, 10, 0.05, 0.1, 0.05, 0.05, 0.2];

export interface FeatureSource {
  descriptors: DescriptorRecord | null;
  nMetal: number;
  ratio: number;
}

/** The raw feature vector, or null when a descriptor the calibration needs is missing. */
export function calibrationFeatures(source: FeatureSource, base: number): number[] | null {
  const d = source.descriptors;
  if (!d || !Number.isFinite(base)) return null;
  const values = [d.hMix, d.chiEnv, d.deltaChi, d.deltaM, d.deltaR, d.distance, source.nMetal ** (-1 / 3), source.ratio, base];
  return values.every((v): v is number => typeof v === 'number' && Number.isFinite(v)) ? values : null;
}

export interface FeatureScaler {
  center: number[];
  scale: number[];
}

export function fitScaler(rows: readonly number[][]): FeatureScaler {
  const p = FEATURE_FLOORS.length;
  const center = new Array<number>(p).fill(0);
  const scale = new Array<number>(p).fill(0);
  for (const row of rows) for (let j = 0; j < p; j++) center[j] += row[j] / rows.length;
  for (const row of rows) for (let j = 0; j < p; j++) scale[j] += (row[j] - center[j]) ** 2 / rows.length;
  for (let j = 0; j < p; j++) scale[j] = Math.max(Math.sqrt(scale[j]), FEATURE_FLOORS[j]);
  return { center, scale };
}

export function scaleRow(scaler: FeatureScaler, row: readonly number[]): number[] {
  return row.map((v, j) => (v - scaler.center[j]) / scaler.scale[j]);
}
