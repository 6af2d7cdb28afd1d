/**
 * Chunks of a document through analysis, model run and output, with the model run of one chunk
 * overlapping the analysis of the next. In the editor the models run on the inference worker's
 * thread, so this thread would otherwise wait for every chunk's predictions; at most two chunks
 * are held at once, so memory stays bounded for a family of any size.
 */
export interface ChunkSteps<Work, Predicted> {
  /** Analyses chunk `index` (synchronous work, with time slices in the editor). */
  analyse(index: number): Promise<Work>;
  /** Starts the model run of an analysed chunk. */
  predict(work: Work): Promise<Predicted>;
  /** Builds and hands over the chunk's results once its predictions are in; chunks finish in order. */
  finish(work: Work, predicted: Predicted): Promise<void>;
}

export async function runOverlapped<Work, Predicted>(chunkCount: number, steps: ChunkSteps<Work, Predicted>): Promise<void> {
  let previous: { work: Work; predicted: Promise<Predicted> } | undefined;
  for (let index = 0; index < chunkCount; index++) {
    const work = await steps.analyse(index);
    const predicted = steps.predict(work);
    // Awaited by `finish` below; a run that stops early (aborted) never gets there, and its failure must not go unhandled.
    predicted.catch(() => undefined);
    if (previous) await steps.finish(previous.work, await previous.predicted);
    previous = { work, predicted };
  }
  if (previous) await steps.finish(previous.work, await previous.predicted);
}
