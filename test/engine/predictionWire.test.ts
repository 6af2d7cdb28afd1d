import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { serialize, writeHeapSnapshot } from 'node:v8';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { packPredictions, transferables, unpackPredictions, type PackedPredictions } from '../../engine/src/inference/predictionWire';
import type { EnergyTerm } from '../../engine/src/inference/energyTerms';
import type { Prediction } from '../../engine/src/inference/runtime';
import { siteTermsProblem, type SiteTermLayout } from '../../engine/src/inference/siteTerms';

const DEFINITION = 'E_size = (n_host·E_host(N) + n_dopant·E_dopant(N)) / N with each element\'s size law E_el(N) = eBulk + a·N^(−1/3) + b·N^(−2/3)';
// As long as the shipped terms file's sources (the size term's names its data sets, about 300 characters).
const SOURCE = 'QCD ground states (Manna et al. 2023) 13–55 atoms + OQMD bulk; Au: QCD Au13–Au55 ground states + OQMD bulk, on the TM13 PBE atom reference; '.repeat(2);

function prediction(n: number, source = SOURCE): Prediction {
  const size: EnergyTerm = { key: 'size', symbol: 'E_size', value: -3 + n / 1000, unit: 'eV/atom', definition: DEFINITION, source, inputs: { N: n, 'E_Au(N)': -2.29 }, supported: true };
  const mixing: EnergyTerm = { key: 'mixing', symbol: 'ΔE_mix', value: 0.01, unit: 'eV/atom', definition: 'ΔE_mix, learned', source: 'model eform-v2', inputs: { model: 'eform-v2', calibrationGroup: 'pair' }, supported: false };
  return {
    point: -3,
    modelPoint: Number.NaN,
    lower: -3.1,
    upper: -Infinity,
    coverage: 0.9,
    model: 'eform-v2',
    bounded: n % 2 === 0,
    calibrationGroup: n % 3 === 0 ? null : 'pair',
    calibrationRule: n % 3 === 1 ? 'size-new' : null,
    calibrationPoints: n % 7,
    // A composed interval's parts (a list whose length varies, so the numbers and codes after it must not shift).
    calibrationParts:
      n % 4 === 0
        ? []
        : Array.from({ length: n % 4 + 1 }, (_, i) => ({ role: i === 0 ? 'mixing' : 'size', group: i === 0 ? 'pair' : `small-${n % 7 + i}`, points: n % 7 + i, share: i === 0 ? 2 : 2 * (n % 4), level: i === 0 ? 0.95 : 1 - 0.1 / (2 * (n % 4)) })),
    inDomain: n % 5 === 0,
    domainReasons: n % 5 === 0 ? [] : [`N_metal = ${n} is outside the trained sizes 13–147`, 'no public data for the environment term'],
    terms: [size, mixing],
  };
}

/** A site-model prediction: no terms. */
function sitePrediction(n: number): Prediction {
  return { ...prediction(n), model: 'site-v2', terms: [] };
}

const LAYOUT: SiteTermLayout = {
  keys: ['h_mix|dopant_group<host_group', 'radius_mismatch>0'],
  symbols: ['H_mix', 'ΔR/R'],
  definitions: ['H_mix, Miedema mixing enthalpy (counted only where dopant_group < host_group, else 0)', '(R_dopant − R_host) / R_host (its positive part, max(x, 0))'],
  parts: ['gated', 'positive'],
  names: ['h_mix', 'radius_mismatch'],
  units: ['kJ/mol', '–'],
  gates: ['dopant_group < host_group', ''],
  source: 'least squares on slabs',
};

/** A site prediction with its terms (siteTerms.ts): the mean of two fold models (blended with a full shell's for n = 54), or none and why. */
function siteWithTerms(n: number): Prediction {
  const complete = n === 54 ? { complete: { folds: [4], share: 0.4021739 } } : {};
  return n % 2 === 0
    ? { ...sitePrediction(n), siteTerms: { layout: LAYOUT, inputs: [-74, 0.1 + n / 1000], weights: n % 4 === 0 ? [0.0155, 2.9] : [0.0149, 3.1], folds: [1, 3], ...complete, ...(n % 3 === 0 ? { closedGates: 1 } : {}) } }
    : { ...sitePrediction(n), siteTerms: siteTermsProblem('its terms sum to 0.1 eV where fold model 3 gives 0.2 eV', [2]) };
}

/** Through a real message port, as the worker sends them: the typed arrays transferred. */
function sent(packed: PackedPredictions): PackedPredictions {
  const { port1, port2 } = new MessageChannel();
  try {
    port1.postMessage(packed, transferables(packed));
    return receiveMessageOnPort(port2)?.message as PackedPredictions;
  } finally {
    port1.close();
  }
}

test('predictions unpacked on the other side of a port equal those packed, field for field and in the same key order', () => {
  const batch = [...Array.from({ length: 30 }, (_, i) => prediction(13 + i)), sitePrediction(50), siteWithTerms(51), siteWithTerms(52), sitePrediction(53), siteWithTerms(54), siteWithTerms(56)];
  const unpacked = unpackPredictions(sent(packPredictions(batch)));
  assert.deepEqual(unpacked, batch);
  assert.equal(JSON.stringify(unpacked), JSON.stringify(batch));
  assert.deepEqual(unpackPredictions(sent(packPredictions([]))), []);
  // A batch's site breakdowns share one layout, and one weights list per distinct list of weights.
  const [a, b, c] = [52, 54, 56].map((n) => unpacked[batch.findIndex((p) => p.siteTerms?.inputs[1] === 0.1 + n / 1000)].siteTerms!);
  assert.ok(a.layout === b.layout && b.layout === c.layout);
  assert.ok(a.weights === c.weights && a.weights !== b.weights);
});

// LoadedModel.predict gives the predictions of one composed group one list of its parts: read back, each had a list of its own.
test("predictions that share a composed interval's parts send the list once a batch and are read back sharing one list", () => {
  const parts = prediction(13).calibrationParts;
  const batch = [13, 14, 15].map((n) => ({ ...prediction(n), calibrationParts: parts }));
  // Equal parts in a list of its own stay a list of their own.
  batch.push(prediction(13));
  const unpacked = unpackPredictions(sent(packPredictions(batch)));
  assert.deepEqual(unpacked, batch);
  assert.ok(unpacked[0].calibrationParts === unpacked[1].calibrationParts && unpacked[1].calibrationParts === unpacked[2].calibrationParts);
  assert.notEqual(unpacked[3].calibrationParts, unpacked[0].calibrationParts);
  // So no prediction may change its list or a part of it: the change would be every sharer's. The types say so (typecheck).
  const changeShared = (p: Prediction) => {
    // @ts-expect-error a shared list is read-only
    p.calibrationParts.push(p.calibrationParts[0]);
    // @ts-expect-error and so are its parts
    p.calibrationParts[0].points = 0;
  };
  void changeShared;
  // Three numbers a part (points, share, level), for the shared list once.
  const alone = batch.reduce((sum, p) => sum + packPredictions([p]).numbers.length, 0);
  assert.equal(packPredictions(batch).numbers.length, alone - 2 * 3 * parts.length);
});

test('the typed arrays are transferred, not copied: the sender is left with detached buffers', () => {
  const packed = packPredictions([prediction(13)]);
  assert.ok(packed.codes.byteLength > 0 && packed.numbers.byteLength > 0);
  sent(packed);
  assert.equal(packed.codes.byteLength, 0);
  assert.equal(packed.numbers.byteLength, 0);
});

test('each distinct string crosses once per batch, the predictions read back share it, and the message is a fraction of a structured clone', () => {
  const batch = Array.from({ length: 500 }, (_, i) => prediction(13 + i));
  const packed = packPredictions(batch);
  assert.equal(new Set(packed.strings).size, packed.strings.length, 'no string is listed twice');
  const unpacked = unpackPredictions(packed);
  assert.ok(unpacked.every((p) => p.terms[0].source === unpacked[0].terms[0].source));
  const packedBytes = serialize(packed).length;
  assert.ok(packedBytes < serialize(batch).length / 4, `packed ${packedBytes} bytes against ${serialize(batch).length} cloned`);
});

/** How many strings of the heap hold a text that starts with `marker` and is longer than it. */
function copiesInHeap(marker: string): number {
  const file = path.join(os.tmpdir(), `bimetal-wire-strings-${process.pid}.heapsnapshot`);
  try {
    writeHeapSnapshot(file);
    const heap = JSON.parse(readFileSync(file, 'utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
    const fields = heap.snapshot.meta.node_fields;
    const [typeAt, nameAt] = ['type', 'name'].map((f) => fields.indexOf(f));
    let copies = 0;
    for (let i = 0; i < heap.nodes.length; i += fields.length) {
      const text = heap.strings[heap.nodes[i + nameAt]];
      if (heap.snapshot.meta.node_types[0][heap.nodes[i + typeAt]] === 'string' && text.startsWith(marker) && text.length > marker.length) copies++;
    }
    return copies;
  } finally {
    rmSync(file, { force: true });
  }
}

test('batches read back share one string of each text with the batches before them', () => {
  const marker = `source kept once ${process.pid}:`;
  // Each batch crosses a real port, so each arrives with copies of its own, as from the worker.
  const received = [0, 1].map((batch) => unpackPredictions(sent(packPredictions([prediction(13 + batch, `${marker} ${SOURCE}`)]))));
  assert.equal(received[0][0].terms[0].source, received[1][0].terms[0].source);
  assert.equal(copiesInHeap(marker), 1);
});

test('a damaged batch is an error, not a prediction with holes', () => {
  const packed = packPredictions([prediction(13), prediction(14)]);
  assert.throws(() => unpackPredictions({ ...packed, strings: packed.strings.slice(0, 2) }), /refers to string/);
  assert.throws(() => unpackPredictions({ ...packed, codes: packed.codes.slice(0, packed.codes.length - 3) }), /ends in the middle/);
  assert.throws(() => unpackPredictions({ ...packed, codes: Int32Array.from([...packed.codes, 0]) }), /more than its predictions/);
});

test('unpacking stays optimised once V8 optimises it: its string table has one elements kind in every tier', () => {
  // V8's `%` functions need --allow-natives-syntax, so the check runs in a child process. The table
  // made by Array.prototype.map was packed from the builtin and holey from its inlined form, and the
  // optimised code's first read of it deoptimised the function (a second compile in every warm open).
  const script = `
const { MessageChannel, receiveMessageOnPort } = require('node:worker_threads');
const { packPredictions, transferables, unpackPredictions } = require('./engine/src/inference/predictionWire.ts');
const [prepare, optimiseNext, status] = ['%PrepareFunctionForOptimization(f)', '%OptimizeFunctionOnNextCall(f)', 'return %GetOptimizationStatus(f)'].map((body) => new Function('f', body));
const prediction = (n) => ({ point: -3, modelPoint: -3, lower: -4, upper: -2, coverage: 0.9, model: 'eform', bounded: true, calibrationGroup: 'pair', calibrationRule: null, calibrationPoints: 5, calibrationParts: [], inDomain: false,
  domainReasons: ['reason ' + (n % 3)], terms: [{ key: 'size', symbol: 'E_size', value: n, unit: 'eV/atom', definition: 'd', source: 's', inputs: { N: n, model: 'm' }, supported: true }] });
const sent = () => {
  const packed = packPredictions(Array.from({ length: 20 }, (_, i) => prediction(i)));
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(packed, transferables(packed));
  port1.close();
  return receiveMessageOnPort(port2).message;
};
prepare(unpackPredictions);
unpackPredictions(sent());
unpackPredictions(sent());
optimiseNext(unpackPredictions);
unpackPredictions(sent());
unpackPredictions(sent());
process.stdout.write(String(status(unpackPredictions)));`;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '-e', script], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  const OPTIMISED = 1 << 4; // V8's OptimizationStatus::kOptimized
  assert.ok((Number(run.stdout) & OPTIMISED) !== 0, `optimisation status ${Number(run.stdout).toString(2)}`);
});
