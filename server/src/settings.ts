/**
 * The `bimetal.*` settings the server honours (declared in package.json `contributes.configuration`).
 * Clients without `workspace/configuration` (most terminal editors) pass them in
 * `initializationOptions.settings` instead.
 */
export interface BimetalSettings {
  coverage: number;
  phiThreshold: number;
  maxFamilySize: number;
  inlayHintsEnabled: boolean;
  codeLensEnabled: boolean;
}

/**
 * The scoring defaults are the pipeline's (DEFAULT_COVERAGE, DEFAULT_PHI_THRESHOLD,
 * DEFAULT_MAX_FAMILY_SIZE), written out rather than imported: the extension client reads settings
 * too, and must not bundle the grammar and engine those constants live in. A test keeps them, and
 * package.json's contributed defaults, equal.
 */
export const DEFAULT_SETTINGS: BimetalSettings = {
  coverage: 0.9,
  phiThreshold: -0.3,
  maxFamilySize: 100_000,
  inlayHintsEnabled: true,
  codeLensEnabled: true,
};

/** The raw shape under the `bimetal` section, as VS Code returns it (dotted keys nest). */
export interface RawBimetalSection {
  coverage?: unknown;
  phiThreshold?: unknown;
  maxFamilySize?: unknown;
  inlayHints?: { enabled?: unknown };
  codeLens?: { enabled?: unknown };
}

function numberIn(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

function booleanOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** Reads a client-supplied section defensively: a bad value falls back to the default instead of breaking scoring. */
export function readSettings(raw: RawBimetalSection | null | undefined): BimetalSettings {
  const section = raw ?? {};
  return {
    coverage: numberIn(section.coverage, 0.5, 0.99, DEFAULT_SETTINGS.coverage),
    phiThreshold: numberIn(section.phiThreshold, -10, 10, DEFAULT_SETTINGS.phiThreshold),
    maxFamilySize: Math.floor(numberIn(section.maxFamilySize, 1, 100_000_000, DEFAULT_SETTINGS.maxFamilySize)),
    inlayHintsEnabled: booleanOr(section.inlayHints?.enabled, DEFAULT_SETTINGS.inlayHintsEnabled),
    codeLensEnabled: booleanOr(section.codeLens?.enabled, DEFAULT_SETTINGS.codeLensEnabled),
  };
}

/** True when the change requires new predictions (the scorer is built for one coverage/threshold). */
export function scoringSettingsChanged(a: BimetalSettings, b: BimetalSettings): boolean {
  return a.coverage !== b.coverage || a.phiThreshold !== b.phiThreshold || a.maxFamilySize !== b.maxFamilySize;
}
