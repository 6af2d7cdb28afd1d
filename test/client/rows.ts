/** Test helpers: the webview's row store for a list of records, built through the real message protocol. */
import { dataMessages, RowStore, type BeginMessage, type DataMessage } from '../../client/src/results/columnar';
import type { ScoreRecord } from '../../engine/src/scoreRecord';

export const RUN = { runId: 'run-1', scope: 'workspace', scoredAt: '2026-01-02T03:04:05.000Z', phiThreshold: -0.3 };

export function storeOf(records: readonly ScoreRecord[], chunkRows?: number): RowStore {
  const messages = dataMessages(RUN, records, chunkRows);
  const store = new RowStore(messages[0] as BeginMessage);
  for (const m of messages) if (m.type === 'rows') assert(store.append(m));
  return store;
}

export function allRows(store: RowStore): Uint32Array {
  return Uint32Array.from({ length: store.length }, (_, i) => i);
}

/**
 * A message as JavaScript source (typed arrays as constructors, NaN as NaN), so a test page can
 * post it to the webview exactly as the extension would, typed arrays included.
 */
export function messageSource(message: DataMessage | object): string {
  const encode = (value: unknown): string => {
    if (ArrayBuffer.isView(value)) return `new ${value.constructor.name}([${Array.from(value as unknown as ArrayLike<number>).join(',')}])`;
    if (Array.isArray(value)) return `[${value.map(encode).join(',')}]`;
    if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
    if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${encode(v)}`).join(',')}}`;
    return JSON.stringify(value) ?? 'undefined';
  };
  return encode(message);
}

function assert(ok: boolean): void {
  if (!ok) throw new Error('a chunk was refused');
}

/**
 * `r` as a bare core (no ligands, no support), as the scorer writes one: χ_env = 0 by definition,
 * so the record keeps φ = 0 (the model reads it) with the verdict `undefined`.
 */
export function bareCore(r: ScoreRecord): ScoreRecord {
  return { ...r, descriptors: { ...r.descriptors!, chiEnv: 0, phi: 0, phiVerdict: 'undefined', logP: {} } };
}
