/**
 * How far the metal–metal distances of real, DFT-relaxed clusters lie from the sum of their
 * metals' CN12 metallic radii: the data behind RADIUS_BOND_SCALE (engine/src/geometry/coordinateUnits.ts),
 * the band a structure file's D must lie in before BM316 says its coordinates are in other units.
 *
 * For each structure, read with the engine's own XYZ reader (so D and the bonds are exactly what
 * a recipe's `structure` file gives), the scale is D / D_radii, where D_radii is the mean of
 * r_i + r_j over the same bonds. Structures with a metal that has no metallic radius are left out.
 * Sources (../shared/data, or $BIMETAL_DATA_DIR; read, never copied):
 *   - qcd-gap-nanoclusters: every frame of the 54 unary QCD files (sizes 3–55, PBE relaxed again with GAP);
 *   - canela-np-147: the 147-atom icosahedral Au/Ag/Cu/Pd/Pt NPs and their 50:50 alloys (CP2K);
 *   - lpnc-nc-database: the thiolate- and phosphine-protected Au and Au–Ag clusters (ligand atoms ignored).
 *
 *   npx tsx scripts/bond-scale.ts [--by-metals]   # the scales by source, the band, and the files in bohr it catches
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BOHR_IN_ANGSTROM, RADIUS_BOND_SCALE, radiusBondLength } from '../engine/src/geometry/coordinateUnits';
import { parseXyz } from '../engine/src/geometry/xyz';
import { dataDir } from './gen-common';

export interface ScaledStructure {
  source: string;
  /** The file, and for a multi-frame file the frame's index. */
  name: string;
  metals: string;
  atoms: number;
  /** D / D_radii. */
  scale: number;
}

export interface SourceScales {
  source: string;
  structures: number;
  /** Structures left out: a metal without a metallic radius, or a frame the reader refuses. */
  skipped: number;
  lowest: ScaledStructure;
  highest: ScaledStructure;
}

/** The frames of a (possibly multi-frame) XYZ text, each as its own XYZ text. */
export function xyzFrames(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const frames: string[] = [];
  for (let at = 0; at < lines.length && /^\s*\d+\s*$/.test(lines[at]); ) {
    const count = Number(lines[at].trim());
    frames.push(lines.slice(at, at + 2 + count).join('\n'));
    at += 2 + count;
  }
  return frames;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((entry) => {
      const full = path.join(folder, entry);
      return statSync(full).isDirectory() ? filesUnder(full) : entry.endsWith('.xyz') ? [full] : [];
    });
}

const SOURCES = ['qcd-gap-nanoclusters', 'canela-np-147', 'lpnc-nc-database'] as const;

/** Every structure of the sources, scaled; and the structures left out, by source. */
export function bondScales(root = dataDir()): { structures: ScaledStructure[]; skipped: Map<string, number> } {
  const structures: ScaledStructure[] = [];
  const skipped = new Map<string, number>();
  for (const source of SOURCES) {
    skipped.set(source, 0);
    for (const file of filesUnder(path.join(root, source))) {
      const frames = xyzFrames(readFileSync(file, 'utf8'));
      frames.forEach((frame, index) => {
        const geometry = parseXyz(frame);
        const radii = 'error' in geometry ? undefined : radiusBondLength(geometry);
        if ('error' in geometry || radii === undefined) {
          skipped.set(source, skipped.get(source)! + 1);
          return;
        }
        const counts = new Map<string, number>();
        for (const element of geometry.elements) counts.set(element, (counts.get(element) ?? 0) + 1);
        structures.push({
          source,
          name: `${path.relative(root, file)}${frames.length > 1 ? `#${index}` : ''}`,
          metals: [...counts].map(([element, count]) => `${element}${count}`).join(''),
          atoms: geometry.elements.length,
          scale: geometry.meanNearestNeighbourDistance / radii,
        });
      });
    }
  }
  return { structures, skipped };
}

export function scalesBySource(root = dataDir()): SourceScales[] {
  const { structures, skipped } = bondScales(root);
  return SOURCES.map((source) => {
    const own = structures.filter((s) => s.source === source).sort((a, b) => a.scale - b.scale);
    return { source, structures: own.length, skipped: skipped.get(source)!, lowest: own[0], highest: own[own.length - 1] };
  });
}

/** The share of D / D_radii a model cluster may be compressed or expanded by, or another functional shift it, without a warning. */
export const BAND_MARGIN = 0.1;

/** RADIUS_BOND_SCALE as the data give it: the lowest scale × (1 − BAND_MARGIN) and the highest × (1 + BAND_MARGIN), rounded outwards to 0.01. */
export function measuredBand(structures: readonly ScaledStructure[]): { min: number; max: number } {
  const scales = structures.map((s) => s.scale);
  return {
    min: Math.floor(100 * Math.min(...scales) * (1 - BAND_MARGIN)) / 100,
    max: Math.ceil(100 * Math.max(...scales) * (1 + BAND_MARGIN)) / 100,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const { structures } = bondScales();
  const describe = (s: ScaledStructure) => `${s.scale.toFixed(3)} (${s.metals}, ${s.name})`;
  for (const s of scalesBySource()) {
    console.log(`${s.source}: ${s.structures} structures (${s.skipped} left out), D / D_radii from ${describe(s.lowest)} to ${describe(s.highest)}`);
  }
  const sorted = structures.map((s) => s.scale).sort((a, b) => a - b);
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(`all ${sorted.length}: min ${sorted[0].toFixed(3)}, 1 % ${quantile(0.01).toFixed(3)}, median ${quantile(0.5).toFixed(3)}, 99 % ${quantile(0.99).toFixed(3)}, max ${sorted[sorted.length - 1].toFixed(3)}`);
  const band = measuredBand(structures);
  const inBohr = sorted.filter((scale) => scale / BOHR_IN_ANGSTROM > band.max).length;
  console.log(`band ${band.min}–${band.max} (RADIUS_BOND_SCALE ${RADIUS_BOND_SCALE.min}–${RADIUS_BOND_SCALE.max}); written in bohr, ${inBohr} of ${sorted.length} (${((100 * inBohr) / sorted.length).toFixed(1)} %) fall above it: those with a scale above ${(band.max * BOHR_IN_ANGSTROM).toFixed(3)}`);
  if (process.argv.includes('--by-metals')) {
    const byMetals = new Map<string, number[]>();
    for (const s of structures) {
      const key = s.metals.replace(/\d+/g, '');
      byMetals.set(key, [...(byMetals.get(key) ?? []), s.scale]);
    }
    for (const [metals, scales] of [...byMetals].sort()) {
      console.log(`${metals}: ${scales.length}, ${Math.min(...scales).toFixed(3)}–${Math.max(...scales).toFixed(3)}`);
    }
  }
}
