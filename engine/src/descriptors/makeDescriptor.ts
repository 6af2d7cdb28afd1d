import type { Descriptor } from './types';

export type Inputs = Record<string, number | string | null>;

/**
 * A descriptor whose `inputs` are assembled on first read, by a module-level builder from the
 * one or two things it needs (no closure per descriptor). Family sweeps compute hundreds of
 * thousands of descriptor sets and read only the values; hovers and `--explain` read the inputs.
 * `inputs` is a prototype getter (an own getter per object makes V8 give every object its own
 * hidden class), so a spread copy drops it; `toJSON` keeps it in serialised output.
 */
class LazyInputsDescriptor implements Descriptor {
  private built: Inputs | undefined;

  constructor(
    readonly value: number | null,
    readonly unit: string,
    readonly source: string,
    readonly definition: string,
    private readonly build: (a: unknown, b: unknown) => Inputs,
    private readonly a: unknown,
    private readonly b: unknown,
  ) {}

  get inputs(): Inputs {
    this.built ??= this.build(this.a, this.b);
    return this.built;
  }

  toJSON(): Descriptor & Record<string, unknown> {
    const { built: _built, build: _build, a: _a, b: _b, ...own } = this;
    return { ...own, inputs: this.inputs };
  }
}

type Definition = { unit: string; definition: string };

export function makeDescriptor<A>(value: number | null, definition: Definition, source: string, build: (a: A) => Inputs, a: A): Descriptor;
export function makeDescriptor<A, B>(
  value: number | null,
  definition: Definition,
  source: string,
  build: (a: A, b: B) => Inputs,
  a: A,
  b: B,
): Descriptor;
export function makeDescriptor(
  value: number | null,
  definition: Definition,
  source: string,
  build: (a: unknown, b: unknown) => Inputs,
  a: unknown,
  b?: unknown,
): Descriptor {
  return new LazyInputsDescriptor(value, definition.unit, source, definition.definition, build, a, b);
}

/** "not computed: no value for a, b" from the inputs that are null. */
export function missingInputs(inputs: Inputs): string {
  const missing = Object.keys(inputs).filter((k) => inputs[k] === null);
  return `not computed: no value for ${missing.join(', ')}`;
}
