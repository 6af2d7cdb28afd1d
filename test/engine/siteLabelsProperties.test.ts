/**
 * Properties of the cone test's core/surface labels (siteLabels, engine/src/geometry/neighbours.ts)
 * on random and adversarial atom sets: one label per atom, whatever the shape; an atom on the
 * convex hull is surface; labels follow the atoms through a translation, rotation, permutation or
 * change of scale; and a dense random gas is labelled without a gross hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neighbourGraph, siteLabels } from '../../engine/src/geometry/neighbours';
import { coreTemplate } from '../../engine/src/geometry/templates';
import { TEMPLATE_TOPOLOGIES } from '../../engine/src/geometry/magicSizes';
import type { SiteLabel } from '../../engine/src/geometry/types';
import { seededRandom } from '../helpers/random';

const labelsOf = (positions: Float64Array) => siteLabels(positions, neighbourGraph(positions));

/** A point uniform in the unit ball, by rejection from the cube around it. */
function inBall(random: () => number): number[] {
  let v: number[];
  do v = [0, 0, 0].map(() => 2 * random() - 1);
  while (Math.hypot(...v) > 1);
  return v;
}

/** An fcc ball of about `radius` bonds with a share of its atoms removed, each atom moved by up to `share` of a bond. */
function fccWithVacancies(random: () => number, radius: number, vacancies: number, share: number): number[][] {
  const atoms: number[][] = [];
  const r = Math.ceil(radius) + 1;
  for (let x = -r; x <= r; x++) {
    for (let y = -r; y <= r; y++) {
      for (let z = -r; z <= r; z++) {
        if ((x + y + z) % 2 !== 0 || Math.hypot(x, y, z) / Math.SQRT2 > radius || random() < vacancies) continue;
        const jiggle = inBall(random);
        atoms.push([x, y, z].map((c, d) => 2.04 * c + 2.88 * share * jiggle[d]));
      }
    }
  }
  return atoms;
}

/** Random shapes a structure file can hold, the awkward ones included. */
function shapes(seed: number): Record<string, number[][]> {
  const random = seededRandom(seed);
  const gas = (n: number, side: number) => Array.from({ length: n }, () => [0, 0, 0].map(() => side * random()));
  return {
    'one atom': [[0, 0, 0]],
    'two atoms': [[0, 0, 0], [2.88 * random() + 0.1, 0, 0]],
    'three atoms': gas(3, 3),
    'a collinear chain, unevenly spaced': Array.from({ length: 30 }, (_, i) => [0, 0, 2.88 * i + random()]),
    'a tilted plane of random atoms': gas(200, 20).map(([u, v]) => [u, v, 0.3 * u - 0.7 * v]),
    'a random gas': gas(300, 15),
    'an fcc ball with 10 % vacancies, jiggled 5 %': fccWithVacancies(random, 4, 0.1, 0.05),
    'an fcc ball with 30 % vacancies': fccWithVacancies(random, 4, 0.3, 0.02),
    'near-duplicates beside a cluster': [...gas(50, 8), ...gas(5, 8).flatMap((p) => [p, p.map((c) => c + 1e-6)])],
    'coordinates near 1e6 Å': gas(100, 10).map((p) => p.map((c) => c + 1e6)),
  };
}

const SEEDS = [1, 2, 3];

test('every atom gets one label, core or surface, whatever the shape', () => {
  for (const seed of SEEDS) {
    for (const [shape, atoms] of Object.entries(shapes(seed))) {
      const labels = labelsOf(Float64Array.from(atoms.flat()));
      assert.equal(labels.length, atoms.length, `${shape}, seed ${seed}`);
      assert.ok(labels.every((l) => l === 'core' || l === 'surface'), `${shape}, seed ${seed}`);
    }
  }
});

test('an atom farthest along some direction (a vertex of the convex hull) is surface', () => {
  const random = seededRandom(7);
  for (const seed of SEEDS) {
    for (const [shape, atoms] of Object.entries(shapes(seed))) {
      const labels = labelsOf(Float64Array.from(atoms.flat()));
      for (let k = 0; k < 50; k++) {
        const u = inBall(random);
        const dots = atoms.map((p) => p[0] * u[0] + p[1] * u[1] + p[2] * u[2]);
        const extreme = dots.indexOf(Math.max(...dots));
        assert.equal(labels[extreme], 'surface', `${shape}, seed ${seed}, atom ${extreme}`);
      }
    }
  }
});

/** Flat x, y, z as one point each, times `scale`. */
function chunks(flat: Float64Array, scale: number): number[][] {
  return Array.from({ length: flat.length / 3 }, (_, i) => [0, 1, 2].map((d) => scale * flat[3 * i + d]));
}

/** A random rotation matrix (rows), from a random unit quaternion. */
function rotation(random: () => number): number[][] {
  const [a, b, c, d] = (() => {
    const q = [0, 0, 0, 0].map(() => random() - 0.5);
    const n = Math.hypot(...q);
    return q.map((v) => v / n);
  })();
  return [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a - b * b + c * c - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a - b * b - c * c + d * d],
  ];
}

test('labels follow the atoms through a translation, a rotation, a permutation and a change of scale', () => {
  for (const seed of SEEDS) {
    const random = seededRandom(100 + seed);
    const cases: Record<string, number[][]> = {
      ...shapes(seed),
      // Ideal lattices put atoms exactly on one another's cone sides, where rounding could tip a label.
      [`an ideal ${TEMPLATE_TOPOLOGIES[seed % TEMPLATE_TOPOLOGIES.length]} of 4 shells`]: chunks(coreTemplate(TEMPLATE_TOPOLOGIES[seed % TEMPLATE_TOPOLOGIES.length], 4).positions, 2.88),
      'a jiggled 147-atom icosahedron': chunks(coreTemplate('icosahedron', 3).positions, 2.88).map((p) => {
        const jiggle = inBall(random);
        return p.map((c, d) => c + 0.2 * jiggle[d]);
      }),
    };
    for (const [shape, atoms] of Object.entries(cases)) {
      const labels = labelsOf(Float64Array.from(atoms.flat()));
      const shift = [0, 0, 0].map(() => 100 * (random() - 0.5));
      const turn = rotation(random);
      const order = atoms.map((_, i) => i).sort(() => random() - 0.5);
      const moved: Record<string, { atoms: number[][]; expected: SiteLabel[] }> = {
        translated: { atoms: atoms.map((p) => p.map((c, d) => c + shift[d])), expected: labels },
        rotated: { atoms: atoms.map((p) => turn.map((row) => row[0] * p[0] + row[1] * p[1] + row[2] * p[2])), expected: labels },
        permuted: { atoms: order.map((i) => atoms[i]), expected: order.map((i) => labels[i]) },
        'scaled by 1e-3': { atoms: atoms.map((p) => p.map((c) => c * 1e-3)), expected: labels },
        'scaled by 1e4': { atoms: atoms.map((p) => p.map((c) => c * 1e4)), expected: labels },
        'scaled by 2^-100': { atoms: atoms.map((p) => p.map((c) => c * 2 ** -100)), expected: labels },
      };
      for (const [how, { atoms: changed, expected }] of Object.entries(moved)) {
        assert.deepEqual(labelsOf(Float64Array.from(changed.flat())), expected, `${shape}, seed ${seed}, ${how}`);
      }
    }
  }
});

test('a dense random gas of 3,000 atoms, and an atom inside a shell of 2,000 atoms at random angles, are labelled in seconds', () => {
  const random = seededRandom(11);
  const gas = Array.from({ length: 3000 }, () => [0, 0, 0].map(() => 30 * random()));
  const shell = Array.from({ length: 2000 }, () => {
    const v = inBall(random);
    const n = Math.hypot(...v);
    return v.map((c) => (3 * c) / n);
  });
  for (const [what, atoms] of Object.entries({ gas, shell: [[0, 0, 0], ...shell] })) {
    const started = performance.now();
    const labels = labelsOf(Float64Array.from(atoms.flat()));
    const elapsed = performance.now() - started;
    assert.equal(labels.length, atoms.length);
    if (what === 'shell') assert.equal(labels[0], 'core');
    assert.ok(elapsed < 5000, `${what}: ${elapsed.toFixed(0)} ms`);
  }
});
