/**
 * The records of a results answer (`bimetal/scoreDocument`, `bimetal/scoreWorkspace`,
 * `bimetal/suggest`, asked packed: report/src/packedRecords.ts), unpacked a time slice at a time:
 * the extension host runs every extension, and a family's 98,600 records took it 0.8–1.4 s in one
 * piece, during which nothing else ran there. Between slices (TimeSlices), a cancelled request
 * stops it. A record that another answer holds already is that answer's object (RecordPool).
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { isPackedRecords, unpackRecordsInTurns } from '../../../report/src/packedRecords';
import type { SuggestAnswer } from '../../../report/src/protocol';
import { TimeSlices } from '../../../report/src/timeSlices';
import type { RecordPool } from './recordPool';

class Cancelled extends Error {}

/**
 * The records, or undefined once `cancelled` says so; an answer that is not packed records is an
 * error naming `method`. `pool`: the records other answers hold. `sliceMs`: how long unpacking
 * runs before the event loop gets a turn (TimeSlices' own length when not given).
 */
export async function answerRecords(answer: unknown, method: string, cancelled: () => boolean, pool: RecordPool, sliceMs?: number): Promise<ScoreRecord[] | undefined> {
  if (!isPackedRecords(answer)) throw new Error(`the server answered ${method} with ${describe(answer)} instead of packed records`);
  const slices = new TimeSlices(undefined, sliceMs);
  const pause = (): Promise<void> | undefined =>
    slices.due
      ? slices.next().then(() => {
          if (cancelled()) throw new Cancelled();
        })
      : undefined;
  try {
    return await unpackRecordsInTurns<ScoreRecord>(answer, pause, (record) => pool.shared(record));
  } catch (error) {
    if (error instanceof Cancelled) return undefined;
    throw error;
  }
}

/** SUGGEST's ranked candidates, with how many recipes an unbounded interval kept out of the ranking at `coverage` (SuggestAnswer). */
export interface Suggestions {
  records: ScoreRecord[];
  unbounded: number;
  coverage: number;
  /** Why recipes that are the same material as a labelled one are not suggested, or null. */
  known: string | null;
}

/** A SUGGEST answer read as answerRecords reads a results answer; one of another shape is an error naming `method`. */
export async function answerSuggestions(answer: unknown, method: string, cancelled: () => boolean, pool: RecordPool, sliceMs?: number): Promise<Suggestions | undefined> {
  if (!isSuggestAnswer(answer)) throw new Error(`the server answered ${method} with ${describe(answer)} instead of its candidates and count of unbounded intervals`);
  const records = await answerRecords(answer.candidates, method, cancelled, pool, sliceMs);
  return records && { records, unbounded: answer.unbounded, coverage: answer.coverage, known: answer.known };
}

function isSuggestAnswer(answer: unknown): answer is SuggestAnswer {
  const a = answer as Partial<SuggestAnswer> | null;
  return typeof a === 'object' && a !== null && !Array.isArray(a) && 'candidates' in a && typeof a.unbounded === 'number' && typeof a.coverage === 'number' && (a.known === null || typeof a.known === 'string');
}

/** What an answer that is not packed records was, for the error. */
function describe(answer: unknown): string {
  if (answer === null) return 'null';
  return Array.isArray(answer) ? 'a plain list' : typeof answer;
}
