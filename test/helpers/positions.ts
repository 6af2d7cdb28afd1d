/** Keys of the grammar's trees, diagnostics and members that hold positions (offsets, ranges) rather than meaning. */
const POSITION_KEYS = new Set(['start', 'end', 'range', 'ranges', 'openBrace', 'closeBrace', 'insertAt', 'removeRange', 'declaration']);

/** `value` without its positions: what must survive an edit that moves text (formatting, a rename). */
export function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (!POSITION_KEYS.has(key)) out[key] = withoutPositions(v);
    return out;
  }
  return value;
}
