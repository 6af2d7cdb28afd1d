import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FEATURE_NAMES, featurize } from '../../engine/src/features';
import { LIGAND_CLASS_COLUMNS, SUPPORT_COLUMNS } from '../../engine/src/features/schema';
import { farBeyond } from '../../engine/src/inference/domain';
import { validateEnergyTerms, type EnergyTermsFile } from '../../engine/src/inference/energyTerms';
import { noveltyOf, type NoveltyContext } from '../../engine/src/inference/noveltyGroup';
import type { RecipeSpec, SupportKind } from '../../engine/src/recipe';

// The novelty key exists twice: training groups its calibration residuals with eform_model.novelty, the
// runtime picks a prediction's group with noveltyOf. Where they disagree, a recipe is calibrated
// against residuals that training gathered for other chemistry. Both are asked for the key of the same
// feature rows (real featurize() rows, with the columns the rule reads set to each rule's edges), under
// the shipped card and terms file and under a context whose edges are exact in floating point.
const root = path.resolve(__dirname, '../..');

/** What both rules read besides the row: the card's pairs, n_metal and mixing ranges and bare bimetallic sizes, and the terms file's laws and environment terms. */
interface Context {
  pairs: string[];
  sizeLaw: EnergyTermsFile['sizeLaw'];
  smallestSize: number;
  pairSizes: number;
  mixingRange: Range;
  environment: EnergyTermsFile['environment'];
}

interface Range {
  min: number;
  max: number;
}

interface Case {
  label: string;
  spec: RecipeSpec;
  row: Float32Array;
}

function shippedContext(): Context {
  const card = JSON.parse(readFileSync(path.join(root, 'models/eform-v2.card.json'), 'utf8'));
  const terms = validateEnergyTerms(JSON.parse(readFileSync(path.join(root, 'models/eform-v2.terms.json'), 'utf8')));
  assert.deepEqual(card.features, [...FEATURE_NAMES], 'the shipped card reads other columns than featurize() writes');
  return {
    pairs: card.domain.pairs,
    sizeLaw: terms.sizeLaw,
    smallestSize: card.domain.features.n_metal.min,
    pairSizes: card.domain.bimetallicSizes.bare.min,
    mixingRange: card.domain.features.miedema_mixing,
    environment: terms.environment,
  };
}

/**
 * Ranges whose edges are exact in binary: a width of 0.625 has a margin (a tenth of it) of 0.0625, so a
 * value at exactly the margin tells `>` from `>=`. Two supports with sizes (one of a single size, as the
 * shipped NC term), a class with a fitted shell range and one without, and shells fitted together with a
 * support and with another class.
 */
function exactContext(shipped: Context): Context {
  return {
    pairs: ['Au-Ni', 'Au-Pd', 'Co-Ni'],
    // Laws fitted from other sizes than the shipped ones (all from 13): each rule must read the laws' own nMin.
    sizeLaw: { ...shipped.sizeLaw, elements: { ...shipped.sizeLaw.elements, Au: { ...shipped.sizeLaw.elements.Au, nMin: 10 }, Pd: { ...shipped.sizeLaw.elements.Pd, nMin: 15 } } },
    smallestSize: 5,
    pairSizes: 40,
    mixingRange: { min: -0.5, max: 0.125 },
    environment: {
      perLigand: { thiolate: { value: -1.9, ligandsPerMetal: { min: 0.5, max: 1.125 } }, halide: { value: -0.5 } },
      perSupport: { nc: { value: -0.6, nMetal: { min: 2, max: 2 } }, oxide: { value: -0.3, nMetal: { min: 10, max: 20 } } },
      fittedTogether: [['ligand:thiolate', 'support:oxide'], ['ligand:thiolate', 'ligand:halide'], ['support:nc']],
    },
  };
}

const float32 = new Float32Array(1);
const float32Bits = new Int32Array(float32.buffer);

/** The float32 next to `x` (itself a float32) towards +∞ (direction 1) or −∞ (−1). */
function nextFloat32(x: number, direction: 1 | -1): number {
  float32[0] = x;
  if (float32[0] === 0) return direction * 2 ** -149;
  float32Bits[0] += float32[0] > 0 === direction > 0 ? 1 : -1;
  return float32[0];
}

/** The last float32 that farBeyond still counts as next to `range`, and the first it counts far, walking from `start` away from the range in `direction`. */
function straddle(range: Range, start: number, direction: 1 | -1): [number, number] {
  let near = Math.fround(start);
  while (farBeyond(near, range.min, range.max) > 0) near = nextFloat32(near, direction === 1 ? -1 : 1);
  let far = nextFloat32(near, direction);
  while (!(farBeyond(far, range.min, range.max) > 0)) [near, far] = [far, nextFloat32(far, direction)];
  return [near, far];
}

/** Values inside, at the ends of, just inside and just beyond the far margin of, exactly at it, and far beyond `range` on both sides. */
function rangeEdges(range: Range): number[] {
  const width = range.max - range.min;
  // Where farBeyond's edge lies (a tenth of the width out); straddle finds the float32 values on either side of it.
  const margin = 0.1 * width;
  const edges = [
    range.min,
    range.max,
    (range.min + range.max) / 2,
    range.max + margin / 2,
    range.min - margin / 2,
    range.max + margin,
    range.min - margin,
    ...straddle(range, range.max + margin, 1),
    ...straddle(range, range.min - margin, -1),
    range.max + 10 * Math.max(width, 0.1),
    range.min - 10 * Math.max(width, 0.1),
  ];
  return [...new Set(edges.map(Math.fround))];
}

function spec(host: string, nHost: number, dopant: string, nDopant: number, support?: SupportKind): RecipeSpec {
  const name = `${host}${nHost}${nDopant > 0 ? `${dopant}${nDopant}` : ''}${support ? ` on ${support}` : ''}`;
  return { name, recipe: name, host: { element: host, count: nHost }, dopant: { element: dopant, count: nDopant }, site: 'mixed', ligands: [], charge: 0, ...(support && { support: { kind: support } }) };
}

/** A featurize() row of `recipe`, with `set` columns overwritten (as float32, as the runtime reads them). */
function makeCase(recipe: RecipeSpec, set: Record<string, number> = {}): Case {
  const featurized = featurize(recipe, { ligands: new Map() });
  if ('error' in featurized) throw new Error(`${recipe.name}: ${featurized.error}`);
  const row = featurized.values;
  for (const [name, value] of Object.entries(set)) row[FEATURE_NAMES.indexOf(name)] = value;
  const changed = Object.keys(set).map((name) => `${name} = ${row[FEATURE_NAMES.indexOf(name)]}`);
  return { label: [recipe.name, ...changed].join(', '), spec: recipe, row };
}

/** `n` metal atoms: pure `host`, or `host` with one `dopant` atom. */
const cluster = (host: string, dopant: string, n: number, support?: SupportKind) => (host === dopant ? spec(host, n, host, 0, support) : spec(host, n - 1, dopant, 1, support));

function cases(context: Context): Case[] {
  const laws = context.sizeLaw.elements;
  // Every size up to past the largest size a law starts at and the smallest calibrated size: each
  // small-N key, the size-new edge, and the laws' own edge, for any law the terms file may hold.
  const largestStart = Math.max(context.smallestSize, ...Object.values(laws).map((law) => law.nMin ?? 0));
  const sizes = [...Array.from({ length: largestStart + 2 }, (_, i) => i + 1), context.pairSizes - 1, context.pairSizes, 55, 147, 10000];
  // A seen pair, a pair never seen of two elements with laws, one element without a law (Hg has none in
  // the shipped laws), and the pair far beyond the fitted mixing range (Pt-Zr, H_mix ≈ −100 kJ/mol).
  const bare = [['Au', 'Au'], ['Cr', 'Cr'], ['Hg', 'Hg'], ['Au', 'Pd'], ['Ni', 'Co'], ['Co', 'Fe'], ['Au', 'Hg'], ['Pt', 'Zr']];
  const out: Case[] = [];
  for (const n of sizes) for (const [host, dopant] of bare) if (host === dopant || n >= 2) out.push(makeCase(cluster(host, dopant, n)));

  // The mixing input at each edge of the fitted range, at the sizes where the far rule changes the key.
  const mixingSizes = [2, context.smallestSize - 1, context.smallestSize, largestStart - 1, largestStart, context.pairSizes - 1, context.pairSizes, 147];
  for (const miedema_mixing of rangeEdges(context.mixingRange)) {
    for (const n of mixingSizes) for (const [host, dopant] of [['Au', 'Pd'], ['Ni', 'Co'], ['Au', 'Au'], ['Au', 'Hg']]) out.push(makeCase(cluster(host, dopant, n), { miedema_mixing }));
  }

  // Shells: each class alone at the edges of its fitted ligands per metal atom, or anywhere when its term
  // has no range or there is no term; on clusters that are otherwise each bare key.
  const { perLigand, perSupport } = context.environment;
  const fittedShells = (c: string) => (Object.hasOwn(perLigand, c) ? perLigand[c].ligandsPerMetal : undefined);
  const shellValues = (c: string): number[] => {
    const fitted = fittedShells(c);
    // A shell has a positive size: far below a fitted range is a quarter of its smallest shell.
    return fitted ? [...rangeEdges(fitted).filter((v) => v > 0), fitted.min / 4] : [0.05, 0.72, 3];
  };
  /** A shell of class `c` its term covers, where it has one: the middle of the fitted shells. */
  const usualShell = (c: string): number => {
    const fitted = fittedShells(c);
    return fitted ? (fitted.min + fitted.max) / 2 : 0.72;
  };
  // The last three: the majority metal written as the dopant, either way round, and two metals at equal counts (a shell binds the majority metal).
  // Before them, cores whose bare key the environment residuals leave out (a far pair, a small pure core, a lawless
  // element below the laws' sizes and above them): the shell composes its interval with the bare core's.
  const hosts = [cluster('Au', 'Pd', 25), cluster('Au', 'Pd', 6), cluster('Au', 'Pd', 2), cluster('Au', 'Au', 13), cluster('Au', 'Hg', 13), cluster('Pt', 'Zr', 55), spec('Pt', 28, 'Zr', 27), spec('Pt', 74, 'Zr', 73), cluster('Au', 'Au', 7), cluster('Au', 'Au', 2), cluster('Au', 'Hg', 8), cluster('Au', 'Hg', 147), cluster('Hg', 'Hg', 20), spec('Pd', 1, 'Au', 24), spec('Au', 1, 'Ag', 24), spec('Au', 12, 'Ag', 12)];
  for (const c of LIGAND_CLASS_COLUMNS) {
    for (const perMetal of shellValues(c)) out.push(makeCase(hosts[0], { ligands_per_metal: perMetal, [`ligand_frac_${c}`]: 1 }));
    for (const recipe of hosts.slice(1)) out.push(makeCase(recipe, { ligands_per_metal: usualShell(c), [`ligand_frac_${c}`]: 1 }));
    // A core whose mixing input lies far beyond the fitted range, below and at the pair residuals' sizes.
    const farOut = context.mixingRange.min - 10 * Math.max(context.mixingRange.max - context.mixingRange.min, 0.1);
    for (const n of [25, context.pairSizes]) out.push(makeCase(cluster('Au', 'Pd', n), { ligands_per_metal: usualShell(c), [`ligand_frac_${c}`]: 1, miedema_mixing: farOut }));
    // A class's share counts only in a shell: without ligands the row is bare.
    out.push(makeCase(hosts[0], { ligands_per_metal: 0, [`ligand_frac_${c}`]: 1 }));
    // Half a shell of this class beside half of a class with a term, at that term's edges: a class's own
    // ligands per metal atom are its share of the shell, and the two terms may never have been fitted together.
    for (const other of LIGAND_CLASS_COLUMNS.filter((o) => o !== c && Object.hasOwn(perLigand, o))) {
      for (const perMetal of shellValues(other)) out.push(makeCase(hosts[0], { ligands_per_metal: 2 * perMetal, [`ligand_frac_${other}`]: 0.5, [`ligand_frac_${c}`]: 0.5 }));
    }
  }

  // Supports: each kind, at sizes around those its term was fitted on, alone and under each class's shell.
  for (const kind of SUPPORT_COLUMNS.filter((s) => s !== 'none')) {
    const fitted = Object.hasOwn(perSupport, kind) ? perSupport[kind].nMetal : undefined;
    const around = fitted ? rangeEdges(fitted).flatMap((v) => [Math.floor(v), Math.ceil(v), Math.floor(v) - 1, Math.ceil(v) + 1]) : [];
    const supportSizes = [...new Set([1, 2, 3, 13, 25, ...around])].filter((n) => n >= 1 && n <= 10000).sort((a, b) => a - b);
    for (const n of supportSizes) for (const [host, dopant] of [['Au', 'Pd'], ['Au', 'Au'], ['Au', 'Hg']]) if (host === dopant || n >= 2) out.push(makeCase(cluster(host, dopant, n, kind)));
    const fittedSize = fitted ? fitted.min : 25;
    for (const c of LIGAND_CLASS_COLUMNS) out.push(makeCase(cluster('Au', 'Pd', fittedSize, kind), { ligands_per_metal: usualShell(c), [`ligand_frac_${c}`]: 1 }));
  }
  // "No support" unset without any kind set: no term applies, which only the fittedTogether rule judges.
  out.push(makeCase(cluster('Au', 'Pd', 25), { support_none: 0 }));
  return out;
}

/** A row's key, and its composition where it has one, as one comparable string. */
function keyText(key: string, composition: { environment?: string; mixing: string; size: string[] } | null | undefined): string {
  if (!composition) return key;
  const bare = [composition.mixing, ...composition.size].join(' + ');
  return `${key} = ${composition.environment === undefined ? bare : `${composition.environment} + (${bare})`}`;
}

function runtimeKeys(context: Context, rows: readonly Case[]): string[] {
  const elements = context.sizeLaw.elements;
  const novelty: NoveltyContext = {
    pairs: context.pairs,
    sizeLaw: (symbol) => (Object.hasOwn(elements, symbol) ? elements[symbol] : undefined),
    smallestSize: context.smallestSize,
    lawsFrom: Math.min(...Object.values(elements).map((law) => law.nMin ?? 0)),
    pairSizes: context.pairSizes,
    mixingRange: context.mixingRange,
    environment: context.environment,
  };
  const classify = noveltyOf(FEATURE_NAMES, novelty);
  return rows.map((c) => {
    const { key, composition } = classify(c.row, 0);
    return keyText(key, composition);
  });
}

function trainingKeys(context: Context, rows: readonly Case[]): string[] {
  const request = { context, rows: rows.map((c) => ({ spec: c.spec, features: Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, c.row[i]])) })) };
  const run = spawnSync('/usr/bin/python3', ['training/novelty_keys.py'], { cwd: root, input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, `training/novelty_keys.py failed: ${run.stderr.slice(-3000)}`);
  return (JSON.parse(run.stdout) as { key: string; composition: Parameters<typeof keyText>[1] }[]).map((k) => keyText(k.key, k.composition));
}

/** Every key the rule has, so an input set that stopped reaching one fails here rather than passing on fewer groups. */
function assertEveryKey(context: Context, keys: readonly string[]): void {
  const lawStart = context.sizeLaw.elements.Au.nMin ?? 0;
  const smallSizes = Array.from({ length: lawStart - context.smallestSize }, (_, i) => `small-${context.smallestSize + i}`);
  const expected = ['environment', 'environment-new', 'size-new', 'element-new-small', 'element-new', 'pair-far-small', ...smallSizes, 'unary-Au', 'unary-Cr', 'pair-far', 'pair-seen', 'pair-new'];
  const reached = new Set(keys.map((k) => k.split(' = ')[0]));
  assert.deepEqual(expected.filter((k) => !reached.has(k)), [], `keys never reached: ${[...reached].sort().join(', ')}`);
  // Each mixing key with each kind of size part (the small-N of a row below a law's nMin, a law's own unary
  // key); a far pair below a law's nMin is pair-far-small, which nothing composes.
  for (const [mixing, sizes] of [['pair-far', ['unary-', 'element-new']], ['pair-seen', ['small-', 'unary-']], ['pair-new', ['small-', 'unary-', 'element-new']]] as const) {
    for (const size of sizes) {
      assert.ok(keys.some((k) => k.includes(` = ${mixing} + `) && k.split(' = ')[1].includes(` + ${size}`)), `no row composes ${mixing} with a ${size}… size part`);
    }
  }
  // A shell or support with each kind of bare core its residuals leave out, and with one they hold (no composition).
  for (const environment of ['environment', 'environment-new']) {
    for (const core of ['(small-', '(size-new)', '(element-new-small)', '(pair-far)', '(pair-far + ', '(pair-new + element-new', '(pair-seen + small-']) {
      assert.ok(keys.some((k) => k.startsWith(`${environment} = ${environment} + ${core}`)), `no ${environment} row composes a bare core ${core}…`);
    }
    assert.ok(keys.includes(environment), `no ${environment} row keeps its group alone`);
  }
}

for (const [name, contextOf] of [
  ['the shipped card and terms file', shippedContext],
  ['ranges whose far margins are exact in binary', () => exactContext(shippedContext())],
] as const) {
  test(`training and the runtime give every row the same novelty key: ${name}`, { timeout: 120_000 }, () => {
    const context = contextOf();
    const rows = cases(context);
    const runtime = runtimeKeys(context, rows);
    const training = trainingKeys(context, rows);
    assert.equal(training.length, rows.length);
    const disagreements = rows.flatMap((c, i) => (runtime[i] === training[i] ? [] : [`${c.label}: runtime ${runtime[i]}, training ${training[i]}`]));
    assert.deepEqual(disagreements, [], `${disagreements.length} of ${rows.length} rows disagree`);
    assertEveryKey(context, runtime);
  });
}

// Pure clusters are calibrated per element: residuals pooled over elements were not exchangeable (the early
// transition metals' laws miss more than the late ones'), so an early (Cr, group 6) and a late (Au, group 11)
// transition metal must take different groups, in training and at run time alike, and the shipped conformal
// file must hold a group for each.
test('an early and a late transition metal take different unary calibration groups, in training and at run time', { timeout: 120_000 }, () => {
  const context = shippedContext();
  const rows = [makeCase(cluster('Cr', 'Cr', 20)), makeCase(cluster('Au', 'Au', 20))];
  for (const [side, keys] of [['runtime', runtimeKeys(context, rows)], ['training', trainingKeys(context, rows)]] as const) {
    assert.deepEqual(keys, ['unary-Cr', 'unary-Au'], `${side} keys`);
  }
  const conformal = JSON.parse(readFileSync(path.join(root, 'models/eform-v2.conformal.json'), 'utf8'));
  for (const key of ['unary-Cr', 'unary-Au']) {
    const group = Object.entries(conformal.groups as Record<string, { n: number; members: string[] }>).find(([, g]) => g.members.includes(key));
    assert.ok(group, `no shipped group serves ${key}`);
    assert.equal(group[0], key, `${key} is served by ${group[0]}, not its own group`);
    assert.ok(group[1].n >= 19, `${key}: ${group[1].n} points cannot bound a 95 % interval`);
  }
});
