/**
 * One string for each distinct text that many kept members repeat. The editor's scorer keeps every
 * scored member's findings and predictions for as long as its documents are open, and a message
 * built per member is a string of its own (a tree of pieces, even): of the 16,667 out-of-domain
 * warnings of the 10,000-recipe mixed screening file, 587 texts were distinct. Predictions from the
 * inference worker arrive a batch at a time, each batch with its own copy of every text it holds
 * (predictionWire.ts): the size term's source alone, 600 characters, was kept 1,966 times for
 * that file. A batch keeps nothing, so it does not pay for the lookups (each hashes the whole text).
 * Bounded like the engine's other caches: a text that falls out is only kept once more, never wrong.
 */
import { BoundedCache } from './boundedCache';

const CAPACITY = 4096;
const texts = new BoundedCache<string, string>(CAPACITY);

const itself = (text: string) => text;

/** `text`, or the string of equal text given before. */
export function sharedText(text: string): string {
  return texts.getOrAdd(text, itself);
}
