/**
 * The ChemistryToolkit on RDKit MinimalLib: canonical SMILES, Crippen logP, formula, mass and
 * binding atoms of a ligand. Results are cached by input and by canonical SMILES, because the
 * language server asks again on every keystroke.
 */
import type { Log, MainModule, Mol } from '@rdkit/rdkit';
import { ALL_ELEMENTS, getElement } from '../elements';
import { codePointLabel, isInvisible } from '../codePoints';
import { isElementSymbol, isMetal, symbolIgnoringCase } from '../periodicTable';
import { BINDING_PATTERNS } from './bindingPatterns';
import type { BindingPattern } from './bindingPatterns';
import { BoundedCache } from '../boundedCache';
import { CHEMISTRY_CODES } from './diagnosticCodes';
import type { LigandClass } from './ligandClass';
import { atomSymbol, formulaFromCommonChem } from './molecularFormula';
import { reasonFromRDKitLog } from './smilesErrors';
import type { BoundForm, ChemistryToolkit, DescribeLigandOptions, LigandDescription, LigandError } from './types';

/** Enough for every ligand of a large workspace; old half-typed SMILES fall out. */
const CACHE_CAPACITY = 10_000;

/** A binding-pattern hit: its class, the elements of the atoms it matched and those atoms' indices. */
interface BindingMatch {
  ligandClass: LigandClass;
  elements: string[];
  atoms: number[];
  deprotonates: boolean;
}

/** What a molecule is, independent of any recipe's `binds`/`logP` declarations. */
interface MoleculeFacts {
  canonicalSmiles: string;
  crippenLogP: number;
  formula: string;
  mass: number;
  elements: ReadonlySet<string>;
  /** Element symbol of each atom, by RDKit atom index. */
  symbols: string[];
  /** RDKit's CommonChem JSON of the molecule, from which the bound form is made. */
  json: string;
  /** Binding-pattern hits in priority order (BINDING_PATTERNS). */
  bindingMatches: BindingMatch[];
}

interface CommonChemAtoms {
  defaults: { atom: { z: number } };
  molecules: { atoms: { z?: number }[] }[];
}

/** The fields of RDKit's CommonChem JSON that the bound form edits; the rest pass through. */
interface CommonChemJson {
  defaults: { atom: { impHs: number; chg: number } };
  molecules: { atoms: { impHs?: number; chg?: number }[] }[];
}

/**
 * The longest SMILES handed to RDKit. Its WebAssembly build has a small fixed stack, and its
 * canonical ordering and descriptors recurse along chains: an unbranched chain of about 600 atoms
 * overflowed it (a trap, `memory access out of bounds`, after which the module is unusable: a later
 * call hung). 500 characters are at most 500 atoms; chains, rings, branches and multiple bonds of
 * that length were all described.
 */
export const MAX_SMILES_CHARS = 500;

function error(code: LigandError['code'], message: string, offset?: number): LigandError {
  return Object.freeze(offset === undefined ? { error: message, code } : { error: message, offset, code });
}

/** A `binds` problem, naming the atom at fault so that the caller can range it on that atom. */
function bindsError(code: LigandError['code'], atom: string, message: string): LigandError {
  return Object.freeze({ error: message, code, atom });
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

export class RDKitChemistryToolkit implements ChemistryToolkit {
  private readonly byInput = new BoundedCache<string, LigandDescription | LigandError>(CACHE_CAPACITY);
  private readonly byCanonical = new BoundedCache<string, MoleculeFacts>(CACHE_CAPACITY);
  private readonly log: Log | null;
  /** Compiled once and kept for the toolkit's lifetime (never deleted: the toolkit is a singleton). */
  private readonly patterns: { pattern: BindingPattern; query: Mol }[];
  /** Bound forms by the edited CommonChem JSON they were read from. */
  private readonly boundForms = new BoundedCache<string, BoundForm>(CACHE_CAPACITY);

  constructor(private readonly rdkit: MainModule) {
    this.log = rdkit.set_log_capture('rdApp.*');
    this.patterns = BINDING_PATTERNS.map((pattern) => {
      const query = rdkit.get_qmol(pattern.smarts);
      if (!query) throw new Error(`Invalid binding-atom SMARTS ${pattern.smarts}`);
      return { pattern, query };
    });
  }

  get version(): string {
    return this.rdkit.version();
  }

  describeLigand(smiles: string, options: DescribeLigandOptions = {}): LigandDescription | LigandError {
    const key = JSON.stringify([smiles, options.binds ?? null, options.logP ?? null]);
    const cached = this.byInput.get(key);
    if (cached) return cached;
    const result = this.describe(smiles, options);
    this.byInput.set(key, result);
    return result;
  }

  private describe(smiles: string, options: DescribeLigandOptions): LigandDescription | LigandError {
    const facts = this.moleculeFacts(smiles);
    if ('error' in facts) return facts;
    const binding = options.binds ? declaredBinding(facts, smiles, options.binds) : inferredBinding(facts);
    if ('error' in binding) return binding;
    let bound: BoundForm | undefined;
    const boundOf = () => (bound ??= this.boundForm(facts, binding.atoms));
    const description = {
      inputSmiles: smiles,
      canonicalSmiles: facts.canonicalSmiles,
      logP: Object.freeze(
        options.logP === undefined
          ? { value: facts.crippenLogP, method: 'Crippen (RDKit)' as const }
          : { value: options.logP, method: 'recipe override' as const },
      ),
      formula: facts.formula,
      mass: facts.mass,
      // Made when first read: only the ligand hover shows it, and every ligand scored (and every
      // training row featurised) would otherwise pay an RDKit molecule for it.
      get bound(): BoundForm {
        return boundOf();
      },
      bindingAtoms: Object.freeze(binding.atoms) as string[],
      bindingSource: options.binds ? ('declared' as const) : ('inferred' as const),
      ligandClass: binding.ligandClass,
    };
    return Object.freeze(description);
  }

  private moleculeFacts(smiles: string): MoleculeFacts | LigandError {
    // RDKit parses an empty string as an empty molecule, and reads text after a space as the
    // molecule's name, so both would otherwise pass silently.
    if (smiles.trim() === '') return error(CHEMISTRY_CODES.emptySmiles, 'Empty SMILES: a ligand needs at least one atom');
    const space = smiles.search(/\s/);
    if (space >= 0) return error(CHEMISTRY_CODES.invalidSmiles, 'SMILES must not contain whitespace', space);
    // SMILES is printable ASCII. RDKit's WebAssembly build drops non-ASCII characters at the end of a
    // SMILES and describes what is left (`SCCCl·` as SCCCl), and its error would quote a control
    // character (ESC, BEL) into the message, so none reaches it.
    const unprintable = smiles.search(/[^\x21-\x7e]/);
    if (unprintable >= 0) {
      return error(CHEMISTRY_CODES.invalidSmiles, `SMILES is printable ASCII only: ${characterName(String.fromCodePoint(smiles.codePointAt(unprintable)!))} is not a SMILES character`, unprintable);
    }
    if (smiles.length > MAX_SMILES_CHARS) {
      return error(
        CHEMISTRY_CODES.smilesTooLong,
        `SMILES of ${smiles.length} characters is longer than the ${MAX_SMILES_CHARS} that RDKit's WebAssembly build describes safely; describe a shorter model of the ligand (e.g. a shorter chain)`,
        MAX_SMILES_CHARS,
      );
    }

    this.log?.clear_buffer();
    const mol = this.rdkit.get_mol(smiles);
    if (!mol) {
      const { reason, offset } = reasonFromRDKitLog(this.log?.get_buffer() ?? '', smiles);
      return error(CHEMISTRY_CODES.invalidSmiles, reason, offset);
    }
    try {
      const canonicalSmiles = mol.get_smiles();
      const known = this.byCanonical.get(canonicalSmiles);
      if (known) return known;
      const descriptors = JSON.parse(mol.get_descriptors()) as Record<string, number>;
      if (!(descriptors.NumAtoms > 0)) return error(CHEMISTRY_CODES.emptySmiles, `SMILES '${smiles}' contains no atoms`);
      const json = mol.get_json();
      const facts: MoleculeFacts = {
        canonicalSmiles,
        crippenLogP: descriptors.CrippenClogP,
        formula: formulaFromCommonChem(json),
        mass: descriptors.amw,
        json,
        ...this.atomsAndBinding(mol, json),
      };
      this.byCanonical.set(canonicalSmiles, facts);
      return facts;
    } finally {
      mol.delete();
    }
  }

  /**
   * The ligand as it binds: the molecule less the H on each binding atom that an X-type pattern
   * (a thiol S, selenol Se, terminal alkyne C, carboxylic O: `deprotonates`) matched, that atom
   * made the anion. Edited in RDKit's own CommonChem JSON of the molecule and read back by RDKit,
   * which gives the mass and canonical SMILES; L-type donors (amine, phosphine, carbene) and atoms
   * without an H are left as written.
   */
  private boundForm(facts: MoleculeFacts, bindingAtoms: readonly string[]): BoundForm {
    const losing = unique(
      facts.bindingMatches.filter((m) => m.deprotonates).flatMap((m) => m.atoms.filter((i) => bindingAtoms.includes(facts.symbols[i]))),
    ).sort((a, b) => a - b);
    const parsed = JSON.parse(facts.json) as CommonChemJson;
    const atoms = parsed.molecules.flatMap((m) => m.atoms);
    const defaults = parsed.defaults.atom;
    const hydrogenBearing = losing.filter((i) => (atoms[i].impHs ?? defaults.impHs) > 0);
    if (hydrogenBearing.length === 0) {
      return Object.freeze({ canonicalSmiles: facts.canonicalSmiles, formula: facts.formula, mass: facts.mass, hydrogensRemoved: 0 });
    }
    for (const i of hydrogenBearing) {
      atoms[i].impHs = (atoms[i].impHs ?? defaults.impHs) - 1;
      atoms[i].chg = (atoms[i].chg ?? defaults.chg) - 1;
    }
    const edited = JSON.stringify(parsed);
    const known = this.boundForms.get(edited);
    if (known) return known;
    const mol = this.rdkit.get_mol(edited);
    if (!mol) throw new Error(`RDKit could not read back ${facts.canonicalSmiles} less the H on its binding atoms`);
    try {
      const descriptors = JSON.parse(mol.get_descriptors()) as Record<string, number>;
      const bound: BoundForm = Object.freeze({
        canonicalSmiles: mol.get_smiles(),
        formula: formulaFromCommonChem(mol.get_json()),
        mass: descriptors.amw,
        hydrogensRemoved: hydrogenBearing.length,
      });
      this.boundForms.set(edited, bound);
      return bound;
    } finally {
      mol.delete();
    }
  }

  private atomsAndBinding(mol: Mol, json: string): Pick<MoleculeFacts, 'elements' | 'symbols' | 'bindingMatches'> {
    const parsed = JSON.parse(json) as CommonChemAtoms;
    const symbols = parsed.molecules.flatMap((m) => m.atoms.map((a) => atomSymbol(a.z ?? parsed.defaults.atom.z)));
    const bindingMatches: BindingMatch[] = [];
    for (const { pattern, query } of this.patterns) {
      const matches = JSON.parse(mol.get_substruct_matches(query)) as { atoms: number[] }[] | Record<string, never>;
      if (!Array.isArray(matches) || matches.length === 0) continue;
      const atoms = unique(matches.map((m) => m.atoms[0]));
      bindingMatches.push({ ligandClass: pattern.ligandClass, elements: unique(atoms.map((i) => symbols[i])), atoms, deprotonates: pattern.deprotonates });
    }
    return { elements: new Set(symbols), symbols, bindingMatches };
  }
}

/** A character for a message: quoted with its code point (`"·" (U+00B7)`, which looks like `.`), or only named when it cannot be seen. */
function characterName(char: string): string {
  return isInvisible(char) ? codePointLabel(char) : `${JSON.stringify(char)} (${codePointLabel(char)})`;
}

type Binding = { atoms: string[]; ligandClass: LigandClass };

/** The first (highest-priority) class that matched decides both the atoms and the class. */
function inferredBinding(facts: MoleculeFacts): Binding {
  const first = facts.bindingMatches[0];
  return first ? { atoms: first.elements, ligandClass: first.ligandClass } : { atoms: [], ligandClass: 'other' };
}

/** The non-metal binding atoms with a Pauling χ, for the message of a `binds` atom without one. */
const COORDINATING_ATOMS_TEXT = ALL_ELEMENTS.filter((e) => !isMetal(e.symbol) && e.pauling !== null)
  .map((e) => e.symbol)
  .join(', ');

/**
 * Declared atoms must be element symbols with a Pauling χ (χ_env is made of them: an atom without
 * one would leave every recipe using the ligand without χ_env and prediction) that occur in the
 * molecule; the class follows the atoms. A missing atom is said of `smiles` as written: the facts
 * are shared by every spelling of the molecule, and RDKit's canonical form (`CCS` for `SCC`) is not
 * the text the error is shown beside.
 */
function declaredBinding(facts: MoleculeFacts, smiles: string, binds: string[]): Binding | LigandError {
  const atoms = unique(binds);
  for (const atom of atoms) {
    if (!isElementSymbol(atom)) {
      // `binds s` (SMILES writes aromatic atoms in lower case) is meant as S: symbols are case-sensitive.
      const cased = symbolIgnoringCase(atom);
      const hint = cased ? `; did you mean '${cased}'? (symbols are case-sensitive)` : '';
      return bindsError(CHEMISTRY_CODES.bindsNotElement, atom, `'${atom}' in binds is not an element symbol${hint}`);
    }
    if (getElement(atom)?.pauling == null) {
      return bindsError(
        CHEMISTRY_CODES.bindsNotElement,
        atom,
        `${atom} in binds has no Pauling electronegativity in Bimetal's element data, so χ_env cannot be computed; binding atoms with data: ${COORDINATING_ATOMS_TEXT} and the supported metals`,
      );
    }
    if (!facts.elements.has(atom)) {
      return bindsError(CHEMISTRY_CODES.bindsAtomAbsent, atom, `Binding atom ${atom} does not occur in ${smiles}`);
    }
  }
  const match = facts.bindingMatches.find((m) => m.elements.some((e) => atoms.includes(e)));
  return { atoms, ligandClass: match?.ligandClass ?? 'other' };
}
