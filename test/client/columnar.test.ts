import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataMessages, DOMAIN_IN, DOMAIN_NONE, DOMAIN_OUT, RowStore, type BeginMessage, type RowsMessage } from '../../client/src/results/columnar';
import { record } from '../helpers/scoreRecord';
import { RUN, storeOf } from './rows';

const outside = { eForm: -1, lower: -1.5, upper: -0.5, coverage: 0.9, model: 'm', inDomain: false, terms: [] };
const records = [
  record('Fam[dopant=Pd]', -2, { dopant: 'Pd', reference: -2.2, site: { preferred: 'core', deltaE: -0.4, lower: -0.6, upper: -0.2, inDomain: true } }),
  record('Fam[dopant=Pt]', -1, { dopant: 'Pt', prediction: outside }),
  record('Broken', null, { phi: null }),
];

test('records travel as a begin message, typed-array chunks and an end message', () => {
  const messages = dataMessages(RUN, records, 2);
  assert.deepEqual(messages.map((m) => m.type), ['begin', 'rows', 'rows', 'end']);
  const begin = messages[0] as BeginMessage;
  assert.equal(begin.run.total, 3);
  assert.deepEqual(begin.blocks, ['Fam', 'Broken']);
  const chunk = messages[1] as RowsMessage;
  assert.ok(chunk.eForm instanceof Float64Array && chunk.host instanceof Uint16Array);
  assert.deepEqual(chunk.recipe, ['Fam[dopant=Pd]', 'Fam[dopant=Pt]']);
  // No nested objects: every field of a chunk is a flat array.
  for (const [key, value] of Object.entries(chunk)) if (!['type', 'runId', 'offset', 'keys'].includes(key)) assert.ok(Array.isArray(value) || ArrayBuffer.isView(value), key);
});

test('the store holds what the table, charts and heatmap need; a missing value is NaN', () => {
  const store = storeOf(records, 2);
  assert.ok(store.complete);
  assert.deepEqual(Array.from(store.eForm.slice(0, 2)), [-2, -1]);
  assert.ok(Number.isNaN(store.eForm[2]) && Number.isNaN(store.phi[2]));
  assert.deepEqual(Array.from(store.inDomain), [DOMAIN_IN, DOMAIN_OUT, DOMAIN_NONE]);
  assert.equal(store.reference[0], -2.2);
  assert.equal(store.deltaE[0], -0.4);
  assert.equal(store.begin.elements[store.dopant[1]], 'Pt');
  assert.equal(store.begin.blocks[store.block[1]], 'Fam');
});

test('text sort keys are ranks in collation order, so the webview sorts them as numbers', () => {
  const store = storeOf([record('Au10', -1), record('Au2', -1), record('Au1', -1)]);
  assert.deepEqual(Array.from(store.keyOf('recipe')!), [2, 1, 0]);
  assert.ok(Number.isNaN(storeOf(records).keyOf('eForm')![2]), 'null sorts as NaN');
});

test('a chunk of another run, or one that does not fit, is refused', () => {
  const messages = dataMessages(RUN, records, 2);
  const store = new RowStore(messages[0] as BeginMessage);
  const [first, last] = [messages[1], messages[2]] as RowsMessage[];
  assert.equal(store.append({ ...first, runId: 'other' }), false);
  assert.equal(store.append({ ...last, offset: 3 }), false, 'past the end');
  assert.equal(store.append({ ...first, keys: [] }), false, 'other columns');
  assert.equal(store.append(first), true);
  assert.equal(store.complete, false);
  assert.equal(store.append(last), true);
  assert.equal(store.complete, true);
});
