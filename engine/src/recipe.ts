/**
 * A single, fully expanded recipe: what the engine computes descriptors and predictions for.
 *
 * The grammar's family expander produces these from the AST; `bimetal featurize` reads them as
 * JSONL, so training and the editor share one input format. Plain data only (JSON-serialisable).
 *
 * The words a recipe may use for its core template, dopant site and support are listed here once:
 * the grammar validates and completes against these lists, and the featuriser encodes them.
 */
import { TEMPLATE_TOPOLOGIES } from './geometry/magicSizes';

export const TOPOLOGY_NAMES = [...TEMPLATE_TOPOLOGIES, 'none'] as const;
export const SITE_NAMES = ['core', 'surface', 'mixed'] as const;
export const SUPPORT_KINDS = ['zeolite', 'nc', 'oxide', 'nitride', 'mof', 'none'] as const;

export type TopologyName = (typeof TOPOLOGY_NAMES)[number];
export type SiteName = (typeof SITE_NAMES)[number];
export type SupportKind = (typeof SUPPORT_KINDS)[number];

/** Half-open character offsets [start, end) into the source document. */
export interface OffsetRange {
  start: number;
  end: number;
}

export interface LigandUse {
  /** Declared or built-in ligand name; undefined for an inline "SMILES" use. */
  name?: string;
  /** SMILES of the ligand (resolved from the declaration or the built-in library, or inline). */
  smiles?: string;
  /** Binding atom symbols from `binds`, if the declaration gave them (else inferred by the engine). */
  binds?: string[];
  /** logP override from the declaration, if any. */
  logP?: number;
  count: number;
}

export interface RecipeSpec {
  /** Member name: the recipe name, or `NAME[dopant=Fe,dopantCount=2]` for a family member. */
  name: string;
  /** Name of the recipe block this member came from (same as `name` for non-families). */
  recipe: string;
  host: { element: string; count: number };
  dopant: { element: string; count: number };
  topology?: { name: TopologyName; shells?: number };
  site: SiteName;
  ligands: LigandUse[];
  support?: { kind: SupportKind; name?: string };
  /** Metal–metal distance override, Å. */
  distance?: number;
  charge: number;
  /** Reference E_form from the recipe (`energy … eV`), if given. */
  energy?: number;
  /** Reference ΔE = E(core) − E(surface) from the recipe (`siteEnergy … eV`), if given. */
  siteEnergy?: number;
  note?: string;
  /**
   * The ligands bind the dopant's own surface site, so the dopant carries one for certain and the
   * featuriser's `ligand_coverage` θ is 1 whatever the count: a slab with one adsorbate on the dopant
   * (the eseg-ads-ligand rows of training/build_data.py). Not written in the language, where θ is the
   * share of the core's surface sites the ligands bind.
   */
  ligandOnDopant?: boolean;
  /** `structure "file.xyz"`: the path as written; the structure stage resolves it against the recipe file's folder. */
  structure?: string;
  /** Where the parts came from in the source, so engine errors can be ranged. */
  ranges?: {
    recipe: OffsetRange;
    name: OffsetRange;
    host?: OffsetRange;
    dopant?: OffsetRange;
    /** The `site` property, when written. */
    site?: OffsetRange;
    ligands?: OffsetRange[];
    structure?: OffsetRange;
    energy?: OffsetRange;
    siteEnergy?: OffsetRange;
  };
}
