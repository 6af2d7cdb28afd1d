/** One element's parameters in Miedema's cellular model (Cohesion in Metals, 1988). */
export interface MiedemaElementParameters {
  /** Electronegativity parameter φ*, V. */
  phiStar: number;
  /** n_ws^(1/3), cube root of the electron density at the Wigner–Seitz cell boundary. */
  nws13: number;
  /** Molar volume^(2/3), cm². */
  v23: number;
  /** Volume-contraction constant a (0.14 alkali, 0.10 divalent, 0.07 trivalent and noble, 0.04 others). */
  a: number;
  /** The element's R/P factor for the hybridisation term between transition and p-block metals. */
  rOverP: number;
  /** Enthalpy to turn a non-metal into its hypothetical metallic state, kJ/mol (0 for metals). */
  hTrans: number;
}

export interface MixingEnthalpy {
  value: number;
  unit: 'kJ/mol';
  /** Where the value comes from: the Takeuchi–Inoue table or the Miedema model. */
  source: string;
  /** True when the value was computed with the Miedema model because the table lacks the pair. */
  computed: boolean;
}
