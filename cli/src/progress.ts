/**
 * A progress bar on standard error while a large run scores, only when standard error is a
 * terminal: piped or redirected, it would only put control characters into a log.
 */
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  advance(members: number): void;
  stop(): void;
}

const SILENT: Progress = { advance: () => undefined, stop: () => undefined };

export function startProgress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total === 0) return SILENT;
  const bar = new SingleBar(
    { stream, format: 'scoring [{bar}] {percentage}% | {value}/{total} recipes | {eta_formatted} left', hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    advance: (members) => bar.increment(members),
    stop: () => bar.stop(),
  };
}
