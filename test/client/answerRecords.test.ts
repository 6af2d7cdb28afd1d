import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerRecords, answerSuggestions } from '../../client/src/results/answerRecords';
import { packRecords, unpackRecords } from '../../report/src/packedRecords';

const records = Array.from({ length: 3000 }, (_, i) => ({ recipe: `F[n=${i}]`, prediction: { eForm: -2 - i / 1000, terms: [{ key: 'size', value: i }] }, diagnostics: [] }));
const packed = () => JSON.parse(JSON.stringify(packRecords(records)));

/** Counts turns of the event loop (setImmediate callbacks) until stopped. */
function turnCounter(): { turns: number; stop(): void } {
  const counter = { turns: 0, running: true, stop: () => (counter.running = false) };
  const tick = () => {
    if (!counter.running) return;
    counter.turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return counter;
}

test('a packed answer is unpacked to the records, giving the event loop turns between time slices', async () => {
  const counter = turnCounter();
  // A slice of no time: a turn after every record.
  const unpacked = await answerRecords(packed(), 'bimetal/scoreDocument', () => false, 0);
  counter.stop();
  assert.deepStrictEqual(unpacked, unpackRecords(packed()));
  assert.ok(counter.turns >= records.length / 2, `${counter.turns} turns while unpacking ${records.length} records`);
});

test('a request cancelled while its answer is unpacked gives no records, and unpacking stops there', async () => {
  let asked = 0;
  const unpacked = await answerRecords(packed(), 'bimetal/scoreDocument', () => ++asked > 3, 0);
  assert.equal(unpacked, undefined);
  assert.equal(asked, 4, 'asked once per slice, and no slice after the cancellation');
});

test('an answer that is not packed records is an error that names the request', async () => {
  await assert.rejects(answerRecords([], 'bimetal/scoreWorkspace', () => false), /the server answered bimetal\/scoreWorkspace with a plain list instead of packed records/);
  await assert.rejects(answerRecords(null, 'bimetal/suggest', () => false), /with null instead/);
});

test('a suggest answer gives its candidates with the count of recipes an unbounded interval kept out; an answer of another shape is an error', async () => {
  const suggestions = await answerSuggestions({ candidates: packed(), unbounded: 7, coverage: 0.9, known: null }, 'bimetal/suggest', () => false);
  assert.deepStrictEqual(suggestions, { records: unpackRecords(packed()), unbounded: 7, coverage: 0.9, known: null });
  // The answer before the count was added: packed records alone.
  await assert.rejects(answerSuggestions(packed(), 'bimetal/suggest', () => false), /the server answered bimetal\/suggest with object instead of its candidates and count/);
  await assert.rejects(answerSuggestions({ candidates: [], unbounded: 0, coverage: 0.9, known: null }, 'bimetal/suggest', () => false), /a plain list instead of packed records/);
});
