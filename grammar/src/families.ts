import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { LigandUse, OffsetRange, RecipeSpec, SiteName, SupportKind } from '../../engine/src/recipe';
import { choiceItems, rangeOf, type BimetalFile, type LigandDecl, type LigandUseNode, type MetalProperty, type RecipeDecl } from './ast';
import { anyRangeWithin, compareDiagnostics, diagnostic, internalErrorDiagnostic, quoted, withThousands } from './diagnostics';
import { choiceSize, countValues, distanceInAngstrom, elementValues, firstProperties, resolveLigand } from './recipeParts';
import { CODES } from './codes';
import { resolveTopology } from './topologyRules';
import { validateDocument } from './validate';
import { DEFAULT_MAX_FAMILY_SIZE, DEFAULT_SITE, LABEL_RANGES } from './vocabulary';

/**
 * Family expansion (LANGUAGE.md §3.4): every element or count slot written as a list or range
 * multiplies the recipe; members are the cartesian product in reading order (the first varying
 * slot changes slowest). A member is named `RECIPE[dim=value,…]` listing only the slots that
 * vary, in the fixed order host, hostCount, dopant, dopantCount, then `<ligand>Count` per
 * ligand use, e.g. `AuM_scan[dopant=Fe,dopantCount=2]`.
 */
export interface ExpandOptions {
  /**
   * Largest family expanded; larger ones get BM221 and no members (default 100,000). It bounds the
   * members of a document's families together too: one that would take their total past it gets
   * BM235 and no members.
   */
  maxFamilySize?: number;
}

export interface ExpandResult {
  members: RecipeSpec[];
  /** Per recipe, where its members stand in `members`, in file order. */
  families: FamilyHead[];
  diagnostics: BimetalDiagnostic[];
}

/** One recipe's members in a list: the first of them, and how many there are. */
export interface FamilyHead {
  readonly first: RecipeSpec;
  readonly size: number;
  /**
   * Everything the members' content is made from, without source positions or the note: two
   * families with the same key have equal members, member for member, but for those two (so a
   * cache of member results can be kept per family). Only for a family of more than one member (a
   * recipe of one member is keyed by that member's content: a key for each of the 10,000 recipes of
   * the editor bench's mixed file took their expansion from 57 to 100 ms), and only where the list
   * holds all of it (not a `--shard`).
   */
  readonly contentKey?: string;
}

/**
 * One recipe's members, made when asked for: a batch takes them a slice at a time, so the memory
 * of a run does not grow with the size of its families.
 */
export interface RecipeFamily extends FamilyHead {
  /** Members `from` to `to` (exclusive) in expansion order, made anew by each call. */
  members(from: number, to: number): RecipeSpec[];
}

export interface FamiliesResult {
  families: RecipeFamily[];
  diagnostics: BimetalDiagnostic[];
}

/** Members a recipe expands to (before removing duplicate alternatives), computed without expanding. */
export function familySize(recipe: RecipeDecl): number {
  const props = firstProperties(recipe);
  let size = 1;
  for (const metal of [props.host, props.dopant]) {
    if (metal) size *= choiceSize(metal.element) * choiceSize(metal.count);
  }
  for (const use of props.ligands?.uses ?? []) size *= choiceSize(use.count);
  return size;
}

/** Errors that make a label unusable but leave the recipe itself whole: it is still expanded and scored. */
const LABEL_ONLY_CODES: ReadonlySet<string> = new Set([CODES.nonFiniteLabel.code, CODES.implausibleLabel.code]);

/**
 * Expands every recipe without errors (syntax or semantic; a missing `}` alone does not count)
 * into `RecipeSpec` members, keeping file order. Recipes with errors are skipped, because a
 * score for a recipe the user has not finished writing would mislead.
 */
export function expandRecipes(ast: BimetalFile, options: ExpandOptions = {}): ExpandResult {
  const steps = expandSteps(ast, options);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** The same expansion, one recipe per step, for a caller that spreads it over turns of its event loop. */
export function* expandSteps(ast: BimetalFile, options: ExpandOptions = {}): Generator<void, ExpandResult> {
  const members: RecipeSpec[] = [];
  const families: FamilyHead[] = [];
  const steps = familySteps(ast, options);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return { members, families, diagnostics: step.value };
    // Made as its recipe comes, so that what a family shares among its members is garbage by the next recipe.
    // One push per member: spreading 100,000 arguments into one call is slow (and near the engine's argument limit).
    const family = step.value;
    if (family) {
      const expanded = family.members(0, family.size);
      for (let i = 0; i < expanded.length; i++) members.push(expanded[i]);
      families.push({ first: expanded[0], size: expanded.length, contentKey: family.contentKey });
    }
    yield;
  }
}

/** The recipes expandRecipes would expand, as families whose members are made when asked for, with the same diagnostics. */
export function expandFamilies(ast: BimetalFile, options: ExpandOptions = {}): FamiliesResult {
  const families: RecipeFamily[] = [];
  const steps = familySteps(ast, options);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return { families, diagnostics: step.value };
    if (step.value) families.push(step.value);
  }
}

/** Each recipe's family in file order (undefined for a recipe that has no members); returns the expansion's diagnostics. */
function* familySteps(ast: BimetalFile, options: ExpandOptions): Generator<RecipeFamily | undefined, BimetalDiagnostic[]> {
  const limit = options.maxFamilySize ?? DEFAULT_MAX_FAMILY_SIZE;
  const errorRanges = validateDocument(ast) // cached per AST: the caller's own validation is not repeated
    .filter((d) => d.severity === 'error' && !LABEL_ONLY_CODES.has(d.code))
    .map((d) => d.range);
  const unusableLigands = unusableLigandNames(ast, errorRanges);
  const diagnostics: BimetalDiagnostic[] = [];
  /**
   * Members of the families (recipes of more than one member) expanded so far. The limit bounds
   * their total too: 40 families of 96,000 members each, a 4 KB file, made the language server
   * hold 3.84 million members until it ran out of memory. A recipe of one member is not counted:
   * those are bounded by the document's size (BM120), as a file of plain recipes is.
   */
  let familyMembers = 0;
  for (const recipe of ast.recipes) {
    if (!recipe.name || recipe.hasSyntaxErrors || anyRangeWithin(errorRanges, recipe)) continue;
    if (usesAny(recipe, unusableLigands)) continue;
    const size = familySize(recipe);
    if (size > 1 && size <= limit && familyMembers + size > limit) {
      const total = familyMembers + size;
      diagnostics.push(
        diagnostic(
          'familiesTooLarge',
          `family ${quoted(recipe.name.text)} has ${withThousands(size)} members, which would bring the document's families to ${withThousands(total)} members together, more than the limit of ${withThousands(limit)} (it bounds a document's families together as well as each one); split the document or narrow its lists or ranges (the command line raises the limit with --max-family-size, the editor with the setting bimetal.maxFamilySize)`,
          recipe.name,
          { data: { size, total, limit } },
        ),
      );
      continue;
    }
    if (size > limit) {
      diagnostics.push(
        diagnostic(
          'familyTooLarge',
          `family ${quoted(recipe.name.text)} has ${withThousands(size)} members, more than the limit of ${withThousands(limit)}; narrow its lists or ranges (the command line raises the limit with --max-family-size, the editor with the setting bimetal.maxFamilySize)`,
          recipe.name,
          { data: { size, limit } },
        ),
      );
      continue;
    }
    let family: RecipeFamily | undefined;
    try {
      family = recipeFamily(ast, recipe);
    } catch (error) {
      // An expansion bug skips this recipe only; the user sees one diagnostic on it.
      diagnostics.push({ ...internalErrorDiagnostic('family expansion', error, ast), range: rangeOf(recipe.name) });
    }
    if (family && size > 1) familyMembers += size;
    yield family && family.size > 0 ? family : undefined;
  }
  return diagnostics.sort(compareDiagnostics);
}

/**
 * The ligand names whose declaration has an error: only the first declaration of a name counts, as
 * recipes use it (a later one is BM222's, whose error must not take the recipes with it).
 */
function unusableLigandNames(ast: BimetalFile, errorRanges: readonly OffsetRange[]): Set<string | undefined> {
  const usedAndBroken = (d: LigandDecl) => {
    const resolution = d.name ? resolveLigand(ast, d.name.text) : undefined;
    return (!resolution || (resolution.kind === 'declared' && resolution.declaration === d)) && (d.hasSyntaxErrors || anyRangeWithin(errorRanges, d));
  };
  return new Set(ast.ligands.filter(usedAndBroken).map((d) => d.name?.text));
}

function usesAny(recipe: RecipeDecl, names: Set<string | undefined>): boolean {
  if (names.size === 0) return false;
  const uses = firstProperties(recipe).ligands?.uses ?? [];
  return uses.some((use) => use.ref.kind === 'word' && names.has(use.ref.text));
}

/** One varying slot of a family: its name in member names, and its alternatives. */
interface Dimension<T> {
  name: string;
  values: T[];
}

/** What a member takes over unchanged from its recipe besides name, metals, topology and ligands: key by key in printing order. */
type Overrides = Omit<RecipeSpec, 'name' | 'recipe' | 'site' | 'host' | 'dopant' | 'ligands' | 'topology' | 'ranges'>;

/** Everything about a recipe that does not vary across its members. */
function fixedPart(props: ReturnType<typeof firstProperties>): { site: SiteName; overrides: Overrides } {
  const overrides: Overrides = { charge: props.charge?.value?.value ?? 0 };
  if (props.support?.supportKind) {
    overrides.support = { kind: props.support.supportKind.text as SupportKind };
    if (props.support.name) overrides.support.name = props.support.name.kind === 'word' ? props.support.name.text : props.support.name.value;
  }
  // A distance that cannot be stored in Å is an error (BM234), so its recipe has no members.
  const distance = props.distance && distanceInAngstrom(props.distance);
  if (distance && 'value' in distance) overrides.distance = distance.value;
  // A label outside its physical range (BM229/BM230) is ignored rather than shown or calibrated on.
  for (const kind of ['energy', 'siteEnergy'] as const) {
    const value = props[kind]?.value?.value;
    if (value !== undefined && value >= LABEL_RANGES[kind].min && value <= LABEL_RANGES[kind].max) overrides[kind] = value;
  }
  if (props.note?.text) overrides.note = props.note.text.value;
  if (props.structure?.path) overrides.structure = props.structure.path.value;
  return { site: (props.site?.value?.text as SiteName | undefined) ?? DEFAULT_SITE, overrides };
}

/** The range of an element slot's item that stands for `element` (its last one, when the slot repeats it). */
function elementRange(slot: MetalProperty, element: string): OffsetRange | undefined {
  const items = choiceItems(slot.element);
  for (let i = items.length - 1; i >= 0; i--) if (items[i].text === element) return rangeOf(items[i]);
  return undefined;
}

/** A recipe's members, or undefined when it lacks a host, a dopant or a name. */
function recipeFamily(ast: BimetalFile, recipe: RecipeDecl): RecipeFamily | undefined {
  const props = firstProperties(recipe);
  const host = props.host;
  const dopant = props.dopant;
  if (!host || !dopant || !recipe.name) return undefined;
  const uses = props.ligands?.uses ?? [];
  const recipeName = recipe.name.text;
  const { site, overrides } = fixedPart(props);
  const writtenTopology =
    props.topology?.name !== undefined ? { name: props.topology.name.text, shells: props.topology.shells?.value } : undefined;
  // A structure file's coordinates replace any template (BM231), so its members have no topology, as in training.
  const topologyOf = (nMetal: number) => (props.structure?.path ? undefined : memberTopology(writtenTopology, nMetal));
  // Copies of the nodes' offsets, made once per recipe and shared by its members: members' ranges end
  // up in diagnostics (findings, calibration labels), which hold offsets only (ast.ts).
  const recipeRanges = {
    recipe: rangeOf(recipe),
    name: rangeOf(recipe.name),
    site: props.site && rangeOf(props.site),
    ligands: props.ligands ? uses.map(rangeOf) : undefined,
    structure: props.structure?.path && rangeOf(props.structure.path),
    energy: props.energy && rangeOf(props.energy),
    siteEnergy: props.siteEnergy && rangeOf(props.siteEnergy),
  };
  const resolvedUses = uses.map((use) => resolveUse(ast, use));
  const values: (string | number)[][] = [elementValues(host.element), countValues(host.count, 1), elementValues(dopant.element), countValues(dopant.count, 1)];
  for (const use of uses) values.push(countValues(use.count, 1));
  // A ligand use with one of its counts, made once and shared by the members with that count: a
  // spread copy per member was half the time of expanding a family with a ligand count list.
  // Not Math.max(...uses): a recipe of more than about 120,000 ligand uses overflowed the stack.
  let countWidth = 1;
  for (let i = 4; i < values.length; i++) countWidth = Math.max(countWidth, values[i].length);
  const useWithCount = pairTable(countWidth, (i, c): LigandUse => ({ ...resolvedUses[i], count: values[4 + i][c] as number }));
  const rangesOf = (hostElement: string, dopantElement: string): NonNullable<RecipeSpec['ranges']> =>
    memberRanges(recipeRanges, elementRange(host, hostElement), elementRange(dopant, dopantElement));
  if (values.every((v) => v.length === 1)) {
    // A recipe without lists or ranges is one member: nothing is shared, so none of a family's
    // names, dimensions and caches below is worth building (the editor's files are mostly such recipes).
    const [hostElement, hostCount, dopantElement, dopantCount] = values.map((v) => v[0]) as [string, number, string, number];
    const ligands = resolvedUses.map((_, i) => useWithCount(i, 0));
    const topology = topologyOf(hostCount + dopantCount);
    const member = newMember(recipeName, recipeName, { element: hostElement, count: hostCount }, { element: dopantElement, count: dopantCount }, topology, site, ligands, overrides, rangesOf(hostElement, dopantElement));
    return { first: member, size: 1, members: (from, to) => (from < 1 && to > 0 ? [member] : []) };
  }
  const dims: Dimension<string | number>[] = [
    { name: 'host', values: values[0] },
    { name: 'hostCount', values: values[1] },
    { name: 'dopant', values: values[2] },
    { name: 'dopantCount', values: values[3] },
    ...ligandDimensions(uses, values.slice(4) as number[][]),
  ];
  // Every member shares the ligands when no ligand count varies.
  const fixedLigands = dims.slice(4).every((d) => d.values.length === 1) ? resolvedUses.map((_, i) => useWithCount(i, 0)) : undefined;
  // A family may have 100,000 members: the parts that repeat across members are built once and
  // shared (members are never modified), which keeps expansion a small part of scoring a sweep.
  const labels = dims.map((d) => (d.values.length > 1 ? d.values.map((v) => `${d.name}=${v}`) : undefined));
  const topologies = new Map<number, RecipeSpec['topology'] | undefined>();
  const topologyFor = (nMetal: number): RecipeSpec['topology'] | undefined => {
    if (topologies.has(nMetal)) return topologies.get(nMetal);
    const topology = topologyOf(nMetal);
    topologies.set(nMetal, topology);
    return topology;
  };
  // Parts keyed by the positions of their values, not by text: a key string per lookup was most of
  // what a member cost beyond its name.
  const [hostElements, hostCounts, dopantElements, dopantCounts] = values as [string[], number[], string[], number[]];
  const hostMetal = pairTable(hostCounts.length, (e, c): RecipeSpec['host'] => ({ element: hostElements[e], count: hostCounts[c] }));
  const dopantMetal = pairTable(dopantCounts.length, (e, c): RecipeSpec['dopant'] => ({ element: dopantElements[e], count: dopantCounts[c] }));
  const rangesFor = pairTable(dopantElements.length, (h, d) => rangesOf(hostElements[h], dopantElements[d]));
  // A member's name is joined from its parts, not concatenated: V8 keeps `a + b` of 13 characters or
  // more as a tree of string pieces, five or so per name, where a join makes one flat string. Every
  // member keeps its name, so on the 98,600-member sweep that was a third of what the members held.
  const nameParts: string[] = [];
  const opening = `${recipeName}[`;
  const lengths = values.map((v) => v.length);
  const size = lengths.reduce((product, n) => product * n, 1);
  const members = (from: number, to: number): RecipeSpec[] => {
    const made: RecipeSpec[] = [];
    const end = Math.min(to, size);
    for (let at = Math.max(0, from), index = cartesianIndex(lengths, at); at < end; at++, advance(index, lengths)) {
      const topology = topologyFor(hostCounts[index[1]] + dopantCounts[index[3]]);
      nameParts.length = 0;
      for (let i = 0; i < labels.length; i++) {
        const label = labels[i]?.[index[i]];
        if (label) nameParts.push(nameParts.length === 0 ? opening : ',', label);
      }
      let memberName = recipeName;
      if (nameParts.length > 0) {
        nameParts.push(']');
        memberName = nameParts.join('');
      }
      const ligands = fixedLigands ?? resolvedUses.map((_, i) => useWithCount(i, index[4 + i]));
      const [hostAt, hostCountAt, dopantAt, dopantCountAt] = index;
      made.push(newMember(memberName, recipeName, hostMetal(hostAt, hostCountAt), dopantMetal(dopantAt, dopantCountAt), topology, site, ligands, overrides, rangesFor(hostAt, dopantAt)));
    }
    return made;
  };
  // The first member is made here, where the caller catches a bug in making members, not later in scoring.
  // What all of the above makes the members from, but for the ranges and the note.
  const { note: _note, ...contentOverrides } = overrides;
  const contentKey = JSON.stringify([recipeName, values, writtenTopology ?? null, site, contentOverrides, resolvedUses]);
  return { first: members(0, 1)[0], size, contentKey, members };
}

type RecipeRanges = Omit<NonNullable<RecipeSpec['ranges']>, 'host' | 'dopant'>;

/** A member's ranges: its recipe's, and those of the host and dopant elements it was given. */
function memberRanges(shared: RecipeRanges, host: OffsetRange | undefined, dopant: OffsetRange | undefined): NonNullable<RecipeSpec['ranges']> {
  // Key by key in printing order: spreading a shared base object here took a tenth of the expansion.
  const r: NonNullable<RecipeSpec['ranges']> = { recipe: shared.recipe, name: shared.name };
  if (shared.site) r.site = shared.site;
  if (shared.ligands) r.ligands = shared.ligands;
  if (shared.structure) r.structure = shared.structure;
  if (shared.energy) r.energy = shared.energy;
  if (shared.siteEnergy) r.siteEnergy = shared.siteEnergy;
  r.host = host;
  r.dopant = dopant;
  return r;
}

/** The topology a member of `nMetal` atoms gets from what its recipe wrote (topologyRules.ts). */
function memberTopology(written: { name: string; shells?: number } | undefined, nMetal: number): RecipeSpec['topology'] | undefined {
  const t = resolveTopology(written, nMetal);
  return t ? (t.shells === undefined ? { name: t.name } : { name: t.name, shells: t.shells }) : undefined;
}

/** Values made on first use for a pair of positions (a, b), b below `width`, and shared after. */
function pairTable<V>(width: number, make: (a: number, b: number) => V): (a: number, b: number) => V {
  const table: V[] = [];
  return (a, b) => (table[a * width + b] ??= make(a, b));
}

/** One member, key by key in printing order: object spreads in this literal took longer than the rest of the member. */
function newMember(
  name: string,
  recipe: string,
  host: RecipeSpec['host'],
  dopant: RecipeSpec['dopant'],
  topology: RecipeSpec['topology'] | undefined,
  site: SiteName,
  ligands: LigandUse[],
  overrides: Partial<RecipeSpec>,
  ranges: NonNullable<RecipeSpec['ranges']>,
): RecipeSpec {
  const member = { name, recipe, host, dopant } as RecipeSpec;
  if (topology) member.topology = topology;
  member.site = site;
  member.ligands = ligands;
  Object.assign(member, overrides);
  member.ranges = ranges;
  return member;
}

/** One count dimension per ligand use (its `counts`), named after the ligand (`PETCount`), numbered if a name repeats. */
function ligandDimensions(uses: LigandUseNode[], counts: number[][]): Dimension<number>[] {
  const taken = new Map<string, number>();
  return uses.map((use, i) => {
    const base = use.ref.kind === 'word' ? use.ref.text : `ligand${i + 1}`;
    const seen = (taken.get(base) ?? 0) + 1;
    taken.set(base, seen);
    return { name: seen === 1 ? `${base}Count` : `${base}Count${seen}`, values: counts[i] };
  });
}

/** What a declaration gives every use of its `name`: its SMILES, binding atoms and logP as written (count added per use). */
export function declaredLigand(name: string, decl: LigandDecl): Omit<LigandUse, 'count'> {
  const resolved: Omit<LigandUse, 'count'> = { name };
  if (decl.smiles) resolved.smiles = decl.smiles.value;
  if (decl.binds && decl.binds.atoms.length > 0) resolved.binds = decl.binds.atoms.map((a) => a.text);
  if (decl.logP?.value) resolved.logP = decl.logP.value.value;
  return resolved;
}

/** A ligand use with its SMILES, binding atoms and logP filled in (count added per member). */
function resolveUse(ast: BimetalFile, use: LigandUseNode): Omit<LigandUse, 'count'> {
  if (use.ref.kind === 'string') return { smiles: use.ref.value };
  const name = use.ref.text;
  const resolution = resolveLigand(ast, name);
  if (resolution.kind === 'declared') return declaredLigand(name, resolution.declaration);
  if (resolution.kind === 'builtin') return { name, smiles: resolution.ligand.smiles, binds: [...resolution.ligand.binds] };
  return { name };
}

/** The positions of member `at` of the cartesian product of lists of these lengths, the first list varying slowest. */
function cartesianIndex(lengths: readonly number[], at: number): number[] {
  const index = new Array<number>(lengths.length).fill(0);
  for (let position = lengths.length - 1, rest = at; position >= 0 && rest > 0; position--) {
    index[position] = rest % lengths[position];
    rest = Math.floor(rest / lengths[position]);
  }
  return index;
}

/** Moves `index` on to the next member's positions, in place. */
function advance(index: number[], lengths: readonly number[]): void {
  for (let position = lengths.length - 1; position >= 0; position--) {
    index[position]++;
    if (index[position] < lengths[position]) return;
    index[position] = 0;
  }
}
