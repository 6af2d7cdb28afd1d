import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_ELEMENTS, ELEMENT_DATA_SOURCES, getElement, requireElement } from '../../engine/src/elements';
import type { ElementColumn } from '../../engine/src/elements';
import { atomicNumber, isMetal } from '../../engine/src/periodicTable';
import { runTypeScript } from '../helpers/runTypeScript';

test('the committed element module matches the shared data (generator --check)', () => {
  const run = runTypeScript('scripts/generate-elements.ts', ['--check']);
  assert.equal(run.status, 0, run.output);
});

test('values the seed paper states hold', () => {
  assert.equal(requireElement('Au').pauling, 2.54);
  assert.equal(requireElement('Cu').pauling, 1.9);
  assert.equal(requireElement('Au').metallicRadius, 1.44);
  assert.equal(requireElement('Ag').metallicRadius, 1.44);
});

test('every requested metal and coordinating atom is present with its core properties', () => {
  const metals = ['Sc', 'Zn', 'Y', 'Cd', 'La', 'Eu', 'Lu', 'Hf', 'Hg', 'Al', 'Ga', 'In', 'Sn', 'Pb', 'Bi', 'Tc', 'Pm'];
  for (const symbol of metals) {
    const e = requireElement(symbol);
    assert.equal(e.z, atomicNumber(symbol));
    assert.ok(isMetal(symbol));
    assert.ok(e.metallicRadius !== null && e.metallicRadius > 1.1 && e.metallicRadius < 2.1, `${symbol} radius`);
    assert.ok(e.miedema !== null, `${symbol} Miedema parameters`);
    assert.ok(e.pauling !== null && e.pauling > 0.9 && e.pauling < 2.6, `${symbol} electronegativity`);
  }
  // Silyl, germyl, arsine, stibine and tellurolate ligands bind through Si, Ge, As, Sb, Te.
  for (const symbol of ['H', 'B', 'C', 'N', 'O', 'F', 'Si', 'P', 'S', 'Cl', 'Ge', 'As', 'Se', 'Br', 'Sb', 'Te', 'I']) {
    const e = requireElement(symbol);
    assert.equal(e.metallicRadius, null, `${symbol} is not a metal`);
    assert.ok(e.pauling !== null);
  }
  assert.equal(ALL_ELEMENTS.length, 67);
  assert.deepEqual([requireElement('As').pauling, requireElement('Si').pauling, requireElement('Sb').pauling, requireElement('Te').pauling], [2.18, 1.9, 2.05, 2.1]);
});

test('the close-packed radius derived for the lanthanides matches the tabulated La radius', () => {
  // La is tabulated (187 pm); its neighbours Ce, Pr, Nd are derived from density and must be close.
  for (const symbol of ['Ce', 'Pr', 'Nd']) {
    assert.ok(Math.abs(requireElement(symbol).metallicRadius! - 1.87) < 0.05, symbol);
  }
  // Divalent Eu and Yb are the well-known large outliers of the series.
  assert.ok(requireElement('Eu').metallicRadius! > 2.0);
  assert.ok(requireElement('Yb').metallicRadius! > 1.9);
});

test('electron counts, table position and Miedema parameters are consistent', () => {
  const au = requireElement('Au');
  assert.deepEqual([au.valenceElectrons, au.dElectrons, au.group, au.period, au.block], [11, 10, 11, 6, 'd']);
  assert.equal(requireElement('Pt').dElectrons, 9);
  assert.equal(requireElement('Sn').block, 'p');
  assert.equal(requireElement('Gd').block, 'f');
  assert.equal(requireElement('Cu').cohesiveEnergy, 3.49);
  // Miedema.csv lists Au with φ* 5.15 V, n_ws 3.87, V 10.2 cm³.
  assert.equal(au.miedema?.phiStar, 5.15);
  assert.ok(Math.abs(au.miedema!.nws13 - Math.cbrt(3.87)) < 1e-6);
  assert.ok(Math.abs(au.miedema!.v23 - 10.2 ** (2 / 3)) < 1e-6);
  assert.equal(requireElement('S').miedema, null);
});

test('lookups are case-sensitive and unknown symbols are reported', () => {
  assert.equal(getElement('AU'), undefined);
  assert.equal(getElement('Xx'), undefined);
  assert.throws(() => requireElement('Xx'), /No element data for 'Xx'/);
});

test('every column names its source', () => {
  const columns: ElementColumn[] = ['name', 'pauling', 'metallicRadius', 'atomicWeight', 'valenceElectrons',
    'dElectrons', 'group', 'period', 'block', 'cohesiveEnergy', 'miedema'];
  for (const column of columns) {
    assert.ok(column in ALL_ELEMENTS[0]);
    assert.ok(ELEMENT_DATA_SOURCES[column].length > 10, `source of ${column}`);
  }
});
