/**
 * A structure file's material identity (engine/src/geometry/structureIdentity.ts): the shape of
 * its core, so copies of one core are one material and another core is another, by every
 * distance up to ALL_DISTANCES_MAX_ATOMS atoms and by the centroid and the bonds above.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXyz } from '../../engine/src/geometry/xyz';
import { ALL_DISTANCES_MAX_ATOMS, structureIdentity } from '../../engine/src/geometry/structureIdentity';
import { isGeometryError } from '../../engine/src/geometry/types';
import { atomMoved, fccBlockAtoms, icosahedronAtoms, sameShapeCopies, xyzText, type Atom } from '../helpers/coreXyz';

/** The identity of the core an XYZ file's text gives, read as a structure file is. */
function identityOf(text: string): string {
  const geometry = parseXyz(text);
  assert.ok(!isGeometryError(geometry), isGeometryError(geometry) ? geometry.error : '');
  return structureIdentity(geometry);
}

/** Each of `same` (XYZ texts by name) has the identity of the core `atoms`, and each of `other` another. */
function assertMaterials(atoms: readonly Atom[], same: Record<string, string>, other: Record<string, string>): void {
  const original = identityOf(xyzText(atoms));
  const isOriginal = (texts: Record<string, string>) => Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, identityOf(text) === original]));
  const all = (texts: Record<string, string>, value: boolean) => Object.fromEntries(Object.keys(texts).map((name) => [name, value]));
  assert.deepEqual({ ...isOriginal(same), ...isOriginal(other) }, { ...all(same, true), ...all(other, false) });
}

test('a core moved, rotated, mirrored, reordered or written in bohr is one material; one atom moved 0.1 Å, the core scaled or the dopant elsewhere is another', () => {
  const atoms = icosahedronAtoms('Au', 'Pt');
  assert.match(identityOf(xyzText(atoms)), /^distances:sha256:[0-9a-f]{64}$/);
  const others = {
    'nudged.xyz': xyzText(atomMoved(atoms, 1, 0.1)),
    'scaled.xyz': xyzText(icosahedronAtoms('Au', 'Pt', 0.96)),
    // Pt on the shell, Au at the centre: the same elements and positions, another arrangement.
    'surface-dopant.xyz': xyzText(atoms.map(([element, ...p], i): Atom => [i === 0 ? 'Au' : i === 1 ? 'Pt' : element, ...p])),
  };
  assertMaterials(atoms, sameShapeCopies(atoms), others);
});

test(`a core of over ${ALL_DISTANCES_MAX_ATOMS} atoms takes the centroid-and-bonds identity: the same for its copies, another with one atom moved 0.1 Å or the dopant on another site`, () => {
  const block = fccBlockAtoms(8);
  assert.ok(block.length > ALL_DISTANCES_MAX_ATOMS, 'the block takes the cheaper identity');
  const doped = (site: number) => block.map(([element, ...p], i): Atom => [i === site ? 'Pt' : element, ...p]);
  // Atom 0 is a corner of the block, atom 4 · (4·8² + 4·8 + 4) one near its centre.
  const atoms = doped(0);
  assert.match(identityOf(xyzText(atoms)), /^centre-and-bonds:sha256:[0-9a-f]{64}$/);
  assertMaterials(atoms, sameShapeCopies(atoms), { 'nudged.xyz': xyzText(atomMoved(atoms, 1, 0.1)), 'inside.xyz': xyzText(doped(4 * (4 * 64 + 4 * 8 + 4))) });
});

test('the identities are those calibration files already hold: a change of the hashing is a change of the file version', () => {
  // Calibration files (version 3 and later) key structure-file labels by these; they were made by e6a6a45's structure stage.
  assert.equal(identityOf(xyzText(icosahedronAtoms('Au', 'Pt'))), 'distances:sha256:05f2e433abc1f967f506c488fb1c421688fe9d931c04e4754070bf251966ec61');
  const block = fccBlockAtoms(8).map(([element, ...p], i): Atom => [i === 0 ? 'Pt' : element, ...p]);
  assert.equal(identityOf(xyzText(block)), 'centre-and-bonds:sha256:9c282e32697e7374b32f89f83d66d22ef8ecc1d4d5b166d162f1c75c5ac31055');
});
