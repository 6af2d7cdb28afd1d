/**
 * The messages of server/src/recipeDetail.ts, without its implementation: the client imports these
 * names and types, and must not bundle the featuriser and model runtime that answer them.
 */
import type { ScoreRecord } from '../../engine/src/scoreRecord';

/**
 * A stretch of a document as the protocol carries it (zero-based lines, UTF-16 characters): the
 * shape of LSP's Range, written here because the report layer imports nothing of the LSP.
 */
export interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export const MEMBER_LOCATION = 'bimetal/memberLocation';
export const RECIPE_DETAIL = 'bimetal/recipeDetail';

export interface MemberParams {
  uri: string;
  recipe: string;
}

export interface MemberLocation {
  /** The whole recipe block. */
  recipe: Range;
  /** Its name. */
  name: Range;
  /** For a family member: the host and dopant alternatives this member takes. */
  choices: Range[];
}

export interface AttributionShare {
  name: string;
  /** Feature columns the player sets. */
  columns: string[];
  /** Shapley value, eV/atom. */
  value: number;
}

export type AttributionDetail =
  | {
      available: true;
      /** The model's E_form on the baseline row and on the recipe's row, eV/atom. */
      baseline: number;
      prediction: number;
      shares: AttributionShare[];
      /** The ordering term (site model) the pipeline adds on top of the E_form model, eV/atom: not attributed. */
      ordering: number;
      /** What the baseline is, in words. */
      background: string;
    }
  | { available: false; reason: string };

export type CoreDetail =
  | {
      available: true;
      elements: string[];
      /** Å, flat x0, y0, z0, x1, … */
      positions: number[];
      labels: string[];
      bonds: Array<[number, number]>;
      origin: string;
    }
  | { available: false; reason: string };

export interface RecipeDetail {
  record: ScoreRecord;
  attribution: AttributionDetail;
  core: CoreDetail;
}

