import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerRecords, answerSuggestions } from '../../client/src/results/answerRecords';
import { RecordPool } from '../../client/src/results/recordPool';
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
  const unpacked = await answerRecords(packed(), 'bimetal/scoreDocument', () => false, new RecordPool(), 0);
  counter.stop();
  assert.deepStrictEqual(unpacked, unpackRecords(packed()));
  assert.ok(counter.turns >= records.length / 2, `${counter.turns} turns while unpacking ${records.length} records`);
});

test('a request cancelled while its answer is unpacked gives no records, and unpacking stops there', async () => {
  let asked = 0;
  const unpacked = await answerRecords(packed(), 'bimetal/scoreDocument', () => ++asked > 3, new RecordPool(), 0);
  assert.equal(unpacked, undefined);
  assert.equal(asked, 4, 'asked once per slice, and no slice after the cancellation');
});

test('an answer that is not packed records is an error that names the request', async () => {
  await assert.rejects(answerRecords([], 'bimetal/scoreWorkspace', () => false, new RecordPool()), /the server answered bimetal\/scoreWorkspace with a plain list instead of packed records/);
  await assert.rejects(answerRecords(null, 'bimetal/suggest', () => false, new RecordPool()), /with null instead/);
});

test('a suggest answer gives its candidates with the count of recipes an unbounded interval kept out; an answer of another shape is an error', async () => {
  const suggestions = await answerSuggestions({ candidates: packed(), unbounded: 7, coverage: 0.9, known: null }, 'bimetal/suggest', () => false, new RecordPool());
  assert.deepStrictEqual(suggestions, { records: unpackRecords(packed()), unbounded: 7, coverage: 0.9, known: null });
  // The answer before the count was added: packed records alone.
  await assert.rejects(answerSuggestions(packed(), 'bimetal/suggest', () => false, new RecordPool()), /the server answered bimetal\/suggest with object instead of its candidates and count/);
  await assert.rejects(answerSuggestions({ candidates: [], unbounded: 0, coverage: 0.9, known: null }, 'bimetal/suggest', () => false, new RecordPool()), /a plain list instead of packed records/);
});

test('records that another answer holds already are its objects: the panels of one family share one copy', async () => {
  const pool = new RecordPool();
  const workspace = await answerRecords(packed(), 'bimetal/scoreWorkspace', () => false, pool);
  // A file's panel of the same family, with one member scored otherwise since (its text changed).
  const changed = records.map((r, i) => (i === 7 ? { ...r, prediction: { ...r.prediction, eForm: -9 } } : r));
  const file = await answerRecords(JSON.parse(JSON.stringify(packRecords(changed))), 'bimetal/scoreDocument', () => false, pool);
  assert.ok(workspace && file);
  assert.deepStrictEqual(file, unpackRecords(JSON.parse(JSON.stringify(packRecords(changed)))), 'what the answer holds');
  assert.equal(file.filter((r, i) => r === workspace[i]).length, records.length - 1, 'every equal record is the same object');
  assert.notEqual(file[7], workspace[7]);
  // A lens's panel after that: the changed member is shared from the file's answer now.
  const lens = await answerRecords(JSON.parse(JSON.stringify(packRecords(changed.slice(0, 10)))), 'bimetal/scoreDocument', () => false, pool);
  assert.ok(lens?.every((r, i) => r === file[i]));
  // Suggestions are records of the same members too.
  const suggestions = await answerSuggestions({ candidates: JSON.parse(JSON.stringify(packRecords([changed[5]]))), unbounded: 0, coverage: 0.9, known: null }, 'bimetal/suggest', () => false, pool);
  assert.equal(suggestions?.records[0], file[5]);
});

test('records differing in a field that one lacks, or in the order of an array, are not shared', async () => {
  const pool = new RecordPool();
  const base = { file: 'f', recipe: 'R', prediction: { eForm: -2, terms: [1, 2] }, diagnostics: [] };
  const answer = async (r: object) => (await answerRecords(JSON.parse(JSON.stringify(packRecords([r]))), 'bimetal/scoreDocument', () => false, pool))![0];
  const first = await answer(base);
  assert.equal(await answer({ ...base }), first);
  for (const other of [{ ...base, site: null }, { ...base, prediction: { eForm: -2, terms: [2, 1] } }, { ...base, prediction: { eForm: -2, terms: [1, 2], extra: 0 } }, { ...base, diagnostics: [{}] }]) {
    const got = await answer(other);
    assert.notEqual(got, first);
    assert.deepStrictEqual(got, JSON.parse(JSON.stringify(other)));
    // Back to the first shape: the pool now shares the other one, so this is a new object equal to base.
    assert.deepStrictEqual(await answer(base), base);
  }
});
