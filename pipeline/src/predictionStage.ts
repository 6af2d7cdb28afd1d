import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import { domainDiagnostic, uncalibratedIntervalDiagnostic, unboundedIntervalDiagnostic, type UnboundedSources } from '../../engine/src/inference/diagnostics';
import type { Prediction } from '../../engine/src/inference/runtime';
import type { OffsetRange, RecipeSpec } from '../../engine/src/recipe';
import { overcrowding, referenceFinding, type Finding } from './findings';
import type { MemberAnalysis } from './memberAnalysis';
import type { Predictor } from './modelStage';
import { ordering, withOrdering } from './orderingTerm';
import { noSiteReason, swappedRolesText, swappedSite } from './siteCall';

/**
 * Rows per model call. onnxruntime's cost is mostly per call, so batches stay large; but building
 * and handing over the feature matrix of a 100,000-member family at once would hold the caller's
 * event loop for seconds, and a language server must keep answering meanwhile.
 */
const BATCH_ROWS = 4096;

type Pending = { spec: RecipeSpec; analysis: MemberAnalysis };

async function inBatches(rows: readonly Float32Array[], predict: (features: Float32Array[]) => Promise<Prediction[]>): Promise<Prediction[]> {
  const predictions: Prediction[] = [];
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    for (const p of await predict(rows.slice(start, start + BATCH_ROWS))) predictions.push(p);
  }
  return predictions;
}

const featuresOf = (m: Pending) => m.analysis.features as Float32Array;

/** A majority dopant's site call with the roles swapped, to be made (`features`) or not (`none`: why). */
type Swap = { member: Pending; spec: RecipeSpec; features: Float32Array } | { member: Pending; none: string };

/**
 * The site calls with the roles swapped that price a majority dopant's stated site (siteCall.ts
 * swappedSite): only for members that state one, and whose structure file (if any) does not place
 * the dopant itself, so a batch of other recipes featurises nothing more.
 */
function swaps(members: readonly Pending[]): Swap[] {
  const out: Swap[] = [];
  for (const member of members) {
    const swapped = member.analysis.filePlacesDopant ? undefined : swappedSite(member.spec);
    if (!swapped) continue;
    if ('none' in swapped) {
      out.push({ member, none: swapped.none });
      continue;
    }
    const features = member.analysis.featuresOf(swapped.spec);
    out.push(features instanceof Float32Array ? { member, spec: swapped.spec, features } : { member, none: `the dopant is the majority, and with the roles swapped the recipe has no features: ${features.error}` });
  }
  return out;
}

/**
 * Runs the models over every member that has features and no prediction yet, in large batches
 * (BATCH_ROWS), then adds the ordering term, which needs both predictions. Both models are asked
 * at once: on the inference worker that saves a round trip per chunk (about a third of a
 * 256-member chunk's time). Their results are taken in E_form first, so findings keep their order.
 * The site calls with the roles swapped (a majority dopant's stated site) go in the site model's
 * batches after the members' own; they price the ordering term alone, and the member's `site` stays
 * null (its dopant has no core/surface call of its own).
 * Failures of the site model leave `site` null and are returned once, for the document-level diagnostic.
 */
export async function predictMembers(runtime: Predictor, pending: readonly Pending[], coverage: number): Promise<{ siteFailure?: unknown }> {
  const withFeatures = pending.filter((m) => m.analysis.features !== null);
  const siteMembers = withFeatures.filter((m) => noSiteReason(m.spec) === undefined);
  const swapped = swaps(withFeatures);
  const asked = swapped.filter((s) => 'features' in s);
  const [eform, site] = await Promise.all([
    inBatches(withFeatures.map(featuresOf), (features) => runtime.predictEForm(features, { coverage })),
    inBatches(siteMembers.map(featuresOf).concat(asked.map((s) => s.features)), (features) => runtime.predictSite(features, { coverage })).then(
      (predictions) => ({ predictions }),
      (failure: unknown) => ({ failure }),
    ),
  ]);
  const sites = 'predictions' in site ? site.predictions : undefined;
  if (sites) siteMembers.forEach(({ analysis }, i) => (analysis.site = sites[i]));
  if (sites) {
    asked.forEach(({ member: { analysis }, spec }, i) => {
      analysis.swappedSite = { spec, site: sites[siteMembers.length + i], fileCoreSites: analysis.fileCoreSites, descriptors: () => analysis.descriptorRecordOf(spec) };
    });
  }
  const unswapped = new Map(swapped.map((s) => [s.member.analysis, 'none' in s ? s.none : 'the dopant is the majority, and the site model gave no prediction with the roles swapped']));
  // The ordering term goes in before E_form's findings: it widens the interval, up to unbounded (BM405).
  withFeatures.forEach(({ spec, analysis }, i) => {
    const swap = analysis.swappedSite ?? undefined;
    const orderingTerm = ordering(spec, analysis.site, unswapped.get(analysis) ?? noSiteReason(spec), analysis.filePlacesDopant, analysis.fileCoreSites, swap);
    const pricing = analysis.site ?? swap?.site;
    // Only a stated site that no call prices leaves the term's upper end open (ordering). The reason alone, not the
    // term's source: BM405 wrapped that as "has no ΔE to price it (no site prediction (…): ΔE_order is 0 and unknown)".
    analysis.unpricedSite = orderingTerm.unpriced;
    const crowded = overcrowding(spec);
    if (crowded) {
      // The environment term counts every ligand as bound, so beyond what the surface can bind (BM413) it grows without
      // limit (10,000 PET on Au12Pt: −1,465 eV/atom), and the six published clusters its residuals come from say nothing there.
      analysis.prediction = { ...withOrdering(eform[i], orderingTerm), lower: -Infinity, upper: Infinity, bounded: false };
      const cause = `${crowded.said} (BM413), and the environment term counts each as bound`;
      analysis.findings.push(...predictionFindings(analysis.prediction, { own: true }, cause));
    } else {
      analysis.prediction = withOrdering(eform[i], orderingTerm);
      // An infinite end of the term comes from the site interval, or from a stated site nothing prices: BM405 then names that, not E_form's group alone.
      const termBounded = Number.isFinite(orderingTerm.lower) && Number.isFinite(orderingTerm.upper);
      const carried = termBounded ? undefined : pricing;
      const swappedRoles = carried && !analysis.site && swap ? swappedRolesText(swap.spec) : undefined;
      analysis.findings.push(...predictionFindings(analysis.prediction, { own: !eform[i].bounded, site: carried, swappedRoles, unpricedSite: analysis.unpricedSite }));
    }
  });
  if (sites) siteMembers.forEach(({ analysis }, i) => analysis.findings.push(...predictionFindings(sites[i])));
  // Out of its domain, the swapped call is flagged as the member's own call would be (BM404), named as what it is.
  for (const { member: { analysis } } of asked) {
    if (!analysis.swappedSite) continue;
    const { spec, site: estimate } = analysis.swappedSite;
    const domain = domainDiagnostic(estimate, { start: 0, end: 0 }, `${estimate.model} prediction with the roles swapped (${swappedRolesText(spec)}), which prices the stated site,`);
    if (domain) analysis.findings.push(finding(domain));
  }
  for (const { spec, analysis } of withFeatures) {
    const reference = referenceFinding(spec, analysis.prediction);
    if (reference) analysis.findings.push(reference);
  }
  for (const { analysis } of pending) {
    analysis.predicted = true;
    // Nothing reads a member's features once it is predicted, and an editor keeps every scored member.
    analysis.features = null;
  }
  return { siteFailure: 'failure' in site ? site.failure : undefined };
}

/**
 * Domain and interval notes of one prediction, as position-free findings anchored on the recipe
 * name; `unbounded` as for BM405, or `uncalibrated`: why no calibration group's points apply at all.
 */
function predictionFindings(prediction: Prediction, unbounded?: UnboundedSources, uncalibrated?: string): Finding[] {
  const placeholder: OffsetRange = { start: 0, end: 0 };
  const interval = uncalibrated === undefined ? unboundedIntervalDiagnostic(prediction, placeholder, unbounded) : uncalibratedIntervalDiagnostic(prediction, placeholder, uncalibrated);
  return [domainDiagnostic(prediction, placeholder), interval].filter((d): d is BimetalDiagnostic => d !== undefined).map(finding);
}

/** A diagnostic as a position-free finding anchored on the recipe name. */
function finding({ code, severity, message, data }: BimetalDiagnostic): Finding {
  return { code, severity, message, anchor: 'name', ...(data ? { data } : {}) };
}
