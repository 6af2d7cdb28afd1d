import type { RecipeSpec } from '../recipe';
import { accessibility, reducedDistance } from './accessibility';
import { chiEnv, hasEnvironment } from './environment';
import { distance } from './distance';
import { ligandLogP } from './logP';
import { deltaChi, deltaM, deltaR, hMix, nMetal, ratio } from './pairDescriptors';
import type { DescriptorContext, DescriptorSet } from './types';

/**
 * Every descriptor of one expanded recipe, each with its inputs, source and definition
 * (SCIENCE.md §1). Never throws: a missing input makes that descriptor null and says why.
 */
export function computeDescriptors(spec: RecipeSpec, context: DescriptorContext): DescriptorSet {
  const env = chiEnv(spec, context.ligands);
  const dR = deltaR(spec);
  const D = distance(spec, context.geometry);
  const reduced = reducedDistance(D, dR);
  return {
    recipe: spec.name,
    chiEnv: env,
    deltaChi: deltaChi(spec),
    nMetal: nMetal(spec),
    ratio: ratio(spec),
    deltaM: deltaM(spec),
    hMix: hMix(spec),
    distance: D,
    deltaR: dR,
    reducedDistance: reduced,
    phi: accessibility(reduced, env, context.phiThreshold, hasEnvironment(spec)),
    logP: ligandLogP(spec, context.ligands),
  };
}
