/**
 * Why unlabelled recipes are missing from a suggestion: an unbounded E_form interval has no lower
 * bound or width to rank by. Shared by `bimetal suggest` and the editor's Suggest Next Candidates;
 * each names how to lower the coverage in its own terms (`a lower --coverage`, `a lower
 * bimetal.coverage setting`). A lower coverage bounds only a recipe whose calibration group holds
 * some points (a group that holds none bounds nothing: BM405 says which, and how many each holds).
 */
import { coveragePercent } from './numbers';

export function unrankedText(unbounded: number, coverage: number, lowerCoverage: string): string {
  return (
    `${unbounded} unlabelled recipe${unbounded === 1 ? ' has' : 's have'} an unbounded E_form interval at ${coveragePercent(coverage)} coverage ` +
    `(BM405: too few calibration points for it) and cannot be ranked; ${lowerCoverage} may bound those whose calibration group holds points (BM405 says how many)`
  );
}
