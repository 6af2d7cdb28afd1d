import { DEFAULT_COVERAGE, DEFAULT_MAX_FAMILY_SIZE, DEFAULT_PHI_THRESHOLD } from './defaults';

/**
 * The `bimetal.*` settings the server and the extension client honour (declared in package.json `contributes.configuration`).
 * Clients pass them in `initializationOptions.settings` (the base), in answers to
 * `workspace/configuration`, or in `workspace/didChangeConfiguration` (both override the base).
 */
export interface BimetalSettings {
  coverage: number;
  phiThreshold: number;
  maxFamilySize: number;
  inlayHintsEnabled: boolean;
  codeLensEnabled: boolean;
  /** Calibrate on the workspace's labelled recipes (only ever in a trusted workspace). */
  calibrationEnabled: boolean;
}

/** The scoring defaults are the ones every layer imports (defaults.ts); a test keeps package.json's equal. */
export const DEFAULT_SETTINGS: BimetalSettings = {
  coverage: DEFAULT_COVERAGE,
  phiThreshold: DEFAULT_PHI_THRESHOLD,
  maxFamilySize: DEFAULT_MAX_FAMILY_SIZE,
  inlayHintsEnabled: true,
  codeLensEnabled: true,
  calibrationEnabled: true,
};

/** The raw shape under the `bimetal` section, as VS Code returns it (dotted keys nest). */
export interface RawBimetalSection {
  coverage?: unknown;
  phiThreshold?: unknown;
  maxFamilySize?: unknown;
  inlayHints?: { enabled?: unknown };
  codeLens?: { enabled?: unknown };
  calibration?: { enabled?: unknown };
}

function numberIn(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

function booleanOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** The values each numeric setting may take, inclusive; package.json declares the same (the Settings editor flags others). */
export const SETTING_BOUNDS = {
  coverage: [0.5, 0.99],
  phiThreshold: [-10, 10],
  maxFamilySize: [1, 100_000_000],
} as const satisfies Record<string, readonly [number, number]>;

/** Reads a client-supplied section defensively: a bad value falls back to the default instead of breaking scoring. */
export function readSettings(raw: RawBimetalSection | null | undefined): BimetalSettings {
  return overrideSettings(DEFAULT_SETTINGS, raw);
}

/**
 * `base` with each valid value of `raw` put in its place. A missing section (a `null` answer to
 * `workspace/configuration`, as eglot and Neovim give when the user set nothing there), a missing
 * key or a bad value keeps the base, so settings passed at initialisation survive a client that
 * pulls nothing.
 */
export function overrideSettings(base: BimetalSettings, raw: RawBimetalSection | null | undefined): BimetalSettings {
  const section: RawBimetalSection = raw !== null && typeof raw === 'object' ? raw : {};
  return {
    coverage: numberIn(section.coverage, ...SETTING_BOUNDS.coverage, base.coverage),
    phiThreshold: numberIn(section.phiThreshold, ...SETTING_BOUNDS.phiThreshold, base.phiThreshold),
    maxFamilySize: Math.floor(numberIn(section.maxFamilySize, ...SETTING_BOUNDS.maxFamilySize, base.maxFamilySize)),
    inlayHintsEnabled: booleanOr(section.inlayHints?.enabled, base.inlayHintsEnabled),
    codeLensEnabled: booleanOr(section.codeLens?.enabled, base.codeLensEnabled),
    calibrationEnabled: booleanOr(section.calibration?.enabled, base.calibrationEnabled),
  };
}

/** True when the change requires new predictions (the scorer is built for one coverage/threshold). */
export function scoringSettingsChanged(a: BimetalSettings, b: BimetalSettings): boolean {
  return a.coverage !== b.coverage || a.phiThreshold !== b.phiThreshold || a.maxFamilySize !== b.maxFamilySize;
}
