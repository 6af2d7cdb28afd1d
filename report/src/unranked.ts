/**
 * Why unlabelled recipes are missing from a suggestion: an unbounded E_form interval has no lower
 * bound or width to rank by. Shared by `bimetal suggest` and the editor's Suggest Next Candidates;
 * each names how to lower the coverage in its own terms (`a lower --coverage`, `a lower
 * bimetal.coverage setting`). A lower coverage bounds only a recipe whose calibration group holds
 * some points and whose kind some points measure (BM405 says which: a group that holds none, or more
 * ligands than the surface can bind, is unbounded at every coverage).
 */
import { coveragePercent } from './numbers';

export function unrankedText(unbounded: number, coverage: number, lowerCoverage: string): string {
  return (
    `${unbounded} unlabelled recipe${unbounded === 1 ? ' has' : 's have'} an unbounded E_form interval at ${coveragePercent(coverage)} coverage ` +
    `(BM405 says why: too few calibration points in its group, or none of its kind) and cannot be ranked; ${lowerCoverage} may bound those that BM405 does not call unbounded at every coverage`
  );
}
