import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import { domainDiagnostic, unboundedIntervalDiagnostic } from '../../engine/src/inference/diagnostics';
import type { Prediction } from '../../engine/src/inference/runtime';
import type { OffsetRange, RecipeSpec } from '../../engine/src/recipe';
import type { Finding } from './findings';
import type { MemberAnalysis } from './memberAnalysis';
import type { Predictor } from './modelStage';
import { orderingTerm, withTerm } from './orderingTerm';
import { noSiteReason } from './siteCall';

/**
 * Runs the models over every member that has features and no prediction yet, in one batch per
 * model (onnxruntime's cost is per call, not per row), then adds the ordering term, which needs
 * both predictions. Failures of the site model leave `site` null and are returned once, for the
 * document-level diagnostic.
 */
export async function predictMembers(
  runtime: Predictor,
  pending: ReadonlyArray<{ spec: RecipeSpec; analysis: MemberAnalysis }>,
  coverage: number,
): Promise<{ siteFailure?: unknown }> {
  const withFeatures = pending.filter((m) => m.analysis.features !== null);
  if (withFeatures.length > 0) {
    const eForm = await runtime.predictEForm(withFeatures.map((m) => m.analysis.features as Float32Array), { coverage });
    withFeatures.forEach((m, i) => {
      m.analysis.prediction = eForm[i];
      m.analysis.findings.push(...predictionFindings(eForm[i]));
    });
  }
  let siteFailure: unknown;
  const siteMembers = withFeatures.filter((m) => noSiteReason(m.spec) === undefined);
  if (siteMembers.length > 0) {
    try {
      const site = await runtime.predictSite(siteMembers.map((m) => m.analysis.features as Float32Array), { coverage });
      siteMembers.forEach((m, i) => {
        m.analysis.site = site[i];
        m.analysis.findings.push(...predictionFindings(site[i]));
      });
    } catch (error) {
      siteFailure = error;
    }
  }
  for (const { spec, analysis } of withFeatures) {
    if (analysis.prediction) analysis.prediction = withTerm(analysis.prediction, orderingTerm(spec, analysis.site, noSiteReason(spec)));
  }
  for (const m of pending) m.analysis.predicted = true;
  return { siteFailure };
}

/** Domain and interval notes of one prediction, as position-free findings anchored on the recipe name. */
function predictionFindings(prediction: Prediction): Finding[] {
  const placeholder: OffsetRange = { start: 0, end: 0 };
  return [domainDiagnostic(prediction, placeholder), unboundedIntervalDiagnostic(prediction, placeholder)]
    .filter((d): d is BimetalDiagnostic => d !== undefined)
    .map(({ code, severity, message, data }) => ({ code, severity, message, anchor: 'name', ...(data ? { data } : {}) }));
}
