/**
 * Shrinks a failing input while it still fails the same way (delta debugging over lines, then
 * characters), so a saved regression fixture shows the few characters that matter.
 */
export async function minimise(text: string, stillFails: (candidate: string) => Promise<boolean>, budget = 2000): Promise<string> {
  let current = text;
  let tries = 0;
  for (const unit of ['line', 'char'] as const) {
    let parts = unit === 'line' ? current.split(/(?<=\n)/) : [...current];
    let chunk = Math.max(1, Math.floor(parts.length / 2));
    while (chunk >= 1 && tries < budget) {
      let removed = false;
      for (let start = 0; start < parts.length && tries < budget; ) {
        const candidate = [...parts.slice(0, start), ...parts.slice(start + chunk)];
        tries++;
        if (candidate.length < parts.length && (await stillFails(candidate.join('')))) {
          parts = candidate;
          removed = true;
        } else start += chunk;
      }
      if (!removed) chunk = Math.floor(chunk / 2);
    }
    current = parts.join('');
  }
  return current;
}
