import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colourPosition, families, heatmap } from '../../client/src/results/heatmapData';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { record } from '../helpers/scoreRecord';
import { allRows, bareCore, storeOf } from './rows';

function member(host: string, dopant: string, count: number, eForm: number, phi: number, deltaE: number | null): ScoreRecord {
  return record(`Fam[host=${host},dopant=${dopant},dopantCount=${count}]`, eForm, {
    host,
    dopant,
    phi,
    site: deltaE === null ? null : { preferred: deltaE < 0 ? 'core' : 'surface', deltaE, lower: deltaE - 0.1, upper: deltaE + 0.1, inDomain: true },
  });
}

const records = [
  member('Au', 'Pd', 1, -2.0, 0.1, -0.3),
  member('Au', 'Pd', 2, -2.5, 0.0, 0.2),
  member('Au', 'Pt', 1, -1.0, 0.4, null),
  member('Ag', 'Pd', 1, -3.0, -0.2, 0.1),
  record('Other', -9, { host: 'Cu', dopant: 'Ni' }),
];
const store = storeOf(records);
const rows = allRows(store);

test('families are the recipe blocks on show, largest first', () => {
  assert.deepEqual(families(store, rows), [{ name: 'Fam', members: 4 }, { name: 'Other', members: 1 }]);
});

test('a cell per host × dopant holds the best member: lowest E_form, highest φ, lowest ΔE', () => {
  const e = heatmap(store, rows, 'Fam', 'eForm');
  assert.deepEqual([e.hosts, e.dopants], [['Ag', 'Au'], ['Pd', 'Pt']]);
  const cell = (map: typeof e, host: string, dopant: string) => map.cells[map.hosts.indexOf(host)][map.dopants.indexOf(dopant)];
  assert.deepEqual(cell(e, 'Au', 'Pd'), { value: -2.5, row: 1, members: 2 });
  assert.equal(cell(e, 'Ag', 'Pt'), null, 'no Ag/Pt member');
  assert.deepEqual(e.range, [-3, -1]);
  assert.equal(cell(heatmap(store, rows, 'Fam', 'phi'), 'Au', 'Pd')!.row, 0, 'highest φ');
  const site = heatmap(store, rows, 'Fam', 'deltaE');
  assert.equal(cell(site, 'Au', 'Pd')!.row, 0, 'lowest ΔE');
  assert.equal(cell(site, 'Au', 'Pt'), null, 'a member without ΔE leaves its cell empty');
  // The row leads back to the member that a click reveals.
  assert.equal(store.recipe[cell(e, 'Au', 'Pd')!.row], 'Fam[host=Au,dopant=Pd,dopantCount=2]');
});

test('filtered rows only; the colour scale puts the best value at 0 for every metric', () => {
  assert.deepEqual(heatmap(store, Uint32Array.of(0, 2), 'Fam', 'eForm').hosts, ['Au']);
  assert.equal(colourPosition(-3, [-3, -1], 'eForm'), 0);
  assert.equal(colourPosition(0.4, [-0.2, 0.4], 'phi'), 0);
  assert.equal(colourPosition(-1, [-3, -1], 'eForm'), 1);
});

test('the φ map leaves a bare core out: a cell holds the best defined φ, and a cell of bare cores only is empty', () => {
  const family = [
    member('Au', 'Pd', 1, -2.0, -0.1, null),
    bareCore(member('Au', 'Pd', 2, -2.5, 0, null)),
    bareCore(member('Au', 'Pt', 1, -1.0, 0, null)),
  ];
  const bare = storeOf(family);
  const cell = (map: ReturnType<typeof heatmap>, host: string, dopant: string) => map.cells[map.hosts.indexOf(host)][map.dopants.indexOf(dopant)];
  const phi = heatmap(bare, allRows(bare), 'Fam', 'phi');
  assert.deepEqual(cell(phi, 'Au', 'Pd'), { value: -0.1, row: 0, members: 2 }, 'the ligated member, not the bare core at φ = 0');
  assert.equal(cell(phi, 'Au', 'Pt'), null, 'no member with a defined φ');
  assert.deepEqual(phi.range, [-0.1, -0.1]);
  assert.notEqual(cell(heatmap(bare, allRows(bare), 'Fam', 'eForm'), 'Au', 'Pt'), null, 'its E_form is still mapped');
  assert.equal(heatmap(bare, Uint32Array.of(1, 2), 'Fam', 'phi').range, undefined, 'a family of bare cores has no φ to map');
});
