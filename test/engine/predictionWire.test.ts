import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import { TermTextReader, TermTextWriter } from '../../engine/src/inference/predictionWire';
import type { EnergyTerm } from '../../engine/src/inference/energyTerms';
import type { Prediction } from '../../engine/src/inference/runtime';

const DEFINITION = 'E_size = (n_host·E_host(N) + n_dopant·E_dopant(N)) / N with each element\'s size law E_el(N) = eBulk + a·N^(−1/3) + b·N^(−2/3)';

function prediction(n: number, source: string): Prediction {
  const size: EnergyTerm = { key: 'size', symbol: 'E_size', value: -3 + n / 1000, unit: 'eV/atom', definition: DEFINITION, source, inputs: { N: n }, supported: true };
  const mixing: EnergyTerm = { key: 'mixing', symbol: 'ΔE_mix', value: 0.01, unit: 'eV/atom', definition: 'ΔE_mix, learned', source: 'model eform-v2', inputs: { model: 'eform-v2', calibrationGroup: 'pair' }, supported: true };
  return {
    point: -3,
    modelPoint: -3,
    lower: -3.1,
    upper: -Infinity,
    coverage: 0.9,
    model: 'eform-v2',
    bounded: false,
    calibrationGroup: null,
    inDomain: false,
    domainReasons: [`N_metal = ${n} is outside the trained sizes 13–147`],
    terms: [size, mixing],
  };
}

test('predictions read back from the wire equal those written, field for field and in the same key order', () => {
  const writer = new TermTextWriter();
  const reader = new TermTextReader();
  const first = [prediction(13, 'Au: fitted'), prediction(14, 'Pt: fitted')];
  const second = [prediction(15, 'Au: fitted'), prediction(16, 'Pd: fitted')];
  for (const batch of [first, second]) {
    const read = reader.read(structuredClone(writer.write(batch)), writer.takeUnsent());
    assert.deepEqual(read, batch);
    assert.equal(JSON.stringify(read), JSON.stringify(batch));
  }
});

test('each distinct term text crosses once: a second batch with the same texts sends none, and the wire is much smaller', () => {
  const writer = new TermTextWriter();
  // Sources as long as the shipped terms file's (the size term's names its data sets, about 300 characters).
  const source = 'QCD ground states (Manna et al. 2023) 13–55 atoms + OQMD bulk; Au: QCD Au13–Au55 ground states + OQMD bulk, on the TM13 PBE atom reference; '.repeat(2);
  const batch = Array.from({ length: 500 }, (_, i) => prediction(13 + i, source));
  const wire = writer.write(batch);
  const texts = writer.takeUnsent();
  assert.equal(texts.length, new Set(batch.flatMap((p) => p.terms.flatMap((t) => [t.symbol, t.unit, t.definition, t.source]))).size);
  writer.write(batch);
  assert.deepEqual(writer.takeUnsent(), []);
  assert.ok(serialize(wire).length < serialize(batch).length / 2, 'the numbered texts halve the message at least');
});

test('a result that refers to a text never sent is an error, not a prediction with holes', () => {
  const writer = new TermTextWriter();
  const wire = writer.write([prediction(13, 'Au')]);
  assert.throws(() => new TermTextReader().read(wire, []), /never sent/);
});
