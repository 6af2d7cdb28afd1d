import type { LigandUse, RecipeSpec } from '../../engine/src/recipe';
import { builtinLigand } from '../../engine/src/ligands/builtinLibrary';
import { ligandMolecule } from '../../engine/src/ligands/molecule';
import { isElementSymbol } from '../../engine/src/periodicTable';

/**
 * The formula string chemists write for a recipe: host, dopant, then ligands by decreasing count,
 * e.g. `Au4Ru2(PET)8(PPh3)2`, `Au9Ag(FPh3P)7Br3`, `CuIr@MFI`.
 *
 * Counts of 1 are left out, as in the papers (`Au8Pt(PPh3)8`). A ligand that is one atom, named
 * by its symbol (a halide such as `Cl`, `[Cl-]`), is written bare like an atom (`Cl2`); every other
 * ligand is bracketed so its own digits cannot be read as a count, nor its name as an element: a
 * ligand named `Pt` but made of `SCC` is `(Pt)2`, never a third metal. An inline SMILES ligand is
 * written by its SMILES. One molecule is one term, named as its first use writes it: `molecules`
 * holds each use's molecule (ligandMolecule) as the ligand stage described it, so
 * `"CCS" x 9, "SCC" x 9` is `(CCS)18`; without them a molecule is known by its SMILES as written.
 * A charged cluster is bracketed with its charge after it, as the papers write ions
 * (`[Au12Ru(dppm)6]2+`, `[Au24Pt(PET)18]-`; the ASCII minus, so pipelines read it), since
 * Au24Pt(SR)18 and [Au24Pt(SR)18]2− are different species. A support is appended as `@NAME`
 * (zeolite framework code) or `@NC` for N-doped carbon.
 */
export function formulaOf(spec: RecipeSpec, molecules?: readonly string[]): string {
  let formula = atomTerm(spec.host.element, spec.host.count) + atomTerm(spec.dopant.element, spec.dopant.count);
  for (const use of ligandsByCount(spec.ligands, molecules)) formula += ligandTerm(use);
  return withCharge(formula, spec.charge) + supportSuffix(spec);
}

function withCharge(formula: string, charge: number): string {
  if (charge === 0) return formula;
  const magnitude = Math.abs(charge);
  return `[${formula}]${magnitude === 1 ? '' : magnitude}${charge > 0 ? '+' : '-'}`;
}

function atomTerm(symbol: string, count: number): string {
  return count === 1 ? symbol : `${symbol}${count}`;
}

/** A ligand of the formula with its total count. */
interface LigandTerm {
  label: string;
  count: number;
  /** Whether it is the one atom `label` is the symbol of, written bare. */
  atom: boolean;
}

const NO_LIGAND_TERMS: readonly LigandTerm[] = [];

/**
 * One term per molecule with its total count (a ligand listed twice, BM232, or one molecule under
 * two names or spellings, adds up), by decreasing count; terms with equal counts keep the order of
 * their first use in the recipe.
 */
function ligandsByCount(ligands: readonly LigandUse[], molecules: readonly string[] | undefined): readonly LigandTerm[] {
  // Bare cores skip the tally: a Map and a sorted list for every record of a sweep.
  if (ligands.length === 0) return NO_LIGAND_TERMS;
  const totals = new Map<string, LigandTerm>();
  for (const [i, use] of ligands.entries()) {
    // By the molecule, not the name: a ligand named CO (carbon monoxide, "[C-]#[O+]") is not the inline "CO" (methanol).
    const key = molecules?.[i] ?? ligandMolecule(use);
    const total = totals.get(key);
    if (total) total.count += use.count;
    else {
      const label = use.name ?? use.smiles ?? '?';
      totals.set(key, { label, count: use.count, atom: isAtomOf(label, use.smiles) });
    }
  }
  return [...totals.values()].sort((a, b) => b.count - a.count);
}

function ligandTerm({ label, count, atom }: LigandTerm): string {
  const written = count === 1 ? '' : String(count);
  return atom ? `${label}${written}` : `(${label})${written}`;
}

/**
 * Whether the ligand named `symbol` is that one atom: the built-in ligand of that name (the
 * halides), or one whose SMILES (declared or inline) is the built-in's or the bare symbol.
 */
function isAtomOf(symbol: string, smiles: string | undefined): boolean {
  if (!isElementSymbol(symbol)) return false;
  const builtin = builtinLigand(symbol)?.smiles;
  return smiles === undefined ? builtin !== undefined : smiles === symbol || smiles === builtin;
}

function supportSuffix(spec: RecipeSpec): string {
  const support = spec.support;
  if (!support || support.kind === 'none') return '';
  if (support.name) return `@${support.name}`;
  return support.kind === 'nc' ? '@NC' : `@${support.kind}`;
}
