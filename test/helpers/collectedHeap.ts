import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The heap in use after a full collection, so that it holds only what is still reachable:
 * the difference of two readings is what a value released between them kept.
 */
export function collectedHeapUsed(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}
