/**
 * Packed records (report/src/packedRecords.ts) read back, after the JSON text the wire carries, as
 * exactly what the plain records read back as: real score records of every kind, any JSON value,
 * and values running over several pieces. Each distinct string is stored once, and a message that
 * is not whole packed records is refused instead of misread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createScorer } from '../../pipeline/src/index';
import { isPackedRecords, packRecords, PACKED_FORMAT, unpackRecords, type PackedRecords } from '../../report/src/packedRecords';

/** What a JSON-RPC peer reads of `value`. */
const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const unpackedOverTheWire = (records: readonly unknown[]) => unpackRecords(overTheWire(packRecords(records)));

const RECIPES = `
ligand Thiol = "SCCc1ccccc1" binds S logP 2.3

recipe Scan {
  host    Au 12
  dopant  [Pt, Pd] 1..2
  site    mixed
}

recipe Protected {
  host     Au 24
  dopant   Ag 1
  ligands  Thiol x 12, "SCC(=O)O" x 2
  energy   -2.9 eV
}

recipe OnCarbon {
  host     Cu 12
  dopant   Pd 1
  support  nc
  distance 2.9 Å
}

recipe Unread {
  host      Au 12
  dopant    Pt 1
  structure "missing.xyz"
}
`;

test('the records of a scored document read back as the plain records do, every field and every kind of record', async () => {
  const scorer = createScorer();
  try {
    const { records } = await scorer.scoreText(RECIPES, { file: 'kinds.bimetal' });
    assert.ok(records.length >= 6, `scored ${records.length} records`);
    // The document holds what the packing has to get right: predictions and their absence, ligands, supports, labels, diagnostics.
    assert.ok(records.some((r) => r.prediction === null) && records.some((r) => r.prediction !== null));
    assert.ok(records.some((r) => Object.keys(r.descriptors?.logP ?? {}).length > 0));
    assert.ok(records.some((r) => r.diagnostics.length > 0));
    assert.deepStrictEqual(unpackedOverTheWire(records), overTheWire(records));
  } finally {
    await scorer.dispose();
  }
});

test('any JSON value reads back as JSON reads it back', () => {
  fc.assert(
    fc.property(fc.array(fc.jsonValue()), (values) => {
      assert.deepStrictEqual(unpackedOverTheWire(values), overTheWire(values));
    }),
    { numRuns: 300 },
  );
});

test('fields JSON leaves out are left out, numbers JSON cannot write read back as null, and a key may change its kind of value', () => {
  const records = [
    { a: 1, b: undefined, c: () => 1, d: NaN, e: Infinity, f: 'text' },
    { a: 'now a string', f: null, g: [undefined, -Infinity, 'x', [], {}] },
    { a: 2.5, f: 'text', h: { nested: { deeper: [true, false, null] } } },
    JSON.parse('{"__proto__": "an own key", "0": "integer-like", "z": 0}') as object,
  ];
  const packed = overTheWire(packRecords(records));
  assert.deepStrictEqual(unpackRecords(packed), overTheWire(records));
  // Objects alike in their keys and their values' kinds share a shape; a change of kind is a new shape.
  assert.equal(packed.shapes.length, new Set(packed.shapes.map((shape) => shape.join())).size);
});

test('each distinct string is stored once, however many records repeat it', () => {
  const source = 'QCD ground states (Manna et al. 2023) 13–55 atoms + OQMD bulk';
  const records = Array.from({ length: 1_000 }, (_, i) => ({ recipe: `Scan[n=${i}]`, terms: [{ key: 'size', source }, { key: 'mixing', source: 'model eform-v2' }] }));
  const { strings } = packRecords(records);
  assert.equal(new Set(strings).size, strings.length);
  assert.equal(strings.filter((s) => s === source).length, 1);
  // The keys, the two sources, 'size', 'mixing' and the 1,000 recipe names.
  assert.equal(strings.length, 3 + 2 + 2 + 1_000 + 1);
});

test('values run over several pieces, also inside one record, and read back whole', () => {
  const records = Array.from({ length: 7_000 }, (_, i) => ({ i, values: Array.from({ length: 9 }, (_, j) => i * 10 + j + 0.5), name: `r${i % 13}` }));
  const packed = overTheWire(packRecords(records));
  assert.ok(packed.values.length >= 2, `${packed.values.length} pieces`);
  assert.deepStrictEqual(unpackRecords(packed), records);
});

test('records made as they are read are packed one at a time, to what the same records in a list pack to', () => {
  const records = Array.from({ length: 50 }, (_, i) => ({ recipe: `R${i}`, value: i / 7, terms: [{ key: 'size', value: -i }] }));
  let made = 0;
  let read = 0;
  function* oneAtATime() {
    for (const record of records) {
      // The one made before was packed, and nothing ahead was asked for: no record waits in a list.
      assert.equal(read, made);
      made++;
      yield {
        ...record,
        get recipe() {
          read++;
          return record.recipe;
        },
      };
    }
  }
  assert.deepStrictEqual(packRecords(oneAtATime()), packRecords(records));
  assert.equal(made, records.length);
});

test('no records pack to no values', () => {
  assert.deepStrictEqual(unpackRecords(overTheWire(packRecords([]))), []);
});

test('a message that is not whole packed records of this format is refused, not misread', () => {
  const packed = overTheWire(packRecords([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]));
  const altered = (change: (copy: PackedRecords) => void) => {
    const copy = overTheWire(packed);
    change(copy);
    return () => unpackRecords(copy);
  };
  assert.throws(altered((copy) => ((copy as { packed: number }).packed = PACKED_FORMAT + 1)), /format/);
  assert.throws(altered((copy) => copy.values[0].pop()), /end in the middle/);
  assert.throws(altered((copy) => (copy.count = 1)), /more values/);
  assert.throws(altered((copy) => (copy.values[0][0] = 99)), /tag/);
  assert.ok(isPackedRecords(packed));
  for (const other of [null, [], [{ a: 1 }], { records: [] }, 'packed']) assert.equal(isPackedRecords(other), false);
});
