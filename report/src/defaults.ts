/**
 * The scoring defaults, in one place every layer may import (the grammar's family limit, the
 * engine's φ threshold, the scorer's coverage, the command line's option defaults, and the editor's
 * settings): the extension client reads settings too, and must not bundle the analysis code.
 * package.json's contributed defaults are kept equal to these by test/server/settings.test.ts.
 */

/** LANGUAGE.md §4: 90 % intervals, the coverage the second paper reports its CV+ intervals at. */
export const DEFAULT_COVERAGE = 0.9;

/** The first paper's reading: φ ≥ −0.3 is potentially synthesizable (SCIENCE.md §1). */
export const DEFAULT_PHI_THRESHOLD = -0.3;

/** LANGUAGE.md §3.4: the largest family one recipe may expand to. */
export const DEFAULT_MAX_FAMILY_SIZE = 100_000;
