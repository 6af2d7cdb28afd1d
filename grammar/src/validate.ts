import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { OffsetRange } from '../../engine/src/recipe';
import { withArticle } from '../../engine/src/article';
import { convertUnit } from '../../engine/src/storedNumbers';
import { isShellCount, isTemplateTopology, MAX_TEMPLATE_ATOMS, maxShells, nearestValidSizes, sizeForShells, templatesClosingShell, validSizes, type TemplateTopology } from '../../engine/src/geometry/magicSizes';
import { SUPPORTED_METALS } from '../../engine/src/elements';
import { BUILTIN_LIGAND_NAMES, builtinLigand } from '../../engine/src/ligands/builtinLibrary';
import { atomicNumber, elementClass, isElementSymbol, isNobleGas } from '../../engine/src/periodicTable';
import {
  choiceItems,
  keywordOf,
  rangeOf,
  type BimetalFile,
  type Choice,
  type CountItem,
  type DistanceProperty,
  type EnergyProperty,
  type LigandsProperty,
  type MetalProperty,
  type NumberNode,
  type Property,
  type RecipeDecl,
  type SiteProperty,
  type StructureProperty,
  type TopologyProperty,
  type UnknownProperty,
  type Word,
} from './ast';
import { compareDiagnostics, diagnostic, internalErrorDiagnostic, quoted, shortened, withThousands } from './diagnostics';
import { choiceSize, countValues, distanceInAngstrom, elementValues, firstProperties, resolveLigand } from './recipeParts';
import { isSureCorrection, MAX_EDITS, MAX_SUGGESTIONS, suggestClosest } from './suggest';
import { keywordsTakingWord, LONGEST_VALUE_WORD, replacementsTaking } from './following';
import { asName, readAsName, whyNotAName } from './names';
import { memberCore, resolveTopology } from './topologyRules';
import {
  DISTANCE_UNITS,
  distanceUnitInAngstrom,
  ENERGY_UNITS,
  FOREIGN_DISTANCE_UNITS,
  FOREIGN_ENERGY_UNITS,
  MOLAR_ENERGY_UNITS,
  LABEL_RANGES,
  PLAUSIBLE_DISTANCE_RANGE,
  PROPERTY_NAMES,
  SITE_NAMES,
  SUGGESTED_DISTANCE_UNITS,
  SUPPORT_KINDS,
  TOPOLOGY_NAMES,
} from './vocabulary';

/**
 * Semantic checks of LANGUAGE.md §3 that need no chemistry toolkit (BM2xx). SMILES validity,
 * structure files and model-domain checks belong to the engine (BM3xx/BM4xx).
 *
 * Results are cached per AST object, because `expandRecipes` consults them to skip recipes
 * with errors; callers get their own copy of the array.
 */
const cache = new WeakMap<BimetalFile, readonly BimetalDiagnostic[]>();

/**
 * A recipe's own checks, per recipe node: the editor's incremental parse hands back the very nodes
 * of the recipes an edit did not touch, so re-validating a 1,000-recipe file after a keystroke
 * checks one recipe. A recipe's checks read nothing of the file but the ligand declarations
 * (`context`, their JSON), so they are reused only while those are unchanged.
 */
const recipeChecks = new WeakMap<RecipeDecl, { context: string; diagnostics: readonly BimetalDiagnostic[] }>();

export function validateDocument(ast: BimetalFile): BimetalDiagnostic[] {
  const steps = validateSteps(ast);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** The same validation, one recipe per step, for a caller that spreads it over turns of its event loop. */
export function* validateSteps(ast: BimetalFile): Generator<void, BimetalDiagnostic[]> {
  let result = cache.get(ast);
  if (!result) {
    try {
      result = yield* new Validator(ast).run();
    } catch (error) {
      // A validator bug must not take the editor down; the user sees one diagnostic instead.
      result = [internalErrorDiagnostic('validator', error, ast)];
    }
    cache.set(ast, result);
  }
  return result.map((d) => ({ ...d }));
}

/** Family size checks look at every (host count, dopant count) pair; above this they are skipped (the family-size limit reports such families). */
const MAX_COUNT_PAIRS_CHECKED = 100_000;

const SUPPORTED_METAL_SET: ReadonlySet<string> = new Set(SUPPORTED_METALS);

/** An element symbol with its count glued on: `Au12`, `Ag1`, also miscased (`AU12`, `au12`). */
const SYMBOL_WITH_COUNT = /^([A-Za-z]{1,2})(\d+)$/;

/** How near a whole number a count must be to be that count written with a float's rounding error. */
const COUNT_ROUNDING_SLACK = 1e-3;

/** A locant glued before a ligand's name (`4-MBA`, `4MBA`), as the parser's gluedNameAhead reads one. */
const LOCANT = /^\d+-*/;

/** The locant a built-in ligand's name leaves out (`4` of MBA, 4-mercaptobenzoic acid), as its description writes it first. */
function locantOf(name: string): string | undefined {
  return /^(\d+)-/.exec(builtinLigand(name)?.description ?? '')?.[1];
}

/** The names offered for an unknown ligand, and whether the first is surely the one meant (isSureCorrection). */
interface LigandSuggestions {
  names: string[];
  sure: boolean;
}

/** The example in the error on an empty count list (BM224): counts, as every count slot takes (a topology may still rule out the sizes they make). */
const COUNT_LIST_EXAMPLE = '[1, 2]';

/** The metals an element list's example is drawn from first, the most familiar first; then the rest, by atomic number. */
const EXAMPLE_METALS = ['Au', 'Ag', 'Pt', 'Pd', 'Cu', 'Ni'];

/**
 * A list that fits an empty host or dopant element list (BM224), of two of `metals`: the supported
 * metals the other slot does not name, since a metal in both is an error itself (BM204).
 */
function elementListExample(metals: readonly string[]): string {
  const rank = (metal: string) => {
    const familiar = EXAMPLE_METALS.indexOf(metal);
    return familiar === -1 ? EXAMPLE_METALS.length : familiar;
  };
  return `[${[...metals].sort((a, b) => rank(a) - rank(b)).slice(0, 2).join(', ')}]`;
}

/**
 * The supported metals as runs of the periodic table (`Al, Sc–Ga, Y–Sn, La–Hg, Pb, Bi`): the full
 * list of 50 symbols would swamp the message. A run of three or more atomic numbers in a row is
 * written as its ends.
 */
const SUPPORTED_METALS_TEXT = (() => {
  const runs: string[][] = [];
  for (const symbol of SUPPORTED_METALS) {
    const run = runs.at(-1);
    if (run && atomicNumber(run.at(-1)!)! + 1 === atomicNumber(symbol)) run.push(symbol);
    else runs.push([symbol]);
  }
  return runs.flatMap((run) => (run.length >= 3 ? [`${run[0]}–${run.at(-1)}`] : run)).join(', ');
})();

/** The values a count item stands for, as an interval; an unfinished range (BM112) as its start. */
function countSpan(item: CountItem): { from: number; to: number } {
  return item.kind === 'number' ? { from: item.value, to: item.value } : { from: item.from.value, to: (item.to ?? item.from).value };
}

/** A count item as written: `12`, `1..4`. */
function countText(item: CountItem): string {
  return item.kind === 'number' ? item.text : `${item.from.text}..${item.to?.text ?? ''}`;
}

function listText(values: readonly (string | number)[], limit = 5): string {
  const shown = values.slice(0, limit).join(', ');
  return values.length > limit ? `${shown}, …` : shown;
}

/** The largest value a count slot can take (1 where it is not written), read from the written items: a family is not listed to find it. */
function largestCount(choice: Choice<CountItem> | undefined): number {
  // Not Math.max(...items): a list of more than about 120,000 counts overflowed the stack (BM198).
  let largest = 1;
  for (const item of choiceItems<CountItem>(choice)) largest = Math.max(largest, countSpan(item).to);
  return largest;
}

/** A count above 2^53 − 1 is not stored exactly: `99999999999999999999` would silently become 10^20. */
function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

/**
 * Where a value word of the language belongs, for one that stands where a property name should
 * (`site [core, surface]` leaves `core` there, `distance 4.9` with `A` on the next line leaves `A`).
 */
function valueWordHint(text: string): string | undefined {
  if (isElementSymbol(text)) return `an element belongs after 'host' or 'dopant'`;
  if ((SITE_NAMES as readonly string[]).includes(text)) return `a site belongs after 'site', which takes one: site ${text}`;
  if ((TOPOLOGY_NAMES as readonly string[]).includes(text)) return `a topology belongs after 'topology': topology ${text}`;
  if ((SUPPORT_KINDS as readonly string[]).includes(text)) return `a support kind belongs after 'support': support ${text}`;
  if (distanceUnitInAngstrom(text) !== undefined) return `a unit belongs on its number's line: distance 2.8 ${text}`;
  if ((ENERGY_UNITS as readonly string[]).includes(text)) return `a unit belongs on its number's line: energy -2.9 ${text}`;
  return undefined;
}

/**
 * An unknown property that is a property (or one misspelt) with its value glued on (`dopantPt`,
 * `hostAu`, `sitecore`), written apart (`dopant Pt`); undefined for any other word. Its fix must
 * write both: the property's name alone would drop the value.
 */
function propertyWithGluedValue(text: string): string | undefined {
  // Only the splits that leave a value no longer than the longest one: a pasted word may be 100,000 characters.
  for (let split = Math.max(1, text.length - LONGEST_VALUE_WORD); split < text.length; split++) {
    const [head, value] = [text.slice(0, split), text.slice(split)];
    for (const property of keywordsTakingWord(value, PROPERTY_NAMES)) {
      if (head === property || suggestClosest(head, [property]).length > 0) return `${property} ${value}`;
    }
  }
  return undefined;
}

class Validator {
  private readonly diagnostics: BimetalDiagnostic[] = [];
  /** Every ligand name a use may refer to, once, for suggestions. */
  private readonly ligandNames: string[];

  constructor(private readonly ast: BimetalFile) {
    // Once each: a declaration that shadows a built-in would make its name two sure corrections (suggestLigand).
    this.ligandNames = [...new Set([...ast.ligands.flatMap((d) => (d.name ? [d.name.text] : [])), ...BUILTIN_LIGAND_NAMES])];
  }

  *run(): Generator<void, BimetalDiagnostic[]> {
    this.checkLigandDeclarations();
    this.checkRecipeNames();
    const context = JSON.stringify(this.ast.ligands);
    for (const recipe of this.ast.recipes) {
      const known = recipeChecks.get(recipe);
      if (known?.context === context) {
        // One at a time: spread into push, a recipe with more than about 120,000 findings overflowed the stack.
        for (const d of known.diagnostics) this.diagnostics.push(d);
        continue;
      }
      const before = this.diagnostics.length;
      this.checkRecipe(recipe);
      recipeChecks.set(recipe, { context, diagnostics: this.diagnostics.slice(before) });
      yield;
    }
    return this.diagnostics.sort(compareDiagnostics);
  }

  private report(...args: Parameters<typeof diagnostic>): void {
    this.diagnostics.push(diagnostic(...args));
  }

  // ── file level ───────────────────────────────────────────────────────────────────────

  private checkLigandDeclarations(): void {
    const firsts = this.reportDuplicateNames(this.ast.ligands, 'duplicateLigand', (name) => ({
      message: `ligand ${quoted(name)} is already declared; recipes use the first declaration`,
      related: `first declaration of ${quoted(name)}`,
    }));
    for (const name of firsts) {
      const builtin = builtinLigand(name.text)?.smiles;
      if (builtin === undefined) continue;
      const resolution = resolveLigand(this.ast, name.text);
      const message =
        resolution.kind === 'declared' && resolution.declaration.smiles?.value === builtin
          ? `ligand ${quoted(name.text)} repeats the built-in ligand of the same name (same SMILES); the declaration is optional`
          : `ligand ${quoted(name.text)} replaces the built-in ligand of the same name in this file (built-in SMILES: ${builtin})`;
      this.report('shadowsBuiltin', message, name, { data: { builtinSmiles: builtin } });
    }
  }

  private checkRecipeNames(): void {
    this.reportDuplicateNames(this.ast.recipes, 'duplicateRecipe', (name) => ({
      message: `a recipe named ${quoted(name)} already exists in this file; rename this one`,
      related: `first recipe ${quoted(name)}`,
    }));
  }

  /** Reports every repeat of a name on the repeat, pointing at the first; returns the first occurrences. */
  private reportDuplicateNames(
    declarations: readonly { name?: Word }[],
    code: 'duplicateLigand' | 'duplicateRecipe',
    describe: (name: string) => { message: string; related: string },
  ): Word[] {
    const firsts = new Map<string, Word>();
    for (const { name } of declarations) {
      if (!name) continue;
      const first = firsts.get(name.text);
      if (!first) {
        firsts.set(name.text, name);
        continue;
      }
      const { message, related } = describe(name.text);
      this.report(code, message, name, { related: [{ message: related, range: first }] });
    }
    return [...firsts.values()];
  }

  // ── recipes ──────────────────────────────────────────────────────────────────────────

  private checkRecipe(recipe: RecipeDecl): void {
    this.checkPropertyNames(recipe);
    const props = firstProperties(recipe);
    const label = recipe.name ? `recipe ${quoted(recipe.name.text)}` : 'this recipe';
    const anchor = recipe.name ?? keywordOf(recipe);
    for (const kind of ['host', 'dopant'] as const) {
      if (!props[kind]) {
        this.report('missingMetal', `${label} needs a ${kind}: ${kind} ELEMENT [COUNT], e.g. ${kind} ${kind === 'host' ? 'Au 12' : 'Pt 1'}`, anchor, {
          data: { missing: kind },
        });
      }
    }
    const hostOk = props.host ? this.checkMetal(props.host, props.dopant) : false;
    const dopantOk = props.dopant ? this.checkMetal(props.dopant, props.host) : false;
    if (props.host && props.dopant && hostOk && dopantOk) this.checkDistinctMetals(props.host, props.dopant);
    const hostCountsOk = !props.host || this.checkCounts(props.host.count, 'host count');
    const dopantCountsOk = !props.dopant || this.checkCounts(props.dopant.count, 'dopant count');
    const countsOk = hostCountsOk && dopantCountsOk && !(props.host && props.dopant && this.metalSumTooLarge(props.host, props.dopant));
    const structure = props.structure?.path && props.structure;
    // Beside a structure file the topology is not used (BM231): its spelling and shells do not matter.
    if (props.topology && !structure) this.checkTopologyWords(props.topology);
    if (props.site) this.checkSiteWord(props.site);
    if (structure) this.checkBesideStructure(props.topology, structure);
    // A structure file's atoms, not a template, decide whether the counts fit and where the core is (BM311).
    if (countsOk && props.host && props.dopant && !structure) this.checkSizes(props.host, props.dopant, props.topology, props.site);
    if (props.ligands) this.checkLigands(props.ligands);
    if (props.support?.supportKind) this.checkWord(props.support.supportKind, SUPPORT_KINDS, 'unknownSupport', 'support kind');
    if (props.distance) this.checkDistance(props.distance);
    if (props.charge?.value && !props.charge.value.problem && !Number.isSafeInteger(props.charge.value.value)) {
      const charge = props.charge.value;
      this.report(
        'nonIntegerCharge',
        Number.isInteger(charge.value) ? `the charge ${charge.text} is too large to store exactly; charges go up to ±${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}` : `the charge must be a whole number, not ${charge.text}`,
        charge,
      );
    }
    if (props.energy) this.checkEnergy(props.energy);
    if (props.siteEnergy) this.checkEnergy(props.siteEnergy);
  }

  private checkPropertyNames(recipe: RecipeDecl): void {
    const first = new Map<string, Property>();
    let previous: Property | undefined;
    for (const property of recipe.properties) {
      const before = previous;
      previous = property;
      if (property.kind === 'unknown') {
        this.reportUnknownProperty(property, before);
        continue;
      }
      if (property.kind === 'ligands' && property.keyword !== 'ligands') {
        this.report('unknownProperty', `inside a recipe the property is 'ligands' ('ligand' declares a ligand at file level)`, keywordOf(property), {
          data: { replacements: ['ligands'] },
        });
      }
      const earlier = first.get(property.kind);
      if (earlier) {
        this.report('duplicateProperty', `${quoted(property.kind)} is given twice in this recipe; remove one (the first is used)`, keywordOf(property), {
          related: [{ message: `first ${quoted(property.kind)}`, range: keywordOf(earlier) }],
        });
      } else {
        first.set(property.kind, property);
      }
    }
  }

  /**
   * Only property names are offered for an unknown property, and a sub-keyword where it belongs: `shells` right after
   * a topology (`shell 2`) and `x` right after ligands (`PET X 8`). A word of the language that is a value (`core`,
   * `Au`, a unit on the line after its number) says where it belongs instead of being "corrected" into a property
   * of a similar spelling (`core` is not `note`). Of the properties spelt alike, only those that take the value after
   * the word are offered (following.ts): `hots Au 12` is `host`, never `note`.
   */
  private reportUnknownProperty(property: UnknownProperty, previous: Property | undefined): void {
    const keyword = keywordOf(property);
    const text = keyword.text;
    const ligand = previous?.kind === 'ligands' && resolveLigand(this.ast, text).kind !== 'unknown';
    const belongs = ligand ? `a ligand joins 'ligands' after a ',': ligands …, ${text}` : valueWordHint(text);
    let message = `${quoted(text)} is not a property`;
    let suggestions: string[] = [];
    let unsure = false;
    if (belongs) message += ` (${belongs})`;
    else {
      const apart = propertyWithGluedValue(text);
      // A glued value is the property's first, so what follows it is not: the value written apart decides.
      if (apart) suggestions = [apart];
      else {
        let closest = suggestClosest(text, PROPERTY_NAMES);
        if (previous?.kind === 'topology') closest = [...suggestClosest(text, ['shells']), ...closest];
        // The count operator only for a capital X: any one-letter word is one edit away from `x`.
        if (previous?.kind === 'ligands' && text === 'X') closest = ['x', ...closest];
        ({ replacements: suggestions, unsure } = replacementsTaking(closest, property.follows));
      }
      suggestions = suggestions.slice(0, 3);
      if (suggestions.length > 0) message += `; did you mean ${suggestions.map(quoted).join(' or ')}?`;
      else message += ` (properties: ${PROPERTY_NAMES.join(', ')})`;
    }
    const data = suggestions.length > 0 ? { data: { replacements: suggestions, ...(unsure ? { unsure: true } : {}) } } : {};
    this.report('unknownProperty', message, keyword, data);
  }

  // ── metals and counts ────────────────────────────────────────────────────────────────

  /**
   * Checks the element slot; returns whether every alternative is a metal with element data. The
   * other metal's elements are never suggested: host = dopant is itself an error (BM204).
   */
  private checkMetal(property: MetalProperty, other: MetalProperty | undefined): boolean {
    const choice = property.element;
    if (!choice) return false;
    const untaken = () => {
      const taken = new Set(elementValues(other?.element));
      return SUPPORTED_METALS.filter((s) => !taken.has(s));
    };
    if (!this.checkListShape(choice, `${property.kind} element`, () => elementListExample(untaken()))) return false;
    let ok = true;
    // `host Au12` with no count: the count glued to a lone symbol, offered apart (`Au 12`), not dropped.
    const countGlued = choice.kind === 'word' && !property.count;
    for (const item of choiceItems(choice)) {
      if (!this.checkElementSymbol(item, untaken, `the ${property.kind}`, countGlued)) {
        ok = false;
        continue;
      }
      const cls = elementClass(item.text);
      if (cls !== 'metal') {
        ok = false;
        this.report(
          'notAMetal',
          isNobleGas(item.text)
            ? `${item.text} is a noble gas; the ${property.kind} must be a metal (Bimetal models metal cores)`
            : `${item.text} is a ${cls === 'metalloid' ? 'metalloid' : 'non-metal'}; the ${property.kind} must be a metal (Bimetal models metal cores; ${item.text} can only appear in a ligand)`,
          item,
        );
      } else if (!SUPPORTED_METAL_SET.has(item.text)) {
        ok = false;
        this.report(
          'unsupportedMetal',
          `${item.text} has no element data in Bimetal, so the ${property.kind} ${item.text} would get no descriptors and no prediction; supported metals: ${SUPPORTED_METALS_TEXT}`,
          item,
        );
      }
    }
    this.checkDuplicateWords(choice);
    return ok;
  }

  /**
   * Reports an unknown element with suggestions drawn from `candidates` only (supported metals
   * for host and dopant, so a typo is never "corrected" into a symbol that is itself an error:
   * `Ua` once offered U, Ba and Ca, all without data); returns whether the symbol exists.
   * `candidates` is a function so that valid symbols, the usual case in large generated files,
   * cost no list building. With `countGlued`, a symbol with digits glued on (`Au12`, `AU12`) is
   * offered as the symbol and its count (`Au 12`): the symbol alone would quietly make the count 1.
   */
  private checkElementSymbol(item: Word, candidates: () => readonly string[], role: string, countGlued = false): boolean {
    if (isElementSymbol(item.text)) return true;
    const glued = countGlued ? SYMBOL_WITH_COUNT.exec(item.text) : null;
    // No two element symbols differ only in case, so a miscased one (`AU`) names one candidate at most.
    const symbol = glued && candidates().find((candidate) => candidate.toLowerCase() === glued[1].toLowerCase());
    const suggestions = glued && symbol ? [`${symbol} ${glued[2]}`] : suggestClosest(item.text, candidates());
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map(quoted).join(' or ')}?` : ' (symbols are case-sensitive: Au, Pt, Fe)';
    this.report('unknownElement', `${quoted(item.text)} is not an element symbol for ${role}${hint}`, item, {
      data: suggestions.length > 0 ? { replacements: suggestions } : undefined,
    });
    return false;
  }

  private checkDistinctMetals(host: MetalProperty, dopant: MetalProperty): void {
    const hosts = new Set(elementValues(host.element));
    for (const item of choiceItems(dopant.element)) {
      if (!hosts.has(item.text)) continue;
      const family = host.element?.kind === 'list' || dopant.element?.kind === 'list';
      this.report(
        'sameMetal',
        family
          ? `${item.text} is both a host and a dopant alternative; a bimetallic cluster needs two different metals (remove ${item.text} from one list)`
          : `the dopant ${item.text} is the same metal as the host; a bimetallic cluster needs two different metals`,
        item,
      );
    }
  }

  /**
   * Lists must be non-empty; returns false for an empty list, whose error shows `example()`, a list
   * that fits the slot. A list whose every item was of the wrong kind is not empty: each item has its
   * error (BM114), and the slot is only not checked further.
   */
  private checkListShape(choice: Choice<Word> | Choice<CountItem>, what: string, example: () => string): boolean {
    if (choice.kind !== 'list' || choice.items.length > 0) return true;
    if (choice.dropped) return false;
    this.report('emptyFamilyList', `the ${what} list is empty; give at least one alternative, e.g. ${example()}`, choice);
    return false;
  }

  private checkDuplicateWords(choice: Choice<Word>): void {
    if (choice.kind !== 'list') return;
    const seen = new Set<string>();
    for (const item of choiceItems(choice)) {
      if (seen.has(item.text)) {
        this.report('duplicateAlternative', `${item.text} is listed twice; the family uses it once`, item, { data: { removable: true, listItem: true } });
      }
      seen.add(item.text);
    }
  }

  /** Checks every count alternative is a positive integer and ranges run upwards; returns whether all are valid. */
  private checkCounts(choice: Choice<CountItem> | undefined, what: string): boolean {
    if (!choice) return true;
    if (!this.checkListShape(choice, what, () => COUNT_LIST_EXAMPLE)) return false;
    let ok = true;
    for (const item of choiceItems(choice)) {
      if (item.kind === 'number') ok = this.checkPositiveInteger(item, what) && ok;
      else {
        ok = this.checkPositiveInteger(item.from, what) && ok;
        if (item.to) ok = this.checkPositiveInteger(item.to, what) && ok;
      }
      if (item.kind === 'range' && item.to && item.to.value < item.from.value) {
        ok = false;
        this.report('reversedRange', `the range ${item.from.text}..${item.to.text} runs backwards; write ${item.to.text}..${item.from.text}`, item, {
          data: { replacements: [`${item.to.text}..${item.from.text}`] },
        });
      }
    }
    // A single number, the slot of almost every recipe, cannot repeat.
    if (ok && choice.kind === 'list') this.checkRepeatedCounts(choice.items);
    return ok;
  }

  /**
   * BM226 on a value listed twice in a count list: `[12, 12]`, and ranges that overlap each other or
   * a number (`[1..2, 2..3]`, `[2, 1..3]`). Items are compared as intervals, by where they start, so
   * `1..1000000` is never listed value by value. A repeat is reported on the item that lies wholly
   * inside the other, whose removal (the fix) loses no value; otherwise on the later item, naming
   * the values the two share.
   */
  private checkRepeatedCounts(items: readonly CountItem[]): void {
    const spans = items.map((item, order) => ({ item, order, ...countSpan(item) }));
    // Among spans that start together the longest first, so a span can only lie inside one before it.
    spans.sort((a, b) => a.from - b.from || b.to - a.to || a.order - b.order);
    const reported = new Set<CountItem>();
    let reach = spans[0]; // of the spans so far, the one that ends last
    for (const span of spans.slice(1)) {
      if (span.from <= reach.to) {
        const inside = span.to <= reach.to;
        const [first, later] = span.order < reach.order ? [span, reach] : [reach, span];
        const at = inside ? span : later;
        const each = span.from === Math.min(span.to, reach.to) ? 'it' : 'each value';
        let message: string;
        if (span.from === reach.from && span.to === reach.to) message = `${countText(span.item)} is listed twice`;
        else if (inside) message = `${countText(span.item)} is already in ${countText(reach.item)}`;
        else message = `${each === 'it' ? `${span.from} is` : `${span.from}..${reach.to} are`} in both ${countText(first.item)} and ${countText(later.item)}`;
        if (!reported.has(at.item)) this.report('duplicateAlternative', `${message}; the family uses ${each} once`, at.item, inside ? { data: { removable: true, listItem: true } } : {});
        reported.add(at.item);
      }
      if (span.to > reach.to) reach = span;
    }
  }

  /**
   * Whether N_metal = host + dopant can exceed 2^53 − 1 for some member, reported on the dopant
   * count (each count is exact on its own, BM205, but their sum would not be: the record's nMetal
   * and every per-atom figure would be off). Read from the written counts, not the members.
   */
  private metalSumTooLarge(host: MetalProperty, dopant: MetalProperty): boolean {
    if (largestCount(host.count) + largestCount(dopant.count) <= Number.MAX_SAFE_INTEGER) return false;
    const at = dopant.count ?? keywordOf(dopant);
    this.report('badCount', `host + dopant counts add up to more than ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')} atoms, which N_metal cannot count exactly`, at);
    return true;
  }

  private checkPositiveInteger(value: NumberNode, what: string): boolean {
    if (isPositiveInteger(value.value)) return true;
    // An unreadable number is reported where it was read (BM234).
    if (value.problem) return false;
    if (Number.isInteger(value.value) && value.value > 0) {
      this.report('badCount', `the ${what} ${value.text} is too large to count exactly; counts go up to ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}`, value);
      return false;
    }
    // A float's last digits (`11.9999999`) mean the nearest count; `12.5` may mean 12 as well as 13
    // (12 closes an icosahedron), so both are offered and neither applied unasked.
    const nearest = Math.round(value.value);
    const surely = Math.abs(value.value - nearest) < COUNT_ROUNDING_SLACK;
    const wholes = surely ? [nearest] : [nearest, value.value < nearest ? nearest - 1 : nearest + 1];
    const offered = wholes.filter((count) => count > 0).map(String);
    this.report('badCount', `the ${what} must be a positive whole number, not ${value.text}`, value, {
      data: offered.length > 0 ? { replacements: offered, ...(surely ? {} : { unsure: true }) } : undefined,
    });
    return false;
  }

  // ── topology and site ────────────────────────────────────────────────────────────────

  /**
   * A structure file gives the coordinates, so a template beside it is not used (BM231): the training
   * rows with structure files had none. Whether a stated site is used depends on the file (BM314).
   */
  private checkBesideStructure(topology: TopologyProperty | undefined, structure: StructureProperty): void {
    if (!topology) return;
    const written = quoted([topology.keyword, topology.name?.text, topology.shellsKeyword?.text, topology.shells?.text].filter((part) => part !== undefined).join(' '));
    this.report('topologyWithStructure', `the structure file gives this recipe's coordinates, so ${written} is not used; remove it`, topology, {
      data: { removable: true },
      related: [{ message: 'structure file', range: structure }],
    });
  }

  private checkTopologyWords(topology: TopologyProperty): void {
    if (topology.name) this.checkWord(topology.name, TOPOLOGY_NAMES, 'unknownTopology', 'topology');
    if (!topology.shells) return;
    if (topology.name?.text === 'none') {
      // The whole `shells N`, with the space before it, goes: the number alone would leave a bare 'shells'.
      this.report('shellsMismatch', `'topology none' has no shells; remove 'shells ${topology.shells.text}'`, topology.shells, {
        data: { removeRange: { start: topology.name.end, end: topology.shells.end } },
      });
      return;
    }
    const shells = topology.shells.value;
    const name = topology.name?.text;
    // An unreadable number is reported where it was read (BM234); a misspelt topology is its own error.
    if (!topology.shells.problem && name !== undefined && isTemplateTopology(name) && !isShellCount(name, shells)) {
      const limit = `from 1 to ${maxShells(name)} for ${withArticle(name)} (templates are made up to ${withThousands(MAX_TEMPLATE_ATOMS)} atoms)`;
      this.report('badCount', `'shells' must be a whole number ${limit}, not ${topology.shells.text}`, topology.shells);
    }
  }

  private checkSiteWord(site: SiteProperty): void {
    if (site.value) this.checkWord(site.value, SITE_NAMES, 'unknownSite', 'site');
  }

  /** Reports a word outside its closed vocabulary with suggestions; returns whether it is valid. */
  private checkWord(value: Word, allowed: readonly string[], code: 'unknownTopology' | 'unknownSite' | 'unknownSupport', what: string): boolean {
    if (allowed.includes(value.text)) return true;
    const suggestions = suggestClosest(value.text, allowed);
    const hint = suggestions.length > 0 ? `did you mean ${suggestions.map(quoted).join(' or ')}?` : `expected one of: ${allowed.join(', ')}`;
    // Where nothing resembles the word every value is offered, none as the one meant: `site shell` is no misspelt `core`.
    this.report(code, `${quoted(value.text)} is not a ${what}; ${hint}`, value, {
      data: suggestions.length > 0 ? { replacements: suggestions } : { replacements: [...allowed], unsure: true },
    });
    return false;
  }

  /**
   * N_metal = host + dopant must close a shell of the written topology (or match `shells N`);
   * `site core` needs core sites, and more dopants than core sites draws a warning. Families
   * are checked member by member and each problem is reported once.
   */
  private checkSizes(host: MetalProperty, dopant: MetalProperty, topology: TopologyProperty | undefined, site: SiteProperty | undefined): void {
    // Sized from the written items first: `1..10000000` must not be listed just to find it is too many.
    if (choiceSize(host.count) * choiceSize(dopant.count) > MAX_COUNT_PAIRS_CHECKED) return;
    const written = topology?.name && TOPOLOGY_NAMES.includes(topology.name.text as never) ? topology.name.text : undefined;
    // Without a template topology or `site core` there is nothing to check: do not list up to 100,000 pairs for nothing.
    if (!(written && isTemplateTopology(written)) && site?.value?.text !== 'core') return;
    const hostCounts = countValues(host.count, 1);
    const dopantCounts = countValues(dopant.count, 1);
    const writtenShells = written && isTemplateTopology(written) && topology?.shells && isShellCount(written, topology.shells.value) ? topology.shells.value : undefined;
    const pairs = hostCounts.flatMap((h) => dopantCounts.map((d) => ({ n: h + d, dopants: d })));

    if (written && isTemplateTopology(written) && topology?.name) {
      const misfits = [...new Set(pairs.map((p) => p.n))].filter((n) =>
        writtenShells !== undefined ? sizeForShells(written, writtenShells) !== n : !validSizes(written).includes(n),
      );
      if (misfits.length > 0) {
        this.reportMisfit(written, writtenShells, misfits, topology, pairs.length > 1);
        return;
      }
    }
    if (site?.value?.text === 'core') this.checkCoreSites(pairs, written, writtenShells, site.value, topology);
  }

  private reportMisfit(topology: TemplateTopology, shells: number | undefined, misfits: number[], property: TopologyProperty, family: boolean): void {
    const n = misfits[0];
    const atoms = family ? `N_metal = ${listText(misfits.map(withThousands))} (members of this family)` : `host + dopant = ${withThousands(n)} atoms`;
    if (shells !== undefined && property.shells) {
      const expected = sizeForShells(topology, shells);
      this.report(
        'shellsMismatch',
        `${withArticle(topology)} with ${shells} shell${shells === 1 ? '' : 's'} holds ${withThousands(expected)} atoms, but ${atoms}`,
        property.shells,
        { data: { expectedSize: expected } },
      );
      return;
    }
    const largest = sizeForShells(topology, maxShells(topology));
    // Beyond the largest template no count is near: said only when it holds for every misfit.
    if (misfits.every((size) => size > largest)) {
      this.report(
        'sizeMismatch',
        `${atoms} is more than the largest ${topology} made here (${withThousands(largest)} atoms, ${maxShells(topology)} shells; templates are made up to ${withThousands(MAX_TEMPLATE_ATOMS)} atoms): use 'topology none' (composition only) or a structure file`,
        property.name ?? keywordOf(property),
        { data: { nearestSizes: [], nMetal: n, topology } },
      );
      return;
    }
    const nearest = nearestValidSizes(topology, n);
    this.report(
      'sizeMismatch',
      `${atoms} does not fit ${withArticle(topology)} (closed shells: ${validSizes(topology, 4).map(withThousands).join(', ')}, …); nearest valid size${nearest.length > 1 ? 's' : ''} for ${withThousands(n)}: ${nearest.map(withThousands).join(', ')}`,
      property.name ?? keywordOf(property),
      { data: { nearestSizes: nearest, nMetal: n, topology } },
    );
  }

  private checkCoreSites(
    pairs: { n: number; dopants: number }[],
    written: string | undefined,
    writtenShells: number | undefined,
    siteValue: Word,
    topology: TopologyProperty | undefined,
  ): void {
    let missingCore: string | undefined;
    let crowded: { dopants: number; core: number; description: string } | undefined;
    for (const pair of pairs) {
      const core = memberCore(resolveTopology(written ? { name: written, shells: writtenShells } : undefined, pair.n), pair.n);
      if ('none' in core) missingCore ??= core.none;
      else if (pair.dopants > core.sites && (!crowded || pair.dopants - core.sites > crowded.dopants - crowded.core)) {
        crowded = { dopants: pair.dopants, core: core.sites, description: core.cluster };
      }
    }
    if (missingCore) {
      // Where several templates close a shell at every member's size (13, 55, …), the core is one word away.
      const unwritten = !written && pairs.every((pair) => templatesClosingShell(pair.n).length > 1);
      const remedy = unwritten ? "write the topology you mean ('topology icosahedron'), or use 'site surface' or 'site mixed'" : "use 'site surface' or 'site mixed', or a cluster with a core";
      this.report('coreWithoutCore', `'site core' needs a core, but ${missingCore}; ${remedy}`, siteValue, {
        data: { replacements: ['surface', 'mixed'] },
        related: topology ? [{ message: 'topology', range: topology }] : undefined,
      });
      return;
    }
    if (crowded) {
      this.report(
        'tooManyCoreDopants',
        `${crowded.dopants} dopant atoms but ${crowded.description} has only ${crowded.core} core site${crowded.core === 1 ? '' : 's'}; the rest would sit on the surface`,
        siteValue,
        { data: { coreSites: crowded.core } },
      );
    }
  }

  // ── ligands ──────────────────────────────────────────────────────────────────────────

  /** Suggestions per unknown ligand name: a generated file may repeat one typo thousands of times. */
  private readonly ligandSuggestions = new Map<string, LigandSuggestions>();

  private suggestLigand(name: string): LigandSuggestions {
    let suggestions = this.ligandSuggestions.get(name);
    if (!suggestions) {
      // A locant before a name (`4-MBA`) names the built-in ligand whose own locant it is: 3-MBA is another molecule than MBA, 4-mercaptobenzoic acid.
      const locant = LOCANT.exec(name)?.[0];
      const meant = locant ? name.slice(locant.length) : name;
      // A sure correction has the name's length (case, two letters swapped, formula groups reordered), a close one nearly:
      // only candidates of about its length are compared (a 1 MB name took 2.4 s against each built-in).
      const near = this.ligandNames.filter((candidate) => Math.abs(candidate.length - meant.length) <= MAX_EDITS || Math.abs(candidate.length - name.length) <= MAX_EDITS);
      const sure = near.filter((candidate) => candidate.length === meant.length && isSureCorrection(meant, candidate) && (!locant || locantOf(candidate) === locant.replace(/-+$/, '')));
      const names = near.length === 0 ? [] : [...new Set([...sure, ...suggestClosest(name, near)])].slice(0, MAX_SUGGESTIONS);
      // Two sure names are a choice between them, not a slip with one answer.
      suggestions = { names, sure: sure.length === 1 };
      this.ligandSuggestions.set(name, suggestions);
    }
    return suggestions;
  }

  private checkLigands(property: LigandsProperty): void {
    const firstUse = new Map<string, OffsetRange>();
    const countsOk = property.uses.map((use) => !use.count || this.checkCounts(use.count, 'ligand count'));
    // As for N_metal (metalSumTooLarge): the shell's ligand count, which BM413 and ligands per metal atom read, must stay exact.
    if (countsOk.every(Boolean) && property.uses.reduce((sum, use) => sum + largestCount(use.count), 0) > Number.MAX_SAFE_INTEGER) {
      this.report('badCount', `the ligand counts add up to more than ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}, which cannot be counted exactly`, property.uses[property.uses.length - 1].count ?? property.uses[property.uses.length - 1].ref);
    }
    for (const use of property.uses) {
      const label = use.ref.kind === 'word' ? use.ref.text : use.ref.value;
      // A name and an inline SMILES of the same text are different ligands (CO, carbon monoxide, against "CO", methanol).
      const key = `${use.ref.kind}:${label}`;
      const first = firstUse.get(key);
      if (first) {
        this.report('repeatedLigand', `${quoted(label)} is listed twice in ligands; its counts add up, so write it once with the total`, use.ref, {
          related: [{ message: `first use of ${quoted(label)}`, range: first }],
        });
      } else firstUse.set(key, rangeOf(use.ref));
      if (use.ref.kind !== 'word') continue;
      const name = use.ref;
      const resolution = resolveLigand(this.ast, name.text);
      if (resolution.kind === 'unknown') {
        // The name is only whole once BM100 writes its typeset character plainly; that error says so.
        if (use.pasted) continue;
        const { names: suggestions, sure } = this.suggestLigand(name.text);
        // A locant glued to a name (`4-MBA`, see the parser's gluedNameAhead) is no name a declaration could give.
        const declarable = readAsName(name.text) === 'name';
        const why = declarable ? '' : ` (${whyNotAName(name.text)})`;
        // A name declared further down means its ligand only once the declaration is above this use (BM213): said, as the fix does both.
        const named = (suggestion: string) => {
          const below = resolveLigand(this.ast, suggestion);
          return below.kind === 'declared' && below.declaration.start > name.start ? `${quoted(suggestion)} (declared below)` : quoted(suggestion);
        };
        const hint =
          suggestions.length > 0
            ? `; did you mean ${suggestions.map(named).join(' or ')}?`
            : `; declare it: ligand ${shortened(declarable ? name.text : asName(name.text))} = "SMILES"${declarable ? '' : ', and use that name'}`;
        // Another ligand is another molecule: one whose name is merely close is offered, never applied unasked (`DDT` is no `DMBT`).
        const offered = { replacements: suggestions, ...(sure || suggestions.length === 0 ? {} : { unsure: true }) };
        this.report('unknownLigand', `unknown ligand ${quoted(name.text)}${why}: not declared in this file nor built in${hint}`, name, {
          data: declarable ? { ...offered, declare: name.text } : offered,
        });
        continue;
      }
      if (resolution.kind !== 'declared') continue;
      const declaration = resolution.declaration;
      const declaredName = declaration.name as Word;
      if (declaration.start > name.start) {
        this.report('ligandBeforeDeclaration', `ligand ${quoted(name.text)} is used before its declaration; move the declaration above this recipe`, name, {
          related: [{ message: `declaration of ${quoted(name.text)}`, range: declaration }],
          data: { declaration: rangeOf(declaration) },
        });
      }
      if (!declaration.smiles) {
        this.report('incompleteLigand', `ligand ${quoted(name.text)} is declared without a SMILES string, so this recipe cannot be scored`, name, {
          related: [{ message: `declaration of ${quoted(name.text)}`, range: declaredName }],
        });
      } else if (declaration.hasSyntaxErrors) {
        // Expansion leaves out every recipe using it (families.ts): said here, or the recipe would silently have no scores.
        this.report('incompleteLigand', `the declaration of ligand ${quoted(name.text)} has an error, so this recipe cannot be scored; correct the declaration`, name, {
          related: [{ message: `declaration of ${quoted(name.text)}`, range: declaredName }],
        });
      }
    }
  }

  // ── distance and energy ──────────────────────────────────────────────────────────────

  private checkDistance(property: DistanceProperty): void {
    const unit = property.unit;
    if (unit && distanceUnitInAngstrom(unit.text) === undefined) {
      if (this.reportForeignUnit(property.value, unit, FOREIGN_DISTANCE_UNITS, 'Å', 'a distance unit')) return;
      // Only a misspelling is fixed by another word: any other unit's number would keep its size.
      const suggestions = suggestClosest(unit.text, SUGGESTED_DISTANCE_UNITS);
      const units = SUGGESTED_DISTANCE_UNITS.join(', ');
      const hint = suggestions.length > 0 ? `did you mean ${suggestions.map(quoted).join(' or ')}? (units: ${units})` : `use ${units}`;
      this.report('unknownUnit', `${quoted(unit.text)} is not a distance unit; ${hint}`, unit, {
        data: { replacements: suggestions },
      });
      return;
    }
    const written = property.value;
    const inAngstrom = distanceInAngstrom(property);
    // An unreadable number is reported where it was read (BM234).
    if (!written || !inAngstrom) return;
    if ('problem' in inAngstrom) {
      this.report('unrepresentableNumber', `${written.text}${unit ? ` ${unit.text}` : ''} in Å is ${inAngstrom.problem}`, written);
      return;
    }
    const angstrom = inAngstrom.value;
    const { min, max } = PLAUSIBLE_DISTANCE_RANGE;
    if (angstrom >= min && angstrom <= max) return;
    const asPicometres = convertUnit(written.value, DISTANCE_UNITS.pm);
    const inPicometres = !unit && 'value' in asPicometres && asPicometres.value >= min && asPicometres.value <= max ? `${written.text} pm` : undefined;
    const hint = inPicometres
      ? `; did you mean ${inPicometres}?`
      : ' (physically implausible); leave `distance` out to use the structure file\'s or the template\'s own, or the metals\' radii';
    const range = unit ? { start: written.start, end: unit.end } : written;
    this.report('implausibleDistance', `a metal–metal distance of ${Number(angstrom.toPrecision(6))} Å is outside the plausible ${min}–${max} Å${hint}`, range, {
      data: inPicometres ? { angstrom, replacements: [inPicometres] } : { angstrom },
    });
  }

  private checkEnergy(property: EnergyProperty): void {
    if (!property.value) return;
    const per = property.kind === 'energy' ? 'eV per metal atom' : 'eV (E(core) − E(surface))';
    const unit = property.unit;
    if (unit && !(ENERGY_UNITS as readonly string[]).includes(unit.text)) {
      // The number is in that unit: its range is judged once it is converted.
      if (this.reportForeignUnit(property.value, unit, FOREIGN_ENERGY_UNITS, 'eV', 'an energy unit here')) return;
      this.report('unknownUnit', `${quoted(unit.text)} is not an energy unit here; the reference energy is in ${property.kind === 'energy' ? 'eV (per metal atom)' : 'eV'}`, unit, {
        data: { replacements: suggestClosest(unit.text, ENERGY_UNITS).length > 0 || unit.text.toLowerCase() === 'ev' ? ['eV'] : [] },
      });
      return;
    }
    this.checkLabelValue(property, property.value);
    if (!unit) {
      this.report('energyWithoutUnit', `'${property.kind}' without a unit is read as ${per}; write ${property.value.text} eV`, property.value, {
        data: { insertText: ' eV', insertAt: property.value.end },
      });
    }
  }

  /**
   * A unit of another code (FOREIGN_DISTANCE_UNITS, FOREIGN_ENERGY_UNITS): reported on the number
   * and the unit, whose fix writes the value converted into `into`; false for any other word.
   */
  private reportForeignUnit(value: NumberNode | undefined, unit: Word, sizes: Readonly<Record<string, number>>, into: string, what: string): boolean {
    if (!Object.hasOwn(sizes, unit.text)) return false;
    // A value that no number holds once converted (`1e300 m` in Å) gets no fix: its text would read `Infinity Å`.
    const inUnit = value && !value.problem ? convertUnit(value.value, sizes[unit.text]) : undefined;
    if (!value || !inUnit || 'problem' in inUnit) {
      this.report('unknownUnit', `${quoted(unit.text)} is not ${what}; convert the value to ${into}`, unit);
      return true;
    }
    const converted = `${Number(inUnit.value.toPrecision(6))} ${into}`;
    const written = MOLAR_ENERGY_UNITS.includes(unit.text) ? `${unit.text}/mol` : unit.text;
    this.report('unknownUnit', `${quoted(unit.text)} is not ${what}; ${value.text} ${written} is ${converted}: write ${converted}`, { start: value.start, end: unit.end }, {
      data: { replacements: [converted] },
    });
    return true;
  }

  /** A label that cannot be read as a number, or that no cluster can have, would poison a calibration. */
  private checkLabelValue(property: EnergyProperty, value: NumberNode): void {
    if (value.problem) {
      this.report('nonFiniteLabel', `${property.kind} ${value.text} is ${value.problem}; the label is ignored`, value);
      return;
    }
    const { min, max } = LABEL_RANGES[property.kind];
    if (value.value >= min && value.value <= max) return;
    const hint =
      property.kind === 'energy'
        ? 'E_form is per metal atom: divide a total energy by N_metal, and convert kJ/mol to eV (÷ 96.485)'
        : 'ΔE is E(core) − E(surface) of the same cluster, in eV';
    this.report('implausibleLabel', `${property.kind} ${value.text} eV is outside the physical range ${min}…${max} eV; ${hint}; the label is ignored`, value, {
      data: { value: value.value, min, max },
    });
  }
}
