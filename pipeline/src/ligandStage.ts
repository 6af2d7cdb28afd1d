import { oneLine, type BimetalDiagnostic } from '../../engine/src/diagnostic';
import { ligandKey } from '../../engine/src/descriptors';
import {
  CHEMISTRY_CODES,
  isLigandError,
  loadChemistry,
  type ChemistryToolkit,
  type LigandDescription,
  type LigandError,
} from '../../engine/src/ligands';
import { ligandMolecule } from '../../engine/src/ligands/molecule';
import type { LigandUse, OffsetRange, RecipeSpec } from '../../engine/src/recipe';
import { rangeInLiteral, stringLiteralIn } from './smilesRanges';
import type { LigandDecl } from '../../grammar/src/ast';
import { CODES } from '../../grammar/src/codes';
import { quoted } from '../../grammar/src/diagnostics';
import { declaredLigand } from '../../grammar/src/families';
import { LineIndex } from '../../grammar/src/lineIndex';
import { ligandDeclarationSource, type DeclaredLigandSource } from './sourceLiterals';

/**
 * Ligand chemistry for one document: every ligand declaration and every ligand use of every
 * member described by RDKit (the toolkit caches descriptions by input, so an unchanged ligand
 * costs a map lookup), and every problem reported once, on the SMILES string it comes from.
 */
export type ToolkitState = { ok: true; toolkit: ChemistryToolkit } | { ok: false; message: string };

export class ToolkitLoader {
  private state: Promise<ToolkitState> | undefined;

  constructor(private readonly wasmUrl?: string) {}

  load(): Promise<ToolkitState> {
    this.state ??= loadChemistry(this.wasmUrl ? { wasmUrl: this.wasmUrl } : undefined).then(
      (toolkit): ToolkitState => ({ ok: true, toolkit }),
      (error: unknown): ToolkitState => ({ ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
    return this.state;
  }
}

/** Where a ligand is written: its file-level declaration's SMILES and `binds` clause, or the inline use itself. */
export type LigandLocator = (use: LigandUse, useRange: OffsetRange | undefined) => DeclaredLigandSource;

/** `binds` problems belong on the atom at fault in the `binds` clause; everything else on the SMILES. */
const BINDS_CODES: ReadonlySet<string> = new Set([CHEMISTRY_CODES.bindsAtomAbsent, CHEMISTRY_CODES.bindsNotElement]);

export interface MemberLigands {
  /** Valid descriptions keyed by `ligandKey(use)`, as descriptors and the featuriser expect. */
  map: Map<string, LigandDescription>;
  /** Problems with this member's ligands (shared objects: the same ligand gives the same diagnostic). */
  diagnostics: BimetalDiagnostic[];
  /** Names of ligands that could not be described; the member then gets no prediction. */
  failed: string[];
}

export class DocumentLigands {
  /** One diagnostic per SMILES literal, however many members use it. */
  private readonly byLiteral = new Map<string, BimetalDiagnostic>();
  /**
   * repeatedMolecules' answer by the uses' ranges, which a recipe's members share: they differ in
   * counts only, never in which ligands they use, so each recipe is asked once and its members
   * share the diagnostics.
   */
  private readonly repeatsByUses = new WeakMap<readonly OffsetRange[], BimetalDiagnostic[]>();

  constructor(
    private readonly toolkit: ChemistryToolkit,
    private readonly text: string,
    private readonly locate: LigandLocator,
  ) {}

  forMember(spec: RecipeSpec): MemberLigands {
    const result: MemberLigands = { map: new Map(), diagnostics: [], failed: [] };
    spec.ligands.forEach((use, i) => {
      if (use.smiles === undefined) return; // an unresolved name: the grammar already reported it
      const useRange = spec.ranges?.ligands?.[i];
      const { described, diagnostic, where } = this.describe(use, this.locate(use, useRange), fallbackRange(spec));
      if (diagnostic) result.diagnostics.push(diagnostic);
      if (isLigandError(described)) {
        result.failed.push(ligandKey(use));
        // The error sits on the declaration; the recipe that lost its prediction must say so too.
        if (use.name !== undefined && useRange && where && (where.start < useRange.start || where.start >= useRange.end)) {
          result.diagnostics.push(this.diagnosticOnce(useRange, () => brokenUseDiagnostic(use.name!, this.text, where, useRange)));
        }
        return;
      }
      result.map.set(ligandKey(use), described);
    });
    for (const d of this.repeatedMolecules(spec, result.map)) result.diagnostics.push(d);
    return result;
  }

  /**
   * BM232 on each use that is an earlier use's molecule written otherwise (`"CCS"`, `"SCC"`; `PET`
   * and its SMILES inline; two names declared as one molecule), which only RDKit's canonical
   * SMILES tells: the formula and the labels take them for one ligand (ligandMolecule), their
   * counts added up. A name or SMILES written twice is the grammar's BM232 already, so it is not
   * reported again.
   */
  private repeatedMolecules(spec: RecipeSpec, described: ReadonlyMap<string, LigandDescription>): BimetalDiagnostic[] {
    const ranges = spec.ranges?.ligands;
    if (!ranges || spec.ligands.length < 2) return [];
    const known = this.repeatsByUses.get(ranges);
    if (known) return known;
    const found: BimetalDiagnostic[] = [];
    const firstUseOf = new Map<string, number>();
    /** Each use as written (ligandKey: a name, or a SMILES apart from every name), as the grammar's BM232 compares them. */
    const written = new Set<string>();
    spec.ligands.forEach((use, i) => {
      const key = ligandKey(use);
      const description = described.get(key);
      const repeatsWriting = written.has(key);
      written.add(key);
      // A ligand RDKit could not describe is no molecule to compare; its own error says why.
      if (!description) return;
      const molecule = ligandMolecule(use, description);
      const first = firstUseOf.get(molecule);
      if (first === undefined) firstUseOf.set(molecule, i);
      else if (!repeatsWriting) found.push(repeatedMoleculeDiagnostic(use, spec.ligands[first], molecule, ranges[i], ranges[first]));
    });
    this.repeatsByUses.set(ranges, found);
    return found;
  }

  /**
   * The problems of every ligand declaration, whether or not a recipe uses it: the same objects
   * that the uses of a first declaration report (forMember), so a caller can report them once.
   * A declaration with a syntax error is left to that error, as the recipes using it are.
   */
  declarations(declarations: readonly LigandDecl[]): BimetalDiagnostic[] {
    const found: BimetalDiagnostic[] = [];
    for (const decl of declarations) {
      if (decl.hasSyntaxErrors || !decl.name || !decl.smiles) continue;
      const source = ligandDeclarationSource(decl);
      const { diagnostic } = this.describe({ ...declaredLigand(decl.name.text, decl), count: 1 }, source, source.smiles!);
      if (diagnostic) found.push(diagnostic);
    }
    return found;
  }

  /**
   * A ligand described, with its problem placed where it is written: `binds` problems on the atom
   * at fault in the `binds` clause, everything else on the SMILES (`fallback` where neither is
   * written, as for a built-in). `where`: the written place of an error, if any.
   */
  private describe(
    use: LigandUse,
    source: DeclaredLigandSource,
    fallback: OffsetRange,
  ): { described: LigandDescription | LigandError; diagnostic?: BimetalDiagnostic; where?: OffsetRange } {
    const described = this.toolkit.describeLigand(use.smiles!, { binds: use.binds, logP: use.logP });
    const literal = source.smiles;
    if (isLigandError(described)) {
      const onBinds = BINDS_CODES.has(described.code) && source.binds !== undefined;
      const atom = described.atom !== undefined ? source.bindsAtoms?.get(described.atom) : undefined;
      const where = onBinds ? (atom ?? source.binds) : literal;
      return { described, where, diagnostic: this.diagnosticOnce(where ?? fallback, () => this.errorDiagnostic(use, described, where ?? fallback, !onBinds && where !== undefined)) };
    }
    if (described.bindingAtoms.length > 0) return { described };
    return { described, diagnostic: this.diagnosticOnce(literal ?? fallback, () => noBindingAtomDiagnostic(use, literal ?? fallback)) };
  }

  private diagnosticOnce(at: OffsetRange, make: () => BimetalDiagnostic): BimetalDiagnostic {
    const key = `${at.start}:${at.end}`;
    let d = this.byLiteral.get(key);
    if (!d) {
      d = make();
      this.byLiteral.set(key, d);
    }
    return d;
  }

  private errorDiagnostic(use: LigandUse, error: LigandError, where: OffsetRange, inSmiles: boolean): BimetalDiagnostic {
    const label = use.name ? `Ligand ${use.name}: ` : '';
    const range = inSmiles ? rangeInLiteral(this.text, where, error.offset) : where;
    return { code: error.code, severity: 'error', message: `${label}${error.error}`, range };
  }
}

function noBindingAtomDiagnostic(use: LigandUse, range: OffsetRange): BimetalDiagnostic {
  // An inline SMILES has no declaration to take `binds`: it has to become one.
  const remedy =
    use.name !== undefined ? 'add `binds ATOM` to its declaration' : `declare it (\`ligand NAME = "${use.smiles}" binds ATOM\`) and use NAME here`;
  return {
    code: CHEMISTRY_CODES.noBindingAtom,
    severity: 'warning',
    message: `No binding atom could be inferred for ${use.name ?? use.smiles}; ${remedy} (χ_env needs the coordinating atoms)`,
    range,
  };
}

/** As the grammar's BM232 says it (a use by its name or SMILES), with the molecule that makes the two uses one. */
function repeatedMoleculeDiagnostic(use: LigandUse, firstUse: LigandUse, molecule: string, range: OffsetRange, first: OffsetRange): BimetalDiagnostic {
  const { code, severity } = CODES.repeatedLigand;
  const written = use.name ?? use.smiles!;
  const earlier = firstUse.name ?? firstUse.smiles!;
  return {
    code,
    severity,
    message: `${quoted(written)} is the molecule of ${quoted(earlier)} (${molecule} to RDKit), so one ligand is listed twice in ligands; its counts add up, so write it once with the total`,
    range,
    related: [{ message: `first use of ${quoted(earlier)}`, range: first }],
  };
}

function brokenUseDiagnostic(name: string, text: string, declaration: OffsetRange, range: OffsetRange): BimetalDiagnostic {
  // Counted as editors and `check` count lines (a lone '\r' ends one too).
  const line = new LineIndex(text).positionAt(declaration.start).line + 1;
  return {
    code: CHEMISTRY_CODES.brokenLigandUse,
    severity: 'warning',
    message: `Ligand ${name} cannot be described (see the error on its declaration, line ${line}), so this recipe has no χ_env, φ, logP or prediction`,
    range,
  };
}

function fallbackRange(spec: RecipeSpec): OffsetRange {
  return spec.ranges?.name ?? { start: 0, end: 0 };
}

/** Named uses are found through their declaration (built-ins have none); inline SMILES in the use itself. */
export function ligandLocator(text: string, declared: ReadonlyMap<string, DeclaredLigandSource>): LigandLocator {
  return (use, useRange) => {
    if (use.name !== undefined) return declared.get(use.name) ?? {};
    return { smiles: useRange ? stringLiteralIn(text, useRange) : undefined };
  };
}

export function toolkitUnavailableDiagnostic(message: string, range: OffsetRange): BimetalDiagnostic {
  return {
    code: CHEMISTRY_CODES.toolkitUnavailable,
    severity: 'error',
    message: `Ligand chemistry is unavailable: ${oneLine(message)}. χ_env, φ, logP and predictions need it.`,
    range,
  };
}
