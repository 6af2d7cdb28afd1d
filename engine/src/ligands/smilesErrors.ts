/**
 * Turns RDKit's captured log (`set_log_capture('rdApp.*')`) for a failed parse into one readable
 * reason and, when RDKit reports a position, a 0-based offset into the SMILES.
 *
 * RDKit writes lines such as
 *   [18:05:04] SMILES Parse Error: extra open parentheses while parsing: CC(C
 *   [18:05:04] SMILES Parse Error: check for mistakes around position 3:
 *   [18:05:04] CC(C
 *   [18:05:04] ~~^
 *   [18:05:04] SMILES Parse Error: Failed parsing SMILES 'CC(C' for input: 'CC(C'
 */
const TIMESTAMP = /^\[\d\d:\d\d:\d\d\]\s?/;
const PARSE_PREFIX = 'SMILES Parse Error: ';
const POSITION = /check for mistakes around position (\d+)/;

export function reasonFromRDKitLog(log: string, smiles: string): { reason: string; offset?: number } {
  const lines = log
    .split(/\r?\n/)
    .map((line) => line.replace(TIMESTAMP, '').trim())
    .filter((line) => line.length > 0);
  let offset: number | undefined;
  const reasons: string[] = [];
  for (const line of lines) {
    const position = POSITION.exec(line);
    if (position) {
      offset = Math.min(Math.max(Number(position[1]) - 1, 0), Math.max(smiles.length - 1, 0));
      continue;
    }
    // The echo of the input, the caret line and the final summary repeat what is already said.
    if (line === smiles || /^[~^ ]+$/.test(line) || line.startsWith(`${PARSE_PREFIX}Failed parsing SMILES`)) continue;
    const reason = line.startsWith(PARSE_PREFIX) ? line.slice(PARSE_PREFIX.length) : line;
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  const reason = reasons.length > 0 ? reasons.join('; ') : `RDKit could not parse SMILES '${smiles}'`;
  return offset === undefined ? { reason } : { reason, offset };
}
