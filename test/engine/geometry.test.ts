import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { coreTemplate } from '../../engine/src/geometry/templates';
import { sizeForShells, TEMPLATE_TOPOLOGIES } from '../../engine/src/geometry/magicSizes';
import { NEIGHBOUR_CUTOFF, neighbourGraph, siteLabels, squaredDistance } from '../../engine/src/geometry/neighbours';
import { clumpInShellAtoms, fccBlockAtoms, fibonacciSphere, xyzText, type Atom } from '../helpers/coreXyz';
import { seededRandom } from '../helpers/random';
import { MAX_COORDINATE, OVERLAP_FRACTION, parseXyz } from '../../engine/src/geometry/xyz';
import { SUPPORTED_METALS, requireElement } from '../../engine/src/elements';
import { readXyzStructure } from '../../engine/src/geometry/xyzFile';
import { BOHR_IN_ANGSTROM, plausibleDistanceForMetals, radiusBondLength, RADIUS_BOND_SCALE } from '../../engine/src/geometry/coordinateUnits';
import { placeCore } from '../../engine/src/geometry/placeCore';
import { relaxToBondLengths } from '../../engine/src/geometry/relax';
import { isGeometryError, type CoreGeometry, type GeometryError } from '../../engine/src/geometry/types';

const distance = (positions: Float64Array, i: number, j: number) => Math.sqrt(squaredDistance(positions, i, j));

function neighbourLists(atomCount: number, bonds: ReadonlyArray<readonly [number, number]>): Set<number>[] {
  const lists = Array.from({ length: atomCount }, () => new Set<number>());
  for (const [i, j] of bonds) {
    lists[i].add(j);
    lists[j].add(i);
  }
  return lists;
}

function geometry(result: CoreGeometry | GeometryError): CoreGeometry {
  if (isGeometryError(result)) assert.fail(result.error);
  return result;
}

test('Mackay icosahedra have 13, 55, 147, 309, 561, 923, 1415 distinct atoms', () => {
  const counts = [1, 2, 3, 4, 5, 6, 7].map((k) => {
    const { positions } = coreTemplate('icosahedron', k);
    const n = positions.length / 3;
    let closest = Infinity;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) closest = Math.min(closest, distance(positions, i, j));
    assert.ok(closest > 0.9, `atoms of the ${n}-atom icosahedron overlap (closest pair ${closest})`);
    return n;
  });
  assert.deepEqual(counts, [13, 55, 147, 309, 561, 923, 1415]);
});

test('the centre of an icosahedron has 12 neighbours at the radial distance sin(2π/5) × the surface edge', () => {
  const { positions, bonds, bondLengths } = coreTemplate('icosahedron', 1);
  const centre = neighbourLists(13, bonds)[0];
  assert.equal(centre.size, 12);
  const radial = bonds.map((b, k) => [b, bondLengths[k]] as const).filter(([[i]]) => i === 0).map(([, l]) => l);
  const tangential = bonds.map((b, k) => [b, bondLengths[k]] as const).filter(([[i]]) => i !== 0).map(([, l]) => l);
  assert.equal(tangential.length, 30, 'the 12 surface atoms share the 30 edges of an icosahedron');
  for (const r of radial) assert.ok(Math.abs(r / tangential[0] - Math.sin((2 * Math.PI) / 5)) < 1e-12);
  assert.ok(Math.abs(distance(positions, 0, 1) - radial[0]) < 1e-12);
});

test('templates label the outer shell surface and everything inside core', () => {
  for (const topology of ['icosahedron', 'cuboctahedron', 'decahedron'] as const) {
    for (let k = 1; k <= 4; k++) {
      const { labels } = coreTemplate(topology, k);
      const core = labels.filter((l) => l === 'core').length;
      assert.equal(core, k === 1 ? 1 : sizeForShells(topology, k - 1), `${topology} ${k} shells`);
      assert.equal(labels.length - core, 10 * k * k + 2, `${topology} ${k} shells: outer shell of 10k² + 2`);
    }
  }
  const ico55 = coreTemplate('icosahedron', 2).labels;
  assert.deepEqual([ico55.filter((l) => l === 'core').length, ico55.filter((l) => l === 'surface').length], [13, 42]);
  const octa19 = coreTemplate('octahedron', 2).labels;
  assert.equal(octa19.filter((l) => l === 'core').length, 1);
  assert.ok(coreTemplate('tetrahedron', 3).labels.every((l) => l === 'surface'), 'a 20-atom tetrahedron has no interior atom');
});

test('every template has a symmetric nearest-neighbour graph of first neighbours only', () => {
  for (const topology of TEMPLATE_TOPOLOGIES) {
    for (let k = 1; k <= 4; k++) {
      const { positions, bonds, bondLengths, labels } = coreTemplate(topology, k);
      const n = labels.length;
      const lists = neighbourLists(n, bonds);
      const seen = new Set<string>();
      for (const [i, j] of bonds) {
        assert.ok(i < j && !seen.has(`${i}-${j}`), `${topology} ${k}: bond ${i}-${j} listed once with i < j`);
        seen.add(`${i}-${j}`);
      }
      for (let i = 0; i < n; i++) for (const j of lists[i]) assert.ok(lists[j].has(i), `${topology} ${k}: ${i}→${j} not mirrored`);
      // The whole graph, recomputed by brute force: exactly the pairs within the cut-off.
      let expected = 0;
      const nearest = Array.from({ length: n }, (_, i) => Math.min(...Array.from({ length: n }, (_, j) => (i === j ? Infinity : distance(positions, i, j)))));
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (distance(positions, i, j) <= NEIGHBOUR_CUTOFF * Math.min(nearest[i], nearest[j])) expected++;
      assert.equal(bonds.length, expected, `${topology} ${k}`);
      const mean = bondLengths.reduce((s, l) => s + l, 0) / bondLengths.length;
      assert.ok(Math.abs(mean - 1) < 1e-12, 'template lengths are in units of the mean bond');
      for (const l of bondLengths) assert.ok(l > 0.95 && l < 1.05, `${topology} ${k}: bond ${l} is not a first neighbour`);
      for (let i = 0; i < n; i++) assert.equal(lists[i].size >= 12, labels[i] === 'core');
    }
  }
});

test('fcc templates keep ideal fcc bonds; the decahedron and icosahedron carry their twin strain', () => {
  for (const topology of ['cuboctahedron', 'octahedron', 'tetrahedron'] as const) {
    for (const l of coreTemplate(topology, 3).bondLengths) assert.ok(Math.abs(l - 1) < 1e-12, topology);
  }
  const spread = (ls: Float64Array) => Math.max(...ls) / Math.min(...ls) - 1;
  assert.ok(spread(coreTemplate('icosahedron', 3).bondLengths) > 0.04);
  const deca = spread(coreTemplate('decahedron', 3).bondLengths);
  assert.ok(deca > 0.02 && deca < 0.05, `Ino decahedron strain ${deca}`);
});

/** The neighbour rule applied to every pair, in the order the bonds are listed: what the cell search must give. */
function bondsOfEveryPair(positions: Float64Array): Array<[number, number]> {
  const n = positions.length / 3;
  const nearestSq = Array.from({ length: n }, (_, i) => Math.min(...Array.from({ length: n }, (_, j) => (j === i ? Infinity : squaredDistance(positions, i, j)))));
  const bonds: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (squaredDistance(positions, i, j) <= Math.min(nearestSq[i], nearestSq[j]) * NEIGHBOUR_CUTOFF ** 2) bonds.push([i, j]);
    }
  }
  return bonds;
}

test('the search finds the bonds every pair would give, in the same order, for compact, flat, thin, scattered, stray and unbounded atoms', () => {
  const random = seededRandom(5);
  const jitter = (v: number, amount: number) => v + (random() - 0.5) * amount;
  const shapes: Record<string, number[][]> = {
    'icosahedron, 4 shells': Array.from({ length: sizeForShells('icosahedron', 4) }, (_, i) => [...coreTemplate('icosahedron', 4).positions.slice(3 * i, 3 * i + 3)]),
    'jittered fcc block': Array.from({ length: 6 ** 3 }, (_, i) => [i % 6, Math.floor(i / 6) % 6, Math.floor(i / 36)]).map(([x, y, z]) => [jitter(2.88 * x + (y % 2) * 1.44, 0.3), jitter(2.88 * y, 0.3), jitter(2.88 * z, 0.3)]),
    'random gas': Array.from({ length: 400 }, () => [random() * 40, random() * 40, random() * 40]),
    'sheet': Array.from({ length: 300 }, (_, i) => [2.8 * (i % 20), 2.8 * Math.floor(i / 20), 0]),
    'chain along y': Array.from({ length: 200 }, (_, i) => [0, jitter(2.9 * i, 0.2), 0]),
    'two clusters far apart': Array.from({ length: 120 }, (_, i) => [(i < 60 ? 0 : 1e6) + random() * 10, random() * 10, random() * 10]),
    'a cluster with stray atoms on both sides': [
      ...Array.from({ length: 300 }, (_, i) => [2.8 * (i % 7) + random(), 2.8 * (Math.floor(i / 7) % 7) + random(), 2.8 * Math.floor(i / 49) + random()]),
      [1e9, 0, 0],
      [-3e4, 5, 5],
      [2.8, -1e6, 1e7],
    ],
    'coincident atoms and a lone one': [[0, 0, 0], [0, 0, 0], [1, 1, 1], [50, 50, 50]],
    'a box too large to be finite': [[1e308, 0, 0], [-1e308, 0, 0], [-1e308, 2.8, 0]],
  };
  for (const [shape, atoms] of Object.entries(shapes)) {
    const positions = Float64Array.from(atoms.flat());
    assert.deepEqual(neighbourGraph(positions).bonds, bondsOfEveryPair(positions), shape);
  }
});

test('the geometry and the calibration share the k-d tree from a module of neither: the geometry imports nothing of the calibration, and the tree nothing of the engine', () => {
  const engine = path.resolve(__dirname, '..', '..', 'engine', 'src');
  const importsOf = (folder: string) =>
    readdirSync(path.join(engine, folder))
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(path.join(engine, folder, file), 'utf8').matchAll(/^import[^;]*? from '([^']+)'/gm)].map((m) => `${file}: ${m[1]}`));
  assert.deepEqual(importsOf('geometry').filter((line) => line.includes('/calibration/')), []);
  assert.deepEqual(importsOf('spatial').filter((line) => line.includes("'../")), []);
});

test('the searches for bonds and cones do about the same work per atom whatever the spread: a dense clump inside a sparse shell 10⁴ Å across is not searched pairwise', () => {
  const workPerAtom = (cells: number) => {
    // The shell holds 15 % of the atoms, as many as a grid's box needs to reach it.
    const atoms = clumpInShellAtoms(cells, 0.6 * cells ** 3);
    const positions = Float64Array.from(atoms.flatMap(([, ...p]) => p));
    const graph = neighbourGraph(positions);
    siteLabels(positions, graph);
    return graph.search.evaluations / atoms.length;
  };
  const small = workPerAtom(6);
  const large = workPerAtom(10);
  // 4.6 times the atoms. The grid of cells sized from the whole box held the clump in a few cells: 2,145 then 8,852 atoms visited per atom.
  assert.ok(large < 1.5 * small, `${small.toFixed(0)} then ${large.toFixed(0)} distance evaluations per atom`);
});

test('templates are cached and reject impossible shell counts', () => {
  assert.equal(coreTemplate('octahedron', 3), coreTemplate('octahedron', 3));
  assert.throws(() => coreTemplate('icosahedron', 0), RangeError);
  assert.throws(() => coreTemplate('icosahedron', 1.5), RangeError);
});

function xyzOf(elements: string[], positions: Float64Array, comment = 'test'): string {
  const lines = elements.map((e, i) => `${e} ${positions[3 * i]} ${positions[3 * i + 1]} ${positions[3 * i + 2]}`);
  return `${elements.length}\n${comment}\n${lines.join('\n')}\n`;
}

test('an XYZ core gives D as the mean nearest-neighbour metal–metal distance; ligand atoms are ignored', () => {
  const { positions } = coreTemplate('icosahedron', 1);
  const scaled = Float64Array.from(positions, (x) => x * 2.88);
  const elements = Array.from({ length: 13 }, (_, i) => (i === 0 ? 'Pt' : 'Au'));
  const withLigands = xyzOf([...elements, 'S', 'S'], Float64Array.from([...scaled, 9, 0, 0, 0, 9, 0]));
  const core = geometry(parseXyz(withLigands));
  assert.deepEqual(core.elements, elements);
  assert.equal(core.bonds.length, 42);
  assert.ok(Math.abs(core.meanNearestNeighbourDistance - 2.88) < 1e-9);
  assert.equal(core.labels.filter((l) => l === 'core').length, 1);
  assert.match(core.origin, /2 non-metal atoms ignored/);
});

test('XYZ import tolerates extended XYZ headers, upper-case symbols, atomic numbers and extra columns', () => {
  const text = [
    '3',
    'Lattice="20 0 0 0 20 0 0 0 20" Properties=id:I:1:pos:R:3:species:S:1 pbc="F F F"',
    '1 0.0 0.0 0.0 AU',
    '2 2.9 0.0 0.0 79',
    '3 0.0 2.7 0.0 Ag extra',
  ].join('\n');
  const core = geometry(parseXyz(text));
  assert.deepEqual(core.elements, ['Au', 'Au', 'Ag']);
  assert.ok(Math.abs(core.meanNearestNeighbourDistance - (2.9 + 2.7) / 2) < 1e-12, 'the 3.97 Å diagonal is beyond the cut-off');
});

test('malformed XYZ input gives a message, never a throw', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /not an XYZ file: line 1 is empty where the atom count belongs/],
    ['two\nc\nAu 0 0 0', /^not an XYZ file: line 1 is not an atom count$/],
    ['3\nc\nAu 0 0 0\nAu 2.9 0 0\n', /announces 3 atoms but has 2 atom lines/],
    ['2\nc\nAu 0 0 0\nAu 2.9 zero 0', /line 4: coordinates must be numbers/],
    ['2\nc\nAu 0 0 0\nAu Infinity 0 0', /^line 4: coordinates must be numbers$/],
    // A number a double cannot hold says so, in the words of the language's BM234; 1e-400 was read as 0.
    ['2\nc\nAu 0 0 0\nAu 1e400 0 0', /^line 4: a coordinate is too large to be stored as a number \(it would read as infinity\)$/],
    ['2\nc\nAu 0 0 0\nAu 2.9 -1e-400 0', /^line 4: a coordinate is too small to be stored as a number \(it would read as 0\)$/],
    ['2\nc\nAu 0 0 0\nXx 2.9 0 0', /line 4: the species column is not an element/],
    ['2\nc\nAu 0 0\nAu 2.9 0 0', /line 3: expected 'Element x y z', found 3 columns/],
    ['2\nc\nS 0 0 0\nC 1.8 0 0', /no metal atoms/],
    ['2\nProperties=species:S:1\nAu 0 0 0\nAu 2.9 0 0', /line 2: .*names no species or pos column/],
    ['2\nc\nAu 0 0 0\nAu 0 0 0', /^metal atoms overlap: Au on line 3 and Au on line 4 are 0 Å apart/],
    // Squared distances underflow: every bond read 0 Å long, and the file was refused as two atoms on one site.
    ['3\nc\nAu 0 0 0\nAu 2.9e-170 0 0\nAu 0 2.9e-170 0', /^the metal atoms all lie within 2\.90e-170 Å of one another, too close to measure distances between \(at least 1e-150 Å across is needed\); coordinates must be in Å$/],
    ['2\nc\nAu 1e160 0 0\nAu 0 0 0', /^line 3: the coordinate 1e\+160 is too large to measure distances from \(coordinates must lie within ±1e\+153 Å\)$/],
    // Number() reads these as 2, 1 and 7: no file of coordinates means them.
    ['2\nc\nAu 0 0 0\nAu 0x2 0 0', /^line 4: coordinates must be numbers$/],
    ['2\nc\nAu 0 0 0\nAu 0b1 0 0', /^line 4: coordinates must be numbers$/],
    ['2\nc\nAu 0 0 0\nAu 0o7 0 0', /^line 4: coordinates must be numbers$/],
    // An atom line past the count was dropped unseen: the count says 2, three atoms follow.
    ['2\nc\nAu 0 0 0\nAu 2.9 0 0\nPt 0 2.9 0\n', /^line 5: an atom line follows the atoms that line 1 counts; correct the count on line 1, or remove it$/],
  ];
  for (const [text, message] of cases) {
    const result = parseXyz(text);
    assert.ok(isGeometryError(result), `accepted: ${JSON.stringify(text)}`);
    assert.match(result.error, message);
  }
});

test('an XYZ file of several frames has its first read and its frames counted; blank lines between and after frames are no frames', () => {
  const frame = (x: number) => `2\nstep\nAu 0 0 0\nAu ${x} 0 0\n`;
  const trajectory = geometry(parseXyz(`${frame(2.9)}\n${frame(2.8)}${frame(2.7)}\n\n`));
  assert.equal(trajectory.frames, 3);
  assert.equal(trajectory.meanNearestNeighbourDistance, 2.9);
  assert.match(trajectory.origin, /^XYZ file, frame 1 of 3: 2 metal atoms$/);
  const single = geometry(parseXyz(`${frame(2.9)}\n\n`));
  assert.equal(single.frames, undefined);
  assert.match(single.origin, /^XYZ file: 2 metal atoms$/);
  // A trailer some programs write after the atoms is no atom and no frame.
  assert.equal(geometry(parseXyz(`${frame(2.9)}END\n`)).frames, undefined);
  assert.equal(geometry(parseXyz(`${frame(2.9)}\u001a`)).frames, undefined);
  // Decimal forms a file writes are all read.
  assert.equal(geometry(parseXyz('2\nc\nAu -.5 0 0\nAu 2. +0e0 1E-1\n')).elements.length, 2);
});

test('metal atoms far from every atom of the cluster are strays, alone or bonded to each other; an atom merely without a bond, as a staple gold atom, is not', () => {
  const { positions } = coreTemplate('icosahedron', 1);
  const atoms = [...Float64Array.from(positions, (x) => x * 2.88)];
  const strays = (extra: number[]) => geometry(parseXyz(xyzOf(Array(13 + extra.length / 3).fill('Au'), Float64Array.from([...atoms, ...extra])))).strays;
  assert.equal(strays([]), undefined);
  assert.equal(strays([1000, 0, 0]), 1);
  // Two atoms left from another structure bond to each other: both are strays.
  assert.equal(strays([1000, 0, 0, 1002.8, 0, 0]), 2);
  // 3.4 Å beyond a vertex, as a staple's gold: no metal–metal bond, but no stray.
  const vertex = atoms.slice(3, 6);
  assert.equal(strays(vertex.map((x) => x * (1 + 3.4 / Math.hypot(...vertex)))), undefined);
  // Half the cluster moved by a periodic cell's 20 Å: the smaller half lies apart.
  const wrapped = atoms.map((x, i) => (i % 3 === 0 && atoms[i] < 0 ? x + 20 : x));
  assert.ok((geometry(parseXyz(xyzOf(Array(13).fill('Au'), Float64Array.from(wrapped)))).strays ?? 0) > 0);
});

test('the stray search does about the same work per atom however large a second structure beside the cluster: its atoms are not listed to one another', () => {
  const workPerAtom = (cells: number) => {
    // A cluster, a smaller fcc block 10⁵ Å away, and 200 atoms on a sphere 3·10⁴ Å across whose long bonds raise D past the block's size.
    const atoms = [
      ...fccBlockAtoms(9),
      ...fccBlockAtoms(cells).map(([element, x, y, z]): Atom => [element, x + 1e5, y, z]),
      ...fibonacciSphere(200, 3e4).map(([x, y, z]): Atom => ['Au', x, y, z]),
    ];
    const work = { evaluations: 0 };
    const read = geometry(parseXyz(xyzText(atoms), work));
    assert.equal(read.strays, 4 * cells ** 3 + 200);
    return work.evaluations / atoms.length;
  };
  const small = workPerAtom(3);
  const large = workPerAtom(7);
  // 1.4 times the atoms. Asking for each block atom's neighbours within 2·D listed the whole block to each: 200 then 791 evaluations per atom.
  assert.ok(large < 1.5 * small, `${small.toFixed(0)} then ${large.toFixed(0)} distance evaluations per atom`);
});

/** The ideal Au13 icosahedron of the audit: centre plus 12 vertices at 2.78 Å (D = 2.882 Å over its 42 bonds). */
function auIcosahedron(): number[][] {
  const { positions } = coreTemplate('icosahedron', 1);
  const radial = Math.hypot(positions[3], positions[4], positions[5]);
  return Array.from({ length: 13 }, (_, i) => [...positions.slice(3 * i, 3 * i + 3)].map((x) => (x * 2.78) / radial));
}

test('two metal atoms on one site are an error naming both lines and their distance, not a silently wrong D', () => {
  const atoms = auIcosahedron();
  const xyz = (extra: number[]) => xyzOf(Array(14).fill('Au'), Float64Array.from([...atoms, extra].flat()));
  // Read as they were, these gave D = 2.8015 Å (37 bonds instead of 42), 2.8029 Å, and a centre labelled surface.
  const copies: Array<[string, number[], RegExp]> = [
    ['an exact copy of a vertex', atoms[5], /Au on line 8 and Au on line 16 are 0 Å apart/],
    ['a copy moved 0.05 Å', [atoms[5][0] + 0.05, atoms[5][1], atoms[5][2]], /Au on line 8 and Au on line 16 are 0\.05 Å apart/],
    ['a copy of the centre', atoms[0], /Au on line 3 and Au on line 16 are 0 Å apart/],
  ];
  for (const [what, extra, message] of copies) {
    const result = parseXyz(xyz(extra));
    assert.ok(isGeometryError(result), `${what}: accepted`);
    assert.match(result.error, /^metal atoms overlap: /, what);
    assert.match(result.error, message, what);
    assert.match(result.error, /at most 0\.5 × the file's median metal–metal bond of 2\.923 Å/, what);
  }
  // Line numbers count the non-metal atoms skipped before them.
  const withLigand = `15\nc\nS 9 9 9\n${[...atoms, atoms[5]].map((a) => `Au ${a.join(' ')}`).join('\n')}\n`;
  assert.match((parseXyz(withLigand) as GeometryError).error, /Au on line 9 and Au on line 17/);
  assert.ok(Math.abs(geometry(parseXyz(xyzOf(Array(13).fill('Au'), Float64Array.from(atoms.flat())))).meanNearestNeighbourDistance - 2.8822) < 1e-4);
});

test('many atoms on one site make about one bond each, not one for every pair of them, and are refused for their overlap', () => {
  const atoms = auIcosahedron();
  const copies = 3000;
  const positions = Float64Array.from([...atoms, ...Array(copies).fill(atoms[5])].flat());
  // The icosahedron's 42 bonds, less vertex 5's six (a copy on its site leaves it none off it), and the site's: every pair of its 3,001 atoms made 4.5 million, and 20,000 copies of one line ran out of memory.
  const { bonds } = neighbourGraph(positions);
  assert.ok(bonds.length <= 36 + copies, `${bonds.length} bonds`);
  const overlap = parseXyz(xyzOf(Array(13 + copies).fill('Au'), positions));
  assert.ok(isGeometryError(overlap) && /^metal atoms overlap: Au on line 8 and Au on line \d+ are 0 Å apart/.test(overlap.error), JSON.stringify(overlap));
});

test('the overlap bound lies below every real metal–metal pair: the radii of the supported metals and a strongly mismatched core', () => {
  const radii = SUPPORTED_METALS.map((symbol) => requireElement(symbol).metallicRadius!);
  const shortestToLongestBond = Math.min(...radii) / Math.max(...radii);
  assert.ok(shortestToLongestBond > OVERLAP_FRACTION, `${shortestToLongestBond}`);
  // Ni (1.24 Å) in the core of a Eu (2.042 Å) icosahedron, the most mismatched pair, relaxed: accepted.
  const core = geometry(placeCore({ topology: 'icosahedron', host: 'Eu', dopant: 'Ni', nHost: 42, nDopant: 13, site: 'core' }));
  geometry(parseXyz(xyzOf(core.elements, core.positions)));
});

test('coordinates whose squared distances would overflow are refused; the largest accepted still give a finite D', () => {
  // At 1e160 Å every squared distance was Infinity: all pairs bonded, D = Infinity.
  const huge = parseXyz(xyzOf(['Au', 'Au', 'Au'], Float64Array.from([0, 0, 0, 1e160, 0, 0, 0, 2.8, 0])));
  assert.ok(isGeometryError(huge) && /^line 4: the coordinate 1e\+160 is too large/.test(huge.error), JSON.stringify(huge));
  const edge = geometry(parseXyz(xyzOf(['Au', 'Au'], Float64Array.from([-MAX_COORDINATE, -MAX_COORDINATE, -MAX_COORDINATE, MAX_COORDINATE, MAX_COORDINATE, MAX_COORDINATE]))));
  assert.ok(Number.isFinite(edge.meanNearestNeighbourDistance));
});

test('an i-PI comment line that states the positions in atomic units (bohr) is read in bohr; an unknown stated unit is an error that does not quote it', () => {
  const { positions } = coreTemplate('icosahedron', 1);
  const inBohr = Float64Array.from(positions, (x) => (x * 2.88) / BOHR_IN_ANGSTROM);
  const iPi = (unit: string) => xyzOf(Array(13).fill('Au'), inBohr, `# CELL(abcABC):   30.0 30.0 30.0 90.0 90.0 90.0  Step: 0  Bead: 0 positions{${unit}}  cell{${unit}}`);
  // Read in Å, as before, this file gave D = 5.44 Å.
  const bohr = geometry(parseXyz(iPi('atomic_unit')));
  assert.ok(Math.abs(bohr.meanNearestNeighbourDistance - 2.88) < 1e-9, `${bohr.meanNearestNeighbourDistance}`);
  assert.match(bohr.origin, /, positions in atomic_unit as its comment line states$/);
  assert.ok(Math.abs(geometry(parseXyz(iPi('angstrom'))).meanNearestNeighbourDistance - 2.88 / BOHR_IN_ANGSTROM) < 1e-9);
  // A name every object has is no unit either (`constructor` was read as a factor: 'line 3: coordinates must be numbers').
  for (const name of ['furlong', 'constructor']) {
    const unknown = parseXyz(iPi(name));
    assert.ok(isGeometryError(unknown));
    assert.equal(unknown.error, 'line 2: the comment line states the positions in a unit Bimetal cannot convert (it reads positions{angstrom} and positions{atomic_unit}); write the coordinates in Å');
  }
});

test("a core's radius bond length is the mean of r_i + r_j over its bonds; a metal without a metallic radius gives none", () => {
  const atoms = coreTemplate('icosahedron', 1).positions;
  const au12pt = geometry(parseXyz(xyzOf(['Pt', ...Array(12).fill('Au')], atoms)));
  // 12 radial Pt–Au bonds of 1.39 + 1.44 Å and 30 surface Au–Au bonds of 2 × 1.44 Å, whatever the coordinates' scale.
  assert.ok(Math.abs(radiusBondLength(au12pt)! - (12 * 2.83 + 30 * 2.88) / 42) < 1e-12);
  const limits = plausibleDistanceForMetals(au12pt)!;
  assert.ok(Math.abs(limits.min - RADIUS_BOND_SCALE.min * limits.radiusBond) < 1e-12 && Math.abs(limits.max - RADIUS_BOND_SCALE.max * limits.radiusBond) < 1e-12);
  const withMagnesium = geometry(parseXyz(xyzOf(['Mg', ...Array(12).fill('Au')], atoms)));
  assert.equal(radiusBondLength(withMagnesium), undefined);
  assert.equal(plausibleDistanceForMetals(withMagnesium), undefined);
});

test('readXyzStructure reports unreadable files by path', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-xyz-'));
  const missing = readXyzStructure(path.join(dir, 'missing.xyz'));
  assert.ok(isGeometryError(missing) && /cannot read structure file '.*missing\.xyz': no such file/.test(missing.error));
  const folder = readXyzStructure(dir);
  assert.ok(isGeometryError(folder) && /it is a folder/.test(folder.error));
  const bad = path.join(dir, 'bad.xyz');
  writeFileSync(bad, '1\n\nAu 0 0 0\n');
  const single = readXyzStructure(bad);
  assert.ok(isGeometryError(single) && /structure file '.*bad\.xyz': .*single metal atom/.test(single.error));
  const good = path.join(dir, 'good.xyz');
  writeFileSync(good, '2\n\nCu 0 0 0\nCu 2.56 0 0\n');
  assert.equal(geometry(readXyzStructure(good)).meanNearestNeighbourDistance, 2.56);
});

const bondsBetween = (core: CoreGeometry, a: string, b: string) =>
  core.bonds.filter(([i, j]) => (core.elements[i] === a && core.elements[j] === b) || (core.elements[i] === b && core.elements[j] === a));
const meanLength = (core: CoreGeometry, bonds: ReadonlyArray<readonly [number, number]>) =>
  bonds.reduce((s, [i, j]) => s + distance(core.positions, i, j), 0) / bonds.length;

test('pure Au13: D = 2 × 1.44 Å exactly, radial bonds 2.88 × 42·sin(2π/5)/(12·sin(2π/5) + 30) ≈ 2.778 Å', () => {
  // The template is scaled so that its mean bond equals r_i + r_j; the icosahedral strain shows as
  // 12 shorter radial and 30 longer tangential bonds around that mean.
  const s = Math.sin((2 * Math.PI) / 5);
  const au13 = geometry(placeCore({ topology: 'icosahedron', host: 'Au', dopant: 'Ag', nHost: 13, nDopant: 0, site: 'mixed' }));
  assert.ok(Math.abs(au13.meanNearestNeighbourDistance - 2.88) < 1e-9, String(au13.meanNearestNeighbourDistance));
  assert.ok(Math.abs(distance(au13.positions, 0, 1) - (2.88 * 42 * s) / (12 * s + 30)) < 1e-9);
  // Ag has the same radius, so Au12Ag keeps the same D wherever Ag sits.
  for (const site of ['core', 'surface', 'mixed'] as const) {
    const au12ag = geometry(placeCore({ topology: 'icosahedron', host: 'Au', dopant: 'Ag', nHost: 12, nDopant: 1, site }));
    assert.ok(Math.abs(au12ag.meanNearestNeighbourDistance - 2.88) < 1e-9, site);
  }
});

test('dopants fill the innermost sites for core, the outermost for surface, and spread for mixed', () => {
  const core = geometry(placeCore({ topology: 'icosahedron', host: 'Au', dopant: 'Pt', nHost: 42, nDopant: 13, site: 'core' }));
  core.elements.forEach((e, i) => assert.equal(e === 'Pt', core.labels[i] === 'core'));
  const surface = geometry(placeCore({ topology: 'icosahedron', host: 'Au', dopant: 'Pt', nHost: 50, nDopant: 5, site: 'surface' }));
  surface.elements.forEach((e, i) => e === 'Pt' && assert.equal(surface.labels[i], 'surface'));
  const mixed = geometry(placeCore({ topology: 'icosahedron', shells: 2, host: 'Au', dopant: 'Pt', nHost: 42, nDopant: 13, site: 'mixed' }));
  const inCore = mixed.elements.filter((e, i) => e === 'Pt' && mixed.labels[i] === 'core').length;
  assert.ok(Math.abs(inCore - (13 * 13) / 55) <= 1, `${inCore} of 13 dopants in the 13 core sites of 55`);
  assert.equal(mixed.elements.filter((e) => e === 'Pt').length, 13);
});

test('bonds follow the metallic radii of the atoms they join', () => {
  const au12cu = geometry(placeCore({ topology: 'icosahedron', host: 'Au', dopant: 'Cu', nHost: 12, nDopant: 1, site: 'core' }));
  const auCu = meanLength(au12cu, bondsBetween(au12cu, 'Au', 'Cu'));
  const auAu = meanLength(au12cu, bondsBetween(au12cu, 'Au', 'Au'));
  assert.ok(auCu < auAu, `Au–Cu ${auCu} should be shorter than Au–Au ${auAu}`);
  assert.ok(au12cu.meanNearestNeighbourDistance < 2.88 && au12cu.meanNearestNeighbourDistance > 2 * 1.28);
  const cu55 = geometry(placeCore({ topology: 'cuboctahedron', host: 'Cu', dopant: 'Au', nHost: 55, nDopant: 0, site: 'core' }));
  assert.ok(Math.abs(cu55.meanNearestNeighbourDistance - 2 * 1.28) < 1e-9);
  assert.equal(placeCore({ topology: 'icosahedron', host: 'Au', dopant: 'Cu', nHost: 12, nDopant: 1, site: 'core' }), au12cu, 'cached');
});

test("a template core's D is the mean of t_ij·(r_i + r_j) over its bonds, for every topology, site and dopant count; its elements and relaxed coordinates follow the same bonds", () => {
  const mismatched = { host: 'Eu', dopant: 'Ni' };
  for (const topology of TEMPLATE_TOPOLOGIES) {
    for (const shells of [1, 2, 3]) {
      const template = coreTemplate(topology, shells);
      const total = sizeForShells(topology, shells);
      for (const site of ['core', 'surface', 'mixed'] as const) {
        for (const nDopant of new Set([0, 1, Math.floor(total / 3), total - 1, total])) {
          const core = geometry(placeCore({ topology, shells, ...mismatched, nHost: total - nDopant, nDopant, site }));
          assert.equal(core.elements.length, total);
          assert.equal(core.elements.filter((e) => e === 'Ni').length, nDopant);
          const radius = (i: number) => requireElement(core.elements[i]).metallicRadius!;
          const restLengths = Float64Array.from(template.bonds, ([i, j], b) => template.bondLengths[b] * (radius(i) + radius(j)));
          const expected = restLengths.reduce((s, l) => s + l, 0) / template.bonds.length;
          const label = `${topology} ${shells} shells, ${site}, ${nDopant} Ni`;
          assert.ok(Math.abs(core.meanNearestNeighbourDistance - expected) < 1e-12, `${label}: D ${core.meanNearestNeighbourDistance} against ${expected}`);
          if (shells === 2) assert.deepEqual(core.positions, relaxToBondLengths(template.positions, template.bonds, template.bondLengths, restLengths), label);
        }
      }
    }
  }
});

test('placeCore explains impossible requests', () => {
  const wrongCount = placeCore({ topology: 'icosahedron', host: 'Au', dopant: 'Cu', nHost: 12, nDopant: 2, site: 'core' });
  assert.ok(isGeometryError(wrongCount) && wrongCount.error === 'no icosahedron closes a shell at 14 atoms');
  const wrongShells = placeCore({ topology: 'octahedron', shells: 2, host: 'Au', dopant: 'Cu', nHost: 5, nDopant: 1, site: 'core' });
  assert.ok(isGeometryError(wrongShells) && wrongShells.error === 'octahedron with 2 shells holds 19 atoms, not 6');
  const tooManyShells = placeCore({ topology: 'icosahedron', shells: 21, host: 'Au', dopant: 'Cu', nHost: 8000, nDopant: 1, site: 'core' });
  assert.ok(isGeometryError(tooManyShells) && tooManyShells.error === 'shells must be a whole number from 1 to 20, not 21');
  const noRadius = placeCore({ topology: 'tetrahedron', host: 'Au', dopant: 'Fr', nHost: 3, nDopant: 1, site: 'surface' });
  assert.ok(isGeometryError(noRadius) && /no metallic radius known for Fr/.test(noRadius.error));
});

test('relaxed coordinates reproduce D (the mean of the radius-scaled bond lengths) within 0.001 Å', () => {
  for (const [topology, nHost, nDopant] of [['icosahedron', 98, 49], ['decahedron', 42, 13], ['octahedron', 60, 25]] as const) {
    const core = geometry(placeCore({ topology, host: 'Au', dopant: 'Cu', nHost, nDopant, site: 'mixed' }));
    const measured = meanLength(core, core.bonds);
    assert.ok(Math.abs(measured - core.meanNearestNeighbourDistance) < 1e-3, `${topology}: ${measured} vs D ${core.meanNearestNeighbourDistance}`);
    const auCu = meanLength(core, bondsBetween(core, 'Au', 'Cu'));
    const cuCu = meanLength(core, bondsBetween(core, 'Cu', 'Cu'));
    assert.ok(cuCu < auCu && auCu < meanLength(core, bondsBetween(core, 'Au', 'Au')), `${topology}: Cu–Cu < Au–Cu < Au–Au`);
  }
});

test('a relaxation that folds the cluster (large atoms inside small ones) gives the uniformly scaled template, which a structure file of it reads back as that core', () => {
  // 20 Eu (2.042 Å) in the core of a Ni (1.24 Å) cuboctahedron: the springs put two unbonded atoms 0.16 Å apart.
  const request = { topology: 'cuboctahedron', host: 'Ni', dopant: 'Eu', nHost: 127, nDopant: 20, site: 'core' } as const;
  const core = geometry(placeCore(request));
  const n = core.elements.length;
  let closest = Infinity;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) closest = Math.min(closest, distance(core.positions, i, j));
  const shortestBond = Math.min(...core.bonds.map(([i, j]) => distance(core.positions, i, j)));
  assert.ok(Math.abs(closest - shortestBond) < 1e-9, `the closest atoms are bonded: ${closest} Å apart, the shortest bond ${shortestBond} Å`);
  // The template's shape: every bond the template's own length times one factor.
  const template = coreTemplate('cuboctahedron', 3);
  const ratios = core.bonds.map(([i, j], b) => distance(core.positions, i, j) / template.bondLengths[b]);
  assert.ok(Math.max(...ratios) - Math.min(...ratios) < 1e-9, 'uniformly scaled');
  const reread = geometry(parseXyz(xyzOf(core.elements, core.positions)));
  assert.equal(reread.bonds.length, core.bonds.length, 'read back with the same bonds');
});

test('kept template cores are bounded by their atoms, not their number: a sweep of large cores does not keep them all', () => {
  const atoms = sizeForShells('icosahedron', 12);
  const request = (nDopant: number) => ({ topology: 'icosahedron' as const, host: 'Au', dopant: 'Pt', nHost: atoms - nDopant, nDopant, site: 'mixed' as const });
  const first = placeCore(request(1));
  assert.equal(placeCore(request(1)), first, 'asked again at once, the kept core');
  // 40 cores of 6,525 atoms: 261,000 atoms, more than the cache keeps, though far fewer than 4,096 cores.
  for (let nDopant = 2; nDopant <= 40; nDopant++) placeCore(request(nDopant));
  assert.notEqual(placeCore(request(1)), first, 'the first core was let go and is built again');
  const small = placeCore({ topology: 'icosahedron', host: 'Au', dopant: 'Pt', nHost: 12, nDopant: 1, site: 'core' });
  assert.equal(placeCore({ topology: 'icosahedron', host: 'Au', dopant: 'Pt', nHost: 12, nDopant: 1, site: 'core' }), small);
});

test("templates are kept up to 100,000 atoms, the oldest forgotten first: every size kept held 345 MB for a server's life", () => {
  const first = coreTemplate('icosahedron', 20);
  assert.equal(coreTemplate('icosahedron', 20), first, 'a kept template is not built again');
  // Three more of ~28,000 atoms each pass the budget: the oldest goes.
  for (const topology of ['decahedron', 'cuboctahedron', 'octahedron'] as const) coreTemplate(topology, topology === 'octahedron' ? 34 : 20);
  const again = coreTemplate('icosahedron', 20);
  assert.notEqual(again, first);
  assert.deepEqual(again.positions, first.positions);
});
