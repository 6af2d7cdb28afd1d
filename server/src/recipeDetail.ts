/**
 * Requests behind the results panel's member reveal and recipe detail view:
 *   `bimetal/memberLocation` {uri, recipe} → the member's source ranges (its name, and the very
 *     host and dopant alternatives of a family that make this member), or null;
 *   `bimetal/recipeDetail` {uri, recipe} → its record as the editor shows it (calibrated while a
 *     calibration is active, with the `calibration` term: calibration/shown.ts), a per-descriptor
 *     attribution of the shipped model's E_form (exact Shapley values,
 *     engine/src/inference/attribution.ts) and its generated core in 3D.
 * `recipe` is a member name (`NAME[dopant=Fe,dopantCount=2]`). The document must be open (the
 * client opens it first), so the answers come from the server's current scores.
 */
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { featurize, type FeatureLigand } from '../../engine/src/features';
import { ligandKey } from '../../engine/src/descriptors/ligandKey';
import { FEATURE_NAMES, LIGAND_CLASS_COLUMNS, SUPPORT_COLUMNS } from '../../engine/src/features/schema';
import { isTemplateTopology } from '../../engine/src/geometry/magicSizes';
import { placeCore } from '../../engine/src/geometry/placeCore';
import { isGeometryError } from '../../engine/src/geometry/types';
import { attribute, columnMedians, type AttributionPlayer } from '../../engine/src/inference/attribution';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { ModelStage } from '../../pipeline/src/modelStage';
import type { ScoredMember } from '../../pipeline/src/index';
import { shownMember, type ActiveCalibration } from './calibration/shown';
import { answeringCancellation, untilCancelled } from './cancellation';
import type { AnalysedDocument, DocumentScores } from './documentModel';
import { toRange } from './ranges';
import { withCheckedParams, type RequiredFields } from './requestParams';
import { MEMBER_LOCATION, RECIPE_DETAIL, type AttributionDetail, type CoreDetail, type MemberLocation, type MemberParams, type RecipeDetail } from '../../report/src/recipeDetailProtocol';

export interface RecipeDetailDeps {
  document(uri: string): TextDocument | undefined;
  analyse(document: TextDocument): AnalysedDocument | Promise<AnalysedDocument>;
  score(document: TextDocument): Promise<DocumentScores>;
  /** The server's model runtime, the one scoring uses: the attribution runs its coalitions through it. */
  models(): ModelStage;
  coverage(): number;
  /** The calibration in force, if any: the record is shown through it, as hover, hints and lenses show it. */
  calibration(): ActiveCalibration | undefined;
}

/**
 * The players of the attribution: the first paper's 8-feature scheme (χ_env, Δχ, N_metal, ratio,
 * ΔM, H_mix, D, ΔR), each with the columns computed from it, plus the bond-centric ordering terms.
 * The element identities (host_*, dopant_* columns) are no player: a "median element" means
 * nothing, so they stay the recipe's own.
 */
const PLAYERS: ReadonlyArray<{ name: string; columns: readonly string[] }> = [
  {
    name: 'χ_env (environment)',
    columns: ['chi_env', 'phi', 'logp_mean', 'ligands_per_metal', 'ligands_per_surface_atom', ...LIGAND_CLASS_COLUMNS.map((c) => `ligand_frac_${c}`), ...SUPPORT_COLUMNS.map((s) => `support_${s}`)],
  },
  { name: 'Δχ', columns: ['delta_chi'] },
  { name: 'N_metal', columns: ['n_metal', 'log_n_metal', 'size_x'] },
  { name: 'ratio', columns: ['ratio', 'n_host', 'n_dopant', 'is_unary'] },
  { name: 'ΔM', columns: ['delta_m'] },
  { name: 'H_mix', columns: ['h_mix', 'miedema_mixing', 'h_mix_computed'] },
  { name: 'D', columns: ['distance', 'reduced_distance', 'has_geometry', 'core_fraction', 'mean_coordination'] },
  { name: 'ΔR', columns: ['delta_r', 'radius_mismatch'] },
  { name: 'ordering (bond-centric)', columns: ['bcm_excess', 'bcm_ordering', 'bcm_site'] },
];

const FEATURE_INDEX = new Map(FEATURE_NAMES.map((n, i) => [n, i]));
const ATTRIBUTION_PLAYERS: AttributionPlayer[] = PLAYERS.map((p) => ({
  name: p.name,
  columns: p.columns.map((c) => {
    const i = FEATURE_INDEX.get(c);
    if (i === undefined) throw new Error(`attribution player ${p.name}: no feature column ${c}`);
    return i;
  }),
}));

/** Background rows for the baseline: enough for stable medians, few enough to featurise at once. */
const MAX_BACKGROUND = 256;
/** The rebuilt feature row must reproduce the scored prediction to this (eV/atom), else no attribution. */
const REPRODUCTION_TOLERANCE = 1e-4;

export function registerRecipeDetail(connection: Connection, deps: RecipeDetailDeps): void {
  connection.onRequest(MEMBER_LOCATION, withCheckedParams(MEMBER_LOCATION, MEMBER_FIELDS, answeringCancellation(async (p: MemberParams): Promise<MemberLocation | null> => {
    const document = deps.document(p.uri);
    if (!document) return null;
    const analysed = await deps.analyse(document);
    const spec = analysed.members.find((m) => m.name === p.recipe);
    return spec?.ranges ? memberLocation(analysed.document, spec) : null;
  })));

  connection.onRequest(RECIPE_DETAIL, withCheckedParams(RECIPE_DETAIL, MEMBER_FIELDS, answeringCancellation(async (p: MemberParams, token: CancellationToken): Promise<RecipeDetail | null> => {
    const document = deps.document(p.uri);
    if (!document) return null;
    const scores = await untilCancelled(deps.score(document), token);
    const member = scores.members.find((m) => m.spec.name === p.recipe);
    if (!member) return null;
    // The record carries the recipe's `energy` label and its residual (toScoreRecord, RecordCalibrator.apply).
    const record = shownMember(member, deps.calibration()).record;
    return { record, attribution: await attribution(member, scores.members, deps.models(), deps.coverage()), core: core(member.spec) };
  })));
}

/** Both requests name a member by its document and its name. */
const MEMBER_FIELDS: RequiredFields<MemberParams> = { uri: 'string', recipe: 'string' };

function memberLocation(document: TextDocument, spec: RecipeSpec): MemberLocation | null {
  const ranges = spec.ranges;
  if (!ranges) return null;
  // Only the slots the family varies are named in the member (`NAME[host=…,dopant=…,…]`).
  const varying = new Set((/\[(.*)\]$/.exec(spec.name)?.[1] ?? '').split(',').map((part) => part.slice(0, part.indexOf('='))));
  const choices = (['host', 'dopant'] as const).flatMap((slot) => (varying.has(slot) && ranges[slot] ? [ranges[slot]] : []));
  return { recipe: toRange(document, ranges.recipe), name: toRange(document, ranges.name), choices: choices.map((r) => toRange(document, r)) };
}

/**
 * The member's feature row, rebuilt from the descriptors it was scored with. The features need of
 * each ligand only its binding atoms (the class comes from the built-in library): they are the
 * recipe's `binds` (the grammar fills them in for built-in ligands).
 */
function featureRow(member: ScoredMember): Float32Array | string {
  const ligands = new Map<string, FeatureLigand>();
  for (const use of member.spec.ligands) {
    if (use.binds) ligands.set(ligandKey(use), { canonicalSmiles: use.smiles ?? '', logP: { value: use.logP ?? 0, method: 'recipe' }, bindingAtoms: use.binds });
  }
  const result = featurize(member.spec, { ligands, descriptors: member.descriptors });
  return 'error' in result ? result.error : result.values;
}

async function attribution(member: ScoredMember, all: readonly ScoredMember[], stage: ModelStage, coverage: number): Promise<AttributionDetail> {
  if (!member.prediction) return { available: false, reason: 'the recipe has no E_form prediction' };
  const row = featureRow(member);
  if (typeof row === 'string') return { available: false, reason: `its features could not be rebuilt: ${row}` };

  const step = Math.max(1, Math.ceil(all.length / MAX_BACKGROUND));
  const background: Float32Array[] = [];
  for (let i = 0; i < all.length; i += step) {
    const r = featureRow(all[i]);
    if (typeof r !== 'string') background.push(r);
  }
  if (background.length < 2) {
    return { available: false, reason: 'the attribution compares a recipe with the others in its file, and this file has no other recipe to compare with' };
  }
  const cols = row.length;
  const stacked = new Float32Array(background.length * cols);
  background.forEach((r, i) => stacked.set(r, i * cols));
  const baseline = columnMedians(stacked, background.length, cols);

  const state = await stage.load();
  if (!state.ok) return { available: false, reason: `the model did not load: ${state.error instanceof Error ? state.error.message : String(state.error)}` };
  const runtime = state.runtime;
  const result = await attribute(
    async (rows, count) => (await runtime.predictEForm({ data: rows, rows: count, cols }, { coverage })).map((p) => p.point),
    row,
    baseline,
    ATTRIBUTION_PLAYERS,
  );
  // The pipeline adds the ordering term (from the site model) after the E_form model: it is not the E_form model's to explain.
  const ordering = member.prediction.terms.find((t) => t.key === 'ordering')?.value ?? 0;
  const explained = member.prediction.point - ordering;
  // Declared ligands are featurised here without their RDKit facts: say so rather than explain another number.
  if (Math.abs(result.prediction - explained) > REPRODUCTION_TOLERANCE) {
    return { available: false, reason: `its feature row could not be rebuilt exactly (model gives ${result.prediction.toFixed(4)}, scored ${explained.toFixed(4)} eV/atom)` };
  }
  return {
    available: true,
    baseline: result.baseline,
    prediction: result.prediction,
    shares: PLAYERS.map((p, i) => ({ name: p.name, columns: [...p.columns], value: result.values[i] })),
    ordering,
    background: `the column-wise median of ${background.length} recipe${background.length === 1 ? '' : 's'} of this file (element identities kept)`,
  };
}

function core(spec: RecipeSpec): CoreDetail {
  const topology = spec.topology?.name;
  if (spec.structure !== undefined) return { available: false, reason: 'the core comes from a structure file, which this view does not draw' };
  if (topology === undefined || !isTemplateTopology(topology)) return { available: false, reason: 'the recipe has no core template (topology none), so there is no generated core to draw' };
  const geometry = placeCore({ topology, shells: spec.topology?.shells, host: spec.host.element, dopant: spec.dopant.element, nHost: spec.host.count, nDopant: spec.dopant.count, site: spec.site });
  if (isGeometryError(geometry)) return { available: false, reason: geometry.error };
  return {
    available: true,
    elements: geometry.elements,
    positions: Array.from(geometry.positions),
    labels: [...geometry.labels],
    bonds: geometry.bonds.map(([i, j]) => [i, j]),
    origin: geometry.origin,
  };
}
