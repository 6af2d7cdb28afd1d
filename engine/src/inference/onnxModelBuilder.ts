/**
 * A minimal ONNX ModelProto encoder (protobuf wire format, onnx.proto3 field numbers).
 *
 * Why it exists: the runtime initialises onnxruntime-web with a one-node probe model, so that a
 * failing WASM initialisation is reported as such (and never confused with a corrupt model file);
 * tests build small linear models with it instead of depending on Python. It writes only what
 * those uses need: float/int64 initialisers, nodes with int/float attributes, and tensor
 * inputs/outputs with symbolic or fixed dimensions. Attribute types are always explicit, since
 * a JS number does not say whether it is an int or a float.
 */

type Bytes = number[];

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const TENSOR_FLOAT = 1;
const TENSOR_INT64 = 7;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;

function varint(out: Bytes, value: number | bigint): void {
  let v = BigInt.asUintN(64, BigInt(value));
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

function key(out: Bytes, field: number, wire: number): void {
  varint(out, (field << 3) | wire);
}

function intField(out: Bytes, field: number, value: number | bigint): void {
  key(out, field, WIRE_VARINT);
  varint(out, value);
}

function bytesField(out: Bytes, field: number, payload: ArrayLike<number>): void {
  key(out, field, WIRE_LENGTH_DELIMITED);
  varint(out, payload.length);
  for (let i = 0; i < payload.length; i++) out.push(payload[i]);
}

function stringField(out: Bytes, field: number, text: string): void {
  bytesField(out, field, new TextEncoder().encode(text));
}

function floatField(out: Bytes, field: number, value: number): void {
  key(out, field, WIRE_FIXED32);
  const b = new Uint8Array(new Float32Array([value]).buffer);
  out.push(...b);
}

export type AttributeValue = { int: number } | { float: number };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, AttributeValue>;
}

export interface InitializerSpec {
  name: string;
  dims: number[];
  /** float32 tensor data, or int64 data given as `{ int64: [...] }`. */
  data: ArrayLike<number> | { int64: number[] };
}

/** A dimension is a fixed size or a symbolic name (e.g. 'N' for the batch). */
export interface ValueSpec {
  name: string;
  dims: Array<number | string>;
}

export interface GraphSpec {
  nodes: NodeSpec[];
  initializers: InitializerSpec[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  opset: number;
}

function encodeAttribute(name: string, value: AttributeValue): Bytes {
  const out: Bytes = [];
  stringField(out, 1, name);
  if ('int' in value) {
    intField(out, 3, value.int);
    intField(out, 20, ATTRIBUTE_INT);
  } else {
    floatField(out, 2, value.float);
    intField(out, 20, ATTRIBUTE_FLOAT);
  }
  return out;
}

function encodeNode(node: NodeSpec, index: number): Bytes {
  const out: Bytes = [];
  for (const i of node.inputs) stringField(out, 1, i);
  for (const o of node.outputs) stringField(out, 2, o);
  stringField(out, 3, `${node.op}_${index}`);
  stringField(out, 4, node.op);
  for (const [name, value] of Object.entries(node.attributes ?? {})) bytesField(out, 5, encodeAttribute(name, value));
  return out;
}

function encodeInitializer(init: InitializerSpec): Bytes {
  const out: Bytes = [];
  for (const d of init.dims) intField(out, 1, d);
  if ('int64' in init.data) {
    intField(out, 2, TENSOR_INT64);
    stringField(out, 8, init.name);
    bytesField(out, 9, new Uint8Array(BigInt64Array.from(init.data.int64.map(BigInt)).buffer));
  } else {
    intField(out, 2, TENSOR_FLOAT);
    stringField(out, 8, init.name);
    bytesField(out, 9, new Uint8Array(Float32Array.from(init.data).buffer));
  }
  return out;
}

function encodeValueInfo(value: ValueSpec): Bytes {
  const shape: Bytes = [];
  for (const d of value.dims) {
    const dim: Bytes = [];
    if (typeof d === 'number') intField(dim, 1, d);
    else stringField(dim, 2, d);
    bytesField(shape, 1, dim);
  }
  const tensorType: Bytes = [];
  intField(tensorType, 1, TENSOR_FLOAT);
  bytesField(tensorType, 2, shape);
  const type: Bytes = [];
  bytesField(type, 1, tensorType);
  const out: Bytes = [];
  stringField(out, 1, value.name);
  bytesField(out, 2, type);
  return out;
}

/** Serialises a single-graph ONNX model (IR version 7) using the default operator domain. */
export function encodeOnnxModel(graph: GraphSpec): Uint8Array {
  const g: Bytes = [];
  graph.nodes.forEach((n, i) => bytesField(g, 1, encodeNode(n, i)));
  stringField(g, 2, 'graph');
  for (const init of graph.initializers) bytesField(g, 5, encodeInitializer(init));
  for (const v of graph.inputs) bytesField(g, 11, encodeValueInfo(v));
  for (const v of graph.outputs) bytesField(g, 12, encodeValueInfo(v));

  const opset: Bytes = [];
  stringField(opset, 1, '');
  intField(opset, 2, graph.opset);

  const model: Bytes = [];
  intField(model, 1, 7);
  stringField(model, 2, 'bimetal');
  bytesField(model, 7, g);
  bytesField(model, 8, opset);
  return Uint8Array.from(model);
}
