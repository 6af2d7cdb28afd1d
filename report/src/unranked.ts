/**
 * Why unlabelled recipes are missing from a suggestion: an unbounded E_form interval has no lower
 * bound or width to rank by. Shared by `bimetal suggest` and the editor's Suggest Next Candidates;
 * each adds how to lower the coverage in its own terms (`--coverage`, the `bimetal.coverage` setting).
 */
import { coveragePercent } from './numbers';

export function unrankedText(unbounded: number, coverage: number): string {
  return (
    `${unbounded} unlabelled recipe${unbounded === 1 ? ' has' : 's have'} an unbounded E_form interval at ${coveragePercent(coverage)} coverage ` +
    '(BM405: too few calibration points for it) and cannot be ranked'
  );
}
