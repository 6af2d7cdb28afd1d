/**
 * The records of a results answer (`bimetal/scoreDocument`, `bimetal/scoreWorkspace`,
 * `bimetal/suggest`, asked packed: report/src/packedRecords.ts), unpacked a time slice at a time:
 * the extension host runs every extension, and a family's 98,600 records took it 0.8–1.4 s in one
 * piece, during which nothing else ran there. Between slices, a cancelled request stops it. Pure
 * but for the timer that gives the event loop its turn.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { isPackedRecords, unpackRecordsInTurns } from '../../../report/src/packedRecords';

/** How long unpacking runs before it gives the event loop a turn. */
const SLICE_MS = 10;

class Cancelled extends Error {}

/** The records, or undefined once `cancelled` says so; an answer that is not packed records is an error naming `method`. */
export async function answerRecords(answer: unknown, method: string, cancelled: () => boolean, sliceMs = SLICE_MS): Promise<ScoreRecord[] | undefined> {
  if (!isPackedRecords(answer)) throw new Error(`the server answered ${method} with ${describe(answer)} instead of packed records`);
  let sliceStart = performance.now();
  const pause = (): Promise<void> | undefined => {
    if (performance.now() - sliceStart < sliceMs) return undefined;
    return nextTurn().then(() => {
      if (cancelled()) throw new Cancelled();
      sliceStart = performance.now();
    });
  };
  try {
    return await unpackRecordsInTurns<ScoreRecord>(answer, pause);
  } catch (error) {
    if (error instanceof Cancelled) return undefined;
    throw error;
  }
}

/** A turn of the event loop: `setImmediate` in Node's extension host, a timer in the browser's (VS Code for the Web). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** What an answer that is not packed records was, for the error. */
function describe(answer: unknown): string {
  if (answer === null) return 'null';
  return Array.isArray(answer) ? 'a plain list' : typeof answer;
}
