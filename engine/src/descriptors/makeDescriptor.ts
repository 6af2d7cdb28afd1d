import type { Descriptor } from './types';

export type Inputs = Record<string, number | string | null>;

/**
 * A descriptor whose `inputs` are assembled on first read. Family sweeps compute hundreds of
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
    private readonly buildInputs: () => Inputs,
  ) {}

  get inputs(): Inputs {
    this.built ??= this.buildInputs();
    return this.built;
  }

  toJSON(): Descriptor & Record<string, unknown> {
    const { built: _built, buildInputs: _build, ...own } = this;
    return { ...own, inputs: this.inputs };
  }
}

export function makeDescriptor(
  value: number | null,
  definition: { unit: string; definition: string },
  source: string,
  inputs: () => Inputs,
): Descriptor {
  return new LazyInputsDescriptor(value, definition.unit, source, definition.definition, inputs);
}

/** "not computed: no value for a, b" from the inputs that are null. */
export function missingInputs(inputs: Inputs): string {
  const missing = Object.keys(inputs).filter((k) => inputs[k] === null);
  return `not computed: no value for ${missing.join(', ')}`;
}
