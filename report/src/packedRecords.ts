/**
 * Many records on the wire, packed: every distinct string once, every object layout ("shape": its
 * keys in order and what kind of value each holds) once, and the records as lists of numbers. The
 * results requests (`bimetal/scoreDocument`, `bimetal/scoreWorkspace`, `bimetal/suggest`) answer
 * so when asked with `packed: true`, as the VS Code client asks; other editors get plain records.
 * A family's records repeat the same keys, term sources, units and warnings member after member:
 * the 98,600-member sweep's records are 197 MB of JSON plain and 38 MB packed, and reach the
 * client, unpacking included, in 5.1 s instead of 11.3 s (`npm run bench -- server`).
 *
 * The records are JSON data, and unpacking gives what `JSON.parse(JSON.stringify(records))` would:
 * fields that hold `undefined` are left out, and a number that is not finite becomes null.
 *
 * `values` holds the records one after another, each as a tagged value: a tag (Tag), then what
 * the tag says follows: a number, a string's index in `strings`, an array's length and its items
 * (tagged values), or an object's fields in its shape's order. A field whose shape says NUMBER or
 * STRING is the bare number or string index; only a TAGGED field carries a tag. The values run on
 * from one piece of `values` to the next. Pieces of numbers, not an array per object: a family's
 * records are over a million objects, and an array for each would be as many more objects for the
 * garbage collectors of the server and the client.
 */

import { StringDictionary } from './stringDictionary';

export interface PackedRecords {
  /** The format's version: a reader that finds another refuses it rather than misreading it. */
  packed: typeof PACKED_FORMAT;
  /** How many records `values` holds. */
  count: number;
  /** Every distinct string: values and keys. */
  strings: string[];
  /** Every object layout: for each key in order, its index in `strings`, then its FieldKind. */
  shapes: number[][];
  /** The values, in pieces of at most VALUES_PER_PIECE: JSON.parse reads millions of numbers faster as many arrays than as one. */
  values: number[][];
}

export const PACKED_FORMAT = 1;

const VALUES_PER_PIECE = 65_536;

/** What a shape's field holds in every object of that shape. */
const enum FieldKind {
  NUMBER = 0,
  STRING = 1,
  TAGGED = 2,
}

/** The first number of a tagged value; OBJECT + k is an object of shape k. */
const enum Tag {
  NULL = 0,
  TRUE = 1,
  FALSE = 2,
  NUMBER = 3,
  STRING = 4,
  ARRAY = 5,
  OBJECT = 6,
}

function fieldKind(value: unknown): FieldKind {
  if (typeof value === 'string') return FieldKind.STRING;
  return typeof value === 'number' && Number.isFinite(value) ? FieldKind.NUMBER : FieldKind.TAGGED;
}

/** Whether JSON leaves an object's field out. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function';
}

/**
 * One step along the shapes met so far: objects whose fields begin alike share the path, and a
 * shape's fields are the steps that lead to it (from the root, which has no field).
 */
class ShapeStep {
  shape = -1;
  readonly next: [Map<string, ShapeStep>, Map<string, ShapeStep>, Map<string, ShapeStep>] = [new Map(), new Map(), new Map()];

  constructor(readonly field?: { key: string; kind: FieldKind; before: ShapeStep }) {}
}

class Packer {
  readonly strings = new StringDictionary();
  readonly shapes: number[][] = [];
  // Pieces are made at their full size and filled in: grown by push, each would be copied as it
  // grows, into memory the process has not touched before.
  private piece = new Array<number>(VALUES_PER_PIECE);
  private filled = 0;
  private readonly values: number[][] = [this.piece];
  private readonly shapeRoot = new ShapeStep();

  tagged(value: unknown): void {
    switch (typeof value) {
      case 'number':
        if (Number.isFinite(value)) {
          this.emit(Tag.NUMBER);
          this.emit(value);
        } else this.emit(Tag.NULL);
        return;
      case 'boolean':
        this.emit(value ? Tag.TRUE : Tag.FALSE);
        return;
      case 'string':
        this.emit(Tag.STRING);
        this.emit(this.strings.id(value));
        return;
      case 'object':
        if (value === null) this.emit(Tag.NULL);
        else if (Array.isArray(value)) this.array(value);
        else this.object(value as Record<string, unknown>);
        return;
      default:
        // As JSON writes undefined (and functions) in an array.
        this.emit(Tag.NULL);
    }
  }

  /** The values, the last piece cut to what it holds. */
  finish(): number[][] {
    this.piece.length = this.filled;
    return this.values;
  }

  private emit(value: number): void {
    if (this.filled === VALUES_PER_PIECE) {
      this.piece = new Array<number>(VALUES_PER_PIECE);
      this.values.push(this.piece);
      this.filled = 0;
    }
    this.piece[this.filled++] = value;
  }

  private array(items: readonly unknown[]): void {
    this.emit(Tag.ARRAY);
    this.emit(items.length);
    for (const item of items) this.tagged(item);
  }

  private object(object: Record<string, unknown>): void {
    // The tag names the shape, known only once the fields are read: it is filled in where it was left.
    this.emit(Tag.OBJECT);
    const tagPiece = this.piece;
    const tagAt = this.filled - 1;
    let step = this.shapeRoot;
    for (const key of Object.keys(object)) {
      const field = object[key];
      if (omitted(field)) continue;
      const kind = fieldKind(field);
      const next = step.next[kind];
      let following = next.get(key);
      if (!following) {
        following = new ShapeStep({ key, kind, before: step });
        next.set(key, following);
      }
      step = following;
      if (kind === FieldKind.NUMBER) this.emit(field as number);
      else if (kind === FieldKind.STRING) this.emit(this.strings.id(field as string));
      else this.tagged(field);
    }
    if (step.shape === -1) step.shape = this.newShape(step);
    tagPiece[tagAt] = Tag.OBJECT + step.shape;
  }

  /** A shape of the fields on the way to `last`. */
  private newShape(last: ShapeStep): number {
    const fields: { key: string; kind: FieldKind }[] = [];
    for (let step: ShapeStep | undefined = last; step.field; step = step.field.before) fields.push(step.field);
    this.shapes.push(fields.reverse().flatMap(({ key, kind }) => [this.strings.id(key), kind]));
    return this.shapes.length - 1;
  }
}

/** `records` may be made as they are read (a generator), so that each is garbage once packed. */
export function packRecords(records: Iterable<unknown>): PackedRecords {
  const packer = new Packer();
  let count = 0;
  for (const record of records) {
    packer.tagged(record);
    count++;
  }
  return { packed: PACKED_FORMAT, count, strings: packer.strings.values, shapes: packer.shapes, values: packer.finish() };
}

export function isPackedRecords(value: unknown): value is PackedRecords {
  const candidate = value as Partial<PackedRecords> | null;
  return typeof candidate === 'object' && candidate !== null && 'packed' in candidate && Array.isArray(candidate.values);
}

interface Shape {
  keys: string[];
  kinds: FieldKind[];
}

/** Reads `packed.values` from the start, one tagged value at a time. */
class Unpacker {
  private pieceIndex = 0;
  private piece: number[];
  private at = 0;
  private readonly shapes: Shape[];

  constructor(private readonly packed: PackedRecords) {
    this.shapes = packed.shapes.map((shape) => {
      const keys: string[] = [];
      const kinds: FieldKind[] = [];
      for (let i = 0; i < shape.length; i += 2) {
        keys.push(packed.strings[shape[i]]);
        kinds.push(shape[i + 1]);
      }
      return { keys, kinds };
    });
    this.piece = packed.values[0] ?? [];
  }

  tagged(): unknown {
    const { strings } = this.packed;
    const tag = this.next();
    switch (tag) {
      case Tag.NULL:
        return null;
      case Tag.TRUE:
        return true;
      case Tag.FALSE:
        return false;
      case Tag.NUMBER:
        return this.next();
      case Tag.STRING:
        return strings[this.next()];
      case Tag.ARRAY: {
        const items = new Array<unknown>(this.next());
        for (let i = 0; i < items.length; i++) items[i] = this.tagged();
        return items;
      }
    }
    const shape = this.shapes[tag - Tag.OBJECT];
    if (!shape) throw new Error(`packed records hold ${tag} where a tag of format ${PACKED_FORMAT} belongs`);
    const object: Record<string, unknown> = {};
    for (let i = 0; i < shape.keys.length; i++) {
      const kind = shape.kinds[i];
      const value = kind === FieldKind.NUMBER ? this.next() : kind === FieldKind.STRING ? strings[this.next()] : this.tagged();
      const key = shape.keys[i];
      // Assigned, `__proto__` would set the prototype; JSON.parse makes it an own field.
      if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      else object[key] = value;
    }
    return object;
  }

  /** Whether every value was read: a count that does not match the values is a corrupt message. */
  get done(): boolean {
    return this.at === this.piece.length && this.pieceIndex >= this.packed.values.length - 1;
  }

  private next(): number {
    if (this.at === this.piece.length) {
      this.piece = this.packed.values[++this.pieceIndex];
      this.at = 0;
      if (!this.piece) throw new Error('packed records end in the middle of a record');
    }
    return this.piece[this.at++];
  }
}

/** The records `packed` holds; throws on a format version it does not know, or on values that do not read as `count` records. */
export function unpackRecords<T>(packed: PackedRecords): T[] {
  const unpacker = readerOf(packed);
  const records = new Array<T>(packed.count);
  for (let i = 0; i < packed.count; i++) records[i] = unpacker.tagged() as T;
  return readWhole(unpacker, packed, records);
}

/**
 * unpackRecords for a reader that must keep answering while it unpacks (the VS Code extension
 * host, where a family's 98,600 records take about a second): after each record it awaits what
 * `pause` returns, which is nothing until its time slice is used up and then a turn of the event
 * loop. `pause` may throw to stop (a cancelled request). Each record is the one `keep` gives for
 * it (an equal one the reader holds already, say), so that the one unpacked is garbage at once.
 */
export async function unpackRecordsInTurns<T>(packed: PackedRecords, pause: () => Promise<void> | undefined, keep: (record: T) => T): Promise<T[]> {
  const unpacker = readerOf(packed);
  const records = new Array<T>(packed.count);
  for (let i = 0; i < packed.count; i++) {
    records[i] = keep(unpacker.tagged() as T);
    const turn = pause();
    if (turn) await turn;
  }
  return readWhole(unpacker, packed, records);
}

function readerOf(packed: PackedRecords): Unpacker {
  if (packed.packed !== PACKED_FORMAT) throw new Error(`packed records of format ${String(packed.packed)}, where this reader knows format ${PACKED_FORMAT}`);
  return new Unpacker(packed);
}

/** `records`, once every value was read: a count that does not match the values is a corrupt message. */
function readWhole<T>(unpacker: Unpacker, packed: PackedRecords, records: T[]): T[] {
  if (!unpacker.done) throw new Error(`packed records hold more values than their ${packed.count} records take`);
  return records;
}
