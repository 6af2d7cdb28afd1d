import { oneLine, type BimetalDiagnostic, type Severity } from '../diagnostic';
import type { OffsetRange } from '../recipe';
import { coveragePercent, intervalText } from '../numberText';
import { minimumGroupSize } from './conformal';
import { ModelLoadError } from './errors';
import { noveltyKeyMeaning } from './noveltyGroup';
import { EFORM_MODEL, SITE_MODEL, type CalibrationPart, type Prediction } from './runtime';

/**
 * BM4xx: model and applicability-domain diagnostics (registry: docs/diagnostics.md, "Model
 * (inference)"). A model failure never hides descriptors: callers show these next to them.
 */
export const MODEL_CODES = {
  /** A model file is missing: no prediction, descriptors still shown. */
  missing: 'BM401',
  /** A model file is corrupt, breaks models/FORMAT.md, or was trained on another feature schema. */
  invalid: 'BM402',
  /** onnxruntime-web could not start in this process. */
  runtime: 'BM403',
  /** The recipe is outside the model's applicability domain. */
  outOfDomain: 'BM404',
  /** The calibration group is too small for the coverage: the interval is unbounded. */
  unbounded: 'BM405',
  /** The recipe could not be turned into features, so it has no prediction. */
  notFeaturisable: 'BM406',
} as const;

/** What a model load or run failure means for the user, as code + severity + message. */
export function describeModelFailure(error: unknown): { code: string; severity: Severity; message: string } {
  if (error instanceof ModelLoadError) {
    const what =
      error.kind === 'missing'
        ? `No ${error.model} prediction: the model is not installed`
        : error.kind === 'runtime'
          ? 'No predictions: the ONNX runtime could not start'
          : `No ${error.model} prediction: the model cannot be used`;
    // loadModelRuntime loads the site model only beside E_form's, so its failure takes both.
    const siteToo = error.model === EFORM_MODEL && error.kind !== 'runtime' ? ` No ${SITE_MODEL} prediction either: the site model is loaded only together with ${EFORM_MODEL}.` : '';
    return { code: MODEL_CODES[error.kind], severity: 'warning', message: `${what} (${oneLine(error.message)}).${siteToo} Descriptors are unaffected.` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: MODEL_CODES.invalid, severity: 'warning', message: `No prediction: the model failed (${oneLine(message)}). Descriptors are unaffected.` };
}

/**
 * Whether `diagnostic` says a model could not be used (BM401–BM403): a fact about the document's
 * run, not about one recipe, so no record carries it, yet it is why every prediction is null.
 */
export function isModelFailure(diagnostic: BimetalDiagnostic): boolean {
  return diagnostic.code === MODEL_CODES.missing || diagnostic.code === MODEL_CODES.invalid || diagnostic.code === MODEL_CODES.runtime;
}

export function modelFailureDiagnostic(error: unknown, range: OffsetRange): BimetalDiagnostic {
  return { ...describeModelFailure(error), range };
}

/**
 * A warning listing why a prediction is out of domain, or undefined when it is in domain. `subject`:
 * what the message calls the prediction, where it is not the recipe's own (a site call with the roles swapped).
 */
export function domainDiagnostic(prediction: Prediction, range: OffsetRange, subject = `${prediction.model} prediction`): BimetalDiagnostic | undefined {
  if (prediction.inDomain) return undefined;
  return {
    code: MODEL_CODES.outOfDomain,
    severity: 'warning',
    message: `${subject} is outside its applicability domain: ${prediction.domainReasons.join('; ')}`,
    range,
  };
}

/**
 * What left an E_form interval unbounded. Its interval also spans the ordering term over the site
 * model's ΔE interval (pipeline/src/orderingTerm.ts), so an unbounded ΔE interval reaches it there
 * even when E_form's own calibration group is large enough: `own` says whether E_form's own
 * interval is unbounded, `site` is the site prediction whose interval the ordering term carried in.
 */
export interface UnboundedSources {
  own: boolean;
  site?: Prediction;
  /**
   * Where `site` is a majority dopant's call with the roles swapped, what it was asked (pipeline
   * swappedRolesText: `Au 73 as the dopant of Pt 74 at the core`): its interval is of ΔE′, not the recipe's ΔE.
   */
  swappedRoles?: string;
  /** Why a stated site has no ΔE to price its ordering term, which then leaves the upper end unbounded at every coverage. */
  unpricedSite?: string;
}

/**
 * Information that an interval is unbounded, or undefined when both ends are finite, naming each
 * calibration group too small for the coverage, with how many points it holds (a composed
 * interval's, each of its parts', and which of them are too few for their share of α): the prediction's
 * own, unless `sources` says that the site interval carried in by the ordering term made it
 * unbounded instead (or too). A group that holds no points (chemistry no calibrated recipe is
 * like) bounds no interval at any coverage, so only where every named group holds some does a
 * lower coverage help.
 */
export function unboundedIntervalDiagnostic(prediction: Prediction, range: OffsetRange, sources: UnboundedSources = { own: true }): BimetalDiagnostic | undefined {
  if (prediction.bounded) return undefined;
  const { site, unpricedSite } = sources;
  // parts: what bounds the group's interval, each with its points and share of α; several where the interval is composed.
  const named: { text: string; points: number; parts: Part[]; none?: string }[] = [];
  const composed = prediction.calibrationParts.length > 0;
  const shell = prediction.calibrationParts.some((part) => part.role === 'environment');
  // A shell's group text ends on a clause (", widened by its bare core's …") that the verb must not run into.
  const ownText = (whose?: string) => `${calibrationGroupText(prediction, whose)}${shell ? ',' : ''}`;
  // A shell's environment group always holds points, so a composed interval with none lacks them in its bare core's groups.
  if (sources.own || (!site && unpricedSite === undefined)) {
    const parts = composed ? composedParts(prediction.calibrationParts) : [{ label: 'its group', points: prediction.calibrationPoints, share: 1, level: prediction.coverage }];
    named.push({ text: ownText(), points: prediction.calibrationPoints, parts, none: shell ? ' for its bare core' : '' });
  }
  // The site group is named with its model and how it reaches this interval: ΔE has a group of its own.
  if (site) {
    const interval = sources.swappedRoles === undefined ? 'ΔE interval' : `ΔE′ interval, with the roles swapped (${sources.swappedRoles}),`;
    named.push({ text: `${calibrationGroupText(site, `${site.model}'s `)} (whose ${interval} the ordering term ΔE_order spans)`, points: site.calibrationPoints, parts: [{ label: `${site.model}'s group`, points: site.calibrationPoints, share: 1, level: site.coverage }] });
  }
  const parts = named.flatMap((g) => g.parts);
  const causes: string[] = [];
  if (named.length > 0) {
    // A composed group's own list of parts ends on "and": a comma keeps the site group apart from its last part.
    const holdings = named.map((g) => `${g.text} holds ${g.points === 0 ? `no calibration points${g.none ?? ''}` : g.parts.length > 1 ? partsText(g.parts) : `${g.points} points`}`).join(parts.length > named.length ? ', and ' : ' and ');
    const shortfall = named.some((g) => g.points > 0)
      ? `, too few for ${coveragePercent(prediction.coverage)} coverage (${neededPoints(prediction.coverage, composed ? parts : [])})`
      : ' (no calibrated recipe is of its kind)';
    causes.push(`${holdings}${shortfall}`);
  }
  // No coverage bounds a cost nothing estimates; it is never negative, so only the upper end goes.
  if (unpricedSite !== undefined) causes.push(`${UNPRICED_SITE} (${unpricedSite})`);
  const lowerHelps = unpricedSite === undefined && named.every((g) => g.points > 0);
  // "A lower coverage" alone sent a reader down in steps: Au5Pd on an oxide stays unbounded at 80 %. The interval is
  // bounded where each part is, at its own share of α: the lowest of their highest coverages caps it.
  const cap = parts.length > 0 ? Math.min(...parts.map((part) => highestBoundedCoverage(part.points, part.share))) : undefined;
  const capText = cap !== undefined && cap < prediction.coverage ? `, though none above ${coveragePercent(cap)}` : '';
  const extent = unpricedSite !== undefined ? 'above at every coverage ' : lowerHelps ? '' : 'at every coverage ';
  const largeEnough = (site || unpricedSite !== undefined) && !sources.own ? `; ${ownText(`${prediction.model}'s own `)} is large enough` : '';
  const cause =
    `${causes.join(' and ')}, so the interval is unbounded ${extent}(${intervalText(prediction.lower, prediction.upper, 2)})${largeEnough}` +
    (lowerHelps ? `; a lower coverage (the bimetal.coverage setting, --coverage) may bound it${capText}` : '') +
    (unpricedSite !== undefined && named.length > 0 && named.every((g) => g.points > 0) ? '; a lower coverage (the bimetal.coverage setting, --coverage) may bound its lower end' : '');
  return { code: MODEL_CODES.unbounded, severity: 'information', message: `${unboundedNotePrefix(prediction.model)}${cause}`, range };
}

/** One group of an interval as BM405 names it: its points, how many parts of α its residuals take (share), and the coverage they are taken at, 1 − α/share. */
interface Part {
  label: string;
  points: number;
  share: number;
  level: number;
}

/**
 * The parts of a composed interval as it was composed of them (Prediction.calibrationParts), each
 * once: both elements may take one size group.
 */
function composedParts(parts: readonly CalibrationPart[]): Part[] {
  const whose = parts.some((part) => part.role === 'environment') ? "its bare core's " : 'its ';
  const label = ({ role, group }: CalibrationPart): string =>
    role === 'environment' ? 'its environment group' : role === 'core' ? `${whose}group` : role === 'mixing' ? `${whose}mixing group` : `${whose}size group "${group}"`;
  const named = parts.map((part) => ({ label: label(part), points: part.points, share: part.share, level: part.level }));
  return named.filter((part, i) => named.findIndex((p) => p.label === part.label) === i);
}

/** "20 points in its mixing group and 27 in its size group "small-3"". */
function partsText(parts: readonly Part[]): string {
  const each = parts.map((part, i) => `${part.points}${i === 0 ? ' points' : ''} in ${part.label}`);
  return each.length > 1 ? `${each.slice(0, -1).join(', ')} and ${each[each.length - 1]}` : each[0];
}

/**
 * How many points CV+ needs at `coverage`; where the interval is composed, in each of `parts` too
 * small for its share of α, at the level its residuals are taken at.
 */
function neededPoints(coverage: number, parts: readonly Part[]): string {
  const short = parts.filter((part) => part.points < minimumGroupSize(part.level));
  if (short.length === 0) return `CV+ needs at least ${minimumGroupSize(coverage)}`;
  const each = short.map(({ label, level }, i) => (i === 0 ? `at least ${minimumGroupSize(level)} points in ${label}, whose residuals the interval takes at ${coveragePercent(level)}` : `${minimumGroupSize(level)} in ${label}, at ${coveragePercent(level)}`));
  return `CV+ needs ${each.join(', and ')}`;
}

/**
 * The highest coverage at which `points` residuals taken at 1 − α/share bound a CV+ interval: both ranks
 * fit from α/share ≥ 1/(n + 1) on (conformal.ts lowerRank, upperRank).
 */
function highestBoundedCoverage(points: number, share: number): number {
  return 1 - share / (points + 1);
}

/** How BM405 names a stated site nothing prices (unboundedIntervalDiagnostic). */
const UNPRICED_SITE = 'the ordering term ΔE_order of the stated site, never negative, has no ΔE to price it';

/**
 * BM405 for an interval left unbounded whatever its calibration group holds: `cause` says why no
 * calibrated recipe is of its kind (more ligands than the surface can bind, which the environment
 * term counts as bound each).
 */
export function uncalibratedIntervalDiagnostic(prediction: Prediction, range: OffsetRange, cause: string): BimetalDiagnostic {
  const message = `${unboundedNotePrefix(prediction.model)}${cause}, so no calibrated recipe is of its kind and the interval is unbounded at every coverage (${intervalText(-Infinity, Infinity, 2)})`;
  return { code: MODEL_CODES.unbounded, severity: 'information', message, range };
}

/** How BM405 begins: the model whose interval it is about (E_form's note may name the site model's group too). */
function unboundedNotePrefix(model: string): string {
  return `${model}: `;
}

/**
 * The cause the first of `diagnostics` that is `model`'s BM405 gives for its unbounded interval (its
 * message without the model's name), or undefined without one. Read here, beside the writer, so
 * that the note's wording has one owner: the hover and --explain quote it rather than deciding the
 * cause again.
 */
export function unboundedCauseIn(diagnostics: readonly Pick<BimetalDiagnostic, 'code' | 'message'>[], model: string): string | undefined {
  const prefix = unboundedNotePrefix(model);
  return diagnostics.find((d) => d.code === MODEL_CODES.unbounded && d.message.startsWith(prefix))?.message.slice(prefix.length);
}

/**
 * The prediction's calibration group, after `whose` (e.g. "site-v2's "), else "the" where the name
 * needs an article; a composed interval's mixing and size groups; where the group serves several
 * rules or is composed, with the rule that placed the recipe there (`uncalibrated`: clusters smaller
 * than any calibrated one, small clusters of a far pair or with an element without a size law).
 */
export function calibrationGroupText(prediction: Prediction, whose = ''): string {
  const { calibrationGroup: group, calibrationRule: rule } = prediction;
  if (group === null) return `${whose || 'the '}pooled calibration set`;
  const parts = prediction.calibrationParts;
  const named = (role: CalibrationPart['role']) => parts.filter((part) => part.role === role).map((part) => `"${part.group}"`);
  const [mixing] = named('mixing');
  // Both elements may take one size group: it is named once.
  const bareGroups = `${mixing} for the mixing term with ${[...new Set(named('size'))].join(' and ')} for the size term`;
  const meaning = rule === null ? undefined : noveltyKeyMeaning(rule);
  const ruleText = rule === null ? '' : ` (${meaning ? `the rule for ${meaning}, ` : 'rule '}${rule})`;
  const [environment] = named('environment');
  // The rule that placed a shell or support is the environment group's, so it follows that group, not the bare core the sentence ends on.
  if (environment !== undefined) {
    return `${whose}calibration group ${environment} for the environment term${ruleText}, widened by its bare core's ${mixing === undefined ? named('core')[0] : bareGroups}`;
  }
  return `${whose}calibration group ${mixing === undefined ? `"${group}"` : bareGroups}${ruleText}`;
}

export function notFeaturisableDiagnostic(reason: string, range: OffsetRange): BimetalDiagnostic {
  return { code: MODEL_CODES.notFeaturisable, severity: 'warning', message: `No prediction: ${reason}`, range };
}
