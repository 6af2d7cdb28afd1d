import type { AccessibilityDescriptor, Descriptor, MixingEnthalpyDescriptor } from './types';

export type Inputs = Record<string, number | string | null>;

/**
 * What every descriptor of one kind shares: its quantity's unit and definition (definitions.ts),
 * and how its inputs are assembled from the one or two things it was computed from.
 */
export interface DescriptorKind<A = never, B = never> {
  readonly unit: string;
  readonly definition: string;
  inputs(a: A, b: B): Inputs;
}

export function descriptorKind<A, B = undefined>(quantity: { unit: string; definition: string }, inputs: (a: A, b: B) => Inputs): DescriptorKind<A, B> {
  return { unit: quantity.unit, definition: quantity.definition, inputs };
}

/**
 * A descriptor that holds its value and source, and takes its unit and definition from its kind
 * and assembles its `inputs` when read (no closure per descriptor): family sweeps compute hundreds
 * of thousands of descriptor sets and read only the values (eleven descriptors each; 88 bytes
 * apiece with their own unit, definition, builder and cached inputs, 64 now; an editor keeps its
 * members' values packed instead, record.ts). Hovers and `--explain` read the inputs.
 * `unit`, `definition` and `inputs` are prototype getters (an own getter per object makes V8 give
 * every object its own hidden class), so a spread copy drops them; `toJSON` keeps them in
 * serialised output.
 */
class KindDescriptor implements Descriptor {
  constructor(
    readonly value: number | null,
    readonly source: string,
    private readonly kind: DescriptorKind<unknown, unknown>,
    private readonly a: unknown,
    private readonly b: unknown,
  ) {}

  get unit(): string {
    return this.kind.unit;
  }

  get definition(): string {
    return this.kind.definition;
  }

  get inputs(): Inputs {
    return this.kind.inputs(this.a, this.b);
  }

  toJSON(): Record<string, unknown> {
    return { value: this.value, unit: this.unit, source: this.source, definition: this.definition, ...this.verdicts(), inputs: this.inputs };
  }

  /** The fields a kind adds (φ's verdict, H_mix's provenance), for `toJSON`. */
  protected verdicts(): Record<string, unknown> {
    return {};
  }
}

/** Declared fields, not properties added to a finished object: those went to a property store of their own, 40 bytes more per descriptor. */
class MixingDescriptor extends KindDescriptor implements MixingEnthalpyDescriptor {
  constructor(value: number | null, source: string, kind: DescriptorKind<unknown, unknown>, a: unknown, readonly computed: boolean | null) {
    super(value, source, kind, a, undefined);
  }

  protected override verdicts(): Record<string, unknown> {
    return { computed: this.computed };
  }
}

class PhiDescriptor extends KindDescriptor implements AccessibilityDescriptor {
  constructor(
    value: number | null,
    source: string,
    kind: DescriptorKind<unknown, unknown>,
    a: unknown,
    b: unknown,
    readonly threshold: number,
    readonly accessible: boolean | null,
  ) {
    super(value, source, kind, a, b);
  }

  protected override verdicts(): Record<string, unknown> {
    return { threshold: this.threshold, accessible: this.accessible };
  }
}

export function makeDescriptor<A>(value: number | null, kind: DescriptorKind<A, undefined>, source: string, a: A): Descriptor;
export function makeDescriptor<A, B>(value: number | null, kind: DescriptorKind<A, B>, source: string, a: A, b: B): Descriptor;
export function makeDescriptor(value: number | null, kind: DescriptorKind<unknown, unknown>, source: string, a: unknown, b?: unknown): Descriptor {
  return new KindDescriptor(value, source, kind, a, b);
}

/** H_mix, with whether it was computed from the Miedema model. */
export function mixingDescriptor<A>(value: number | null, kind: DescriptorKind<A, undefined>, source: string, a: A, computed: boolean | null): MixingEnthalpyDescriptor {
  return new MixingDescriptor(value, source, kind as DescriptorKind<unknown, unknown>, a, computed);
}

/** φ, with the threshold and the verdict decided against it. */
export function accessibilityDescriptor<A, B>(
  value: number | null,
  kind: DescriptorKind<A, B>,
  source: string,
  a: A,
  b: B,
  verdict: { threshold: number; accessible: boolean | null },
): AccessibilityDescriptor {
  return new PhiDescriptor(value, source, kind as DescriptorKind<unknown, unknown>, a, b, verdict.threshold, verdict.accessible);
}

/** "not computed: no value for a, b" from the inputs that are null. */
export function missingInputs(inputs: Inputs): string {
  const missing = Object.keys(inputs).filter((k) => inputs[k] === null);
  return `not computed: no value for ${missing.join(', ')}`;
}
