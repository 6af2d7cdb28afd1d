/**
 * BM316's band against real clusters: RADIUS_BOND_SCALE is what scripts/bond-scale.ts measures on
 * the DFT structures in ../shared/data, and a real cluster is judged by its units, not its metals:
 * accepted in Å (and compressed or expanded by 10 %), warned about in bohr with the bohr hint.
 * Reads ../shared/data at test time (never copied).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BOHR_IN_ANGSTROM, RADIUS_BOND_SCALE } from '../../engine/src/geometry/coordinateUnits';
import { createScorer } from '../../pipeline/src/index';
import { bondScales, measuredBand, xyzFrames } from '../../scripts/bond-scale';
import { sharedDataDir } from '../../scripts/gen-common';

const dataDir = sharedDataDir();
const skip = !existsSync(path.join(dataDir, 'qcd-gap-nanoclusters')) && `${dataDir} holds no qcd-gap-nanoclusters (BIMETAL_DATA_DIR, else ../shared/data)`;
const work = mkdtempSync(path.join(tmpdir(), 'bimetal-bond-scale-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('the band of D / D_radii is the span of 2,829 real clusters with 10 % to spare, and catches 98.9 % of them written in bohr', { skip }, () => {
  const { structures } = bondScales(dataDir);
  const scales = structures.map((s) => s.scale);
  assert.equal(structures.length, 2829);
  assert.equal(Math.min(...scales).toFixed(3), '0.585');
  assert.equal(Math.max(...scales).toFixed(3), '1.274');
  assert.deepEqual(measuredBand(structures), RADIUS_BOND_SCALE, 'RADIUS_BOND_SCALE is stale: rerun npx tsx scripts/bond-scale.ts');
  assert.equal(scales.filter((scale) => scale / BOHR_IN_ANGSTROM > RADIUS_BOND_SCALE.max).length, 2797);
});

/** The frame of an XYZ file with the lowest QCD DFT energy among those of `atoms` atoms. */
function groundState(file: string, atoms: number): string[] {
  const frames = xyzFrames(readFileSync(path.join(dataDir, file), 'utf8')).filter((f) => f.startsWith(`${atoms}\n`));
  const energy = (frame: string) => Number(/dft_energy=(\S+)/.exec(frame)![1]);
  return frames.reduce((best, frame) => (energy(frame) < energy(best) ? frame : best)).split('\n');
}

/** The frame with every coordinate multiplied by `scale`; the species and pos columns are the first four (as in both sources used here). */
function scaled(lines: readonly string[], scale: number): string {
  const atoms = lines.slice(2).map((line) => {
    const [species, ...rest] = line.trim().split(/\s+/);
    return [species, ...rest.slice(0, 3).map((x) => Number(x) * scale)].join(' ');
  });
  return [lines[0], 'scaled', ...atoms, ''].join('\n');
}

test('real clusters are accepted in Å and compressed or expanded by 10 %; in bohr they are a BM316 warning that says to read them in bohr', { skip }, async () => {
  const clusters = {
    Au13: { lines: groundState('qcd-gap-nanoclusters/Au_gap_QCD_relaxed.xyz', 13), recipe: 'host Au 12\n  dopant Pt 1' },
    Ni55: { lines: groundState('qcd-gap-nanoclusters/Ni_gap_QCD_relaxed.xyz', 55), recipe: 'host Ni 54\n  dopant Cu 1' },
    Au73Pt74: { lines: xyzFrames(readFileSync(path.join(dataDir, 'canela-np-147/PtAu/Au73Pt74.xyz'), 'utf8'))[0].split('\n'), recipe: 'host Au 73\n  dopant Pt 74' },
  };
  const units = { angstrom: 1, compressed: 0.9, expanded: 1.1, bohr: 1 / BOHR_IN_ANGSTROM };
  let text = '';
  for (const [name, { lines, recipe }] of Object.entries(clusters)) {
    for (const [unit, scale] of Object.entries(units)) {
      writeFileSync(path.join(work, `${name}-${unit}.xyz`), scaled(lines, scale));
      text += `recipe ${name}_${unit} {\n  ${recipe}\n  structure "${name}-${unit}.xyz"\n}\n`;
    }
  }
  const scorer = createScorer({});
  try {
    const doc = await scorer.scoreText(text, { file: 'real.bimetal', baseDir: work });
    const warned = doc.records.filter((r) => r.diagnostics.some((d) => d.code === 'BM316')).map((r) => r.recipe);
    assert.deepEqual(warned, ['Au13_bohr', 'Ni55_bohr', 'Au73Pt74_bohr']);
    for (const name of warned) {
      const warning = doc.records.find((r) => r.recipe === name)!.diagnostics.find((d) => d.code === 'BM316')!;
      const inBohr = /D = (\S+) Å .*; read in bohr, D would be (\S+) Å$/.exec(warning.message);
      assert.ok(inBohr, warning.message);
      const angstrom = doc.records.find((r) => r.recipe === name.replace('bohr', 'angstrom'))!.descriptors!.distance!;
      assert.ok(Math.abs(Number(inBohr[2]) - angstrom) < 1e-4, `${warning.message} (D in Å: ${angstrom})`);
    }
  } finally {
    await scorer.dispose();
  }
});
