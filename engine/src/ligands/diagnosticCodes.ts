/**
 * Diagnostic codes of the ligand chemistry (registry: docs/diagnostics.md, "Chemistry (engine)").
 * `describeLigand` returns the error codes itself; the pipeline emits the other two from what it sees.
 */
export const CHEMISTRY_CODES = {
  /** error: RDKit cannot parse the SMILES (its reason is the message). */
  invalidSmiles: 'BM301',
  /** error: the SMILES is empty or has no atoms. */
  emptySmiles: 'BM302',
  /** error: a `binds` atom does not occur in the ligand's SMILES. */
  bindsAtomAbsent: 'BM303',
  /** warning: no binding atom could be inferred; the ligand needs `binds`. */
  noBindingAtom: 'BM304',
  /** error: a `binds` entry is not an element symbol, or one without a Pauling χ in the element data. */
  bindsNotElement: 'BM305',
  /** error: the chemistry toolkit (RDKit WASM) could not be initialised. */
  toolkitUnavailable: 'BM306',
  /** warning: a recipe uses a declared ligand whose declaration has an error (said where it is used). */
  brokenLigandUse: 'BM307',
  /** error: the SMILES is longer than RDKit's WebAssembly build handles safely (MAX_SMILES_CHARS). */
  smilesTooLong: 'BM308',
} as const;
