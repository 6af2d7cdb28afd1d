/**
 * The records of a results answer (`bimetal/scoreDocument`, `bimetal/scoreWorkspace`,
 * `bimetal/suggest`, asked packed: report/src/packedRecords.ts), unpacked a time slice at a time:
 * the extension host runs every extension, and a family's 98,600 records took it 0.8–1.4 s in one
 * piece, during which nothing else ran there. Between slices (TimeSlices), a cancelled request
 * stops it.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { isPackedRecords, unpackRecordsInTurns } from '../../../report/src/packedRecords';
import { TimeSlices } from '../../../report/src/timeSlices';

class Cancelled extends Error {}

/**
 * The records, or undefined once `cancelled` says so; an answer that is not packed records is an
 * error naming `method`. `sliceMs`: how long unpacking runs before the event loop gets a turn
 * (TimeSlices' own length when not given).
 */
export async function answerRecords(answer: unknown, method: string, cancelled: () => boolean, sliceMs?: number): Promise<ScoreRecord[] | undefined> {
  if (!isPackedRecords(answer)) throw new Error(`the server answered ${method} with ${describe(answer)} instead of packed records`);
  const slices = new TimeSlices(undefined, sliceMs);
  const pause = (): Promise<void> | undefined =>
    slices.due
      ? slices.next().then(() => {
          if (cancelled()) throw new Cancelled();
        })
      : undefined;
  try {
    return await unpackRecordsInTurns<ScoreRecord>(answer, pause);
  } catch (error) {
    if (error instanceof Cancelled) return undefined;
    throw error;
  }
}

/** What an answer that is not packed records was, for the error. */
function describe(answer: unknown): string {
  if (answer === null) return 'null';
  return Array.isArray(answer) ? 'a plain list' : typeof answer;
}
