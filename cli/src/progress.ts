/**
 * A progress bar on standard error while a large run scores, only when standard error is a
 * terminal and the records are not: piped or redirected, the bar would only put control characters
 * into a log, and drawn on the terminal the records print to, it would draw over them (it restores
 * its saved cursor position when it stops).
 */
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  advance(members: number): void;
  stop(): void;
}

const SILENT: Progress = { advance: () => undefined, stop: () => undefined };

const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export function startProgress(total: number, stream: NodeJS.WriteStream = process.stderr, records: { isTTY?: boolean } = process.stdout): Progress {
  if (!stream.isTTY || records.isTTY || total === 0) return SILENT;
  // linewrap: the library's default turns the terminal's line wrapping off until it stops.
  const bar = new SingleBar(
    { stream, format: 'scoring [{bar}] {percentage}% | {value}/{total} recipes | {eta_formatted} left', hideCursor: true, clearOnComplete: true, linewrap: true },
    Presets.shades_classic,
  );
  // Ctrl-C or kill while the bar is drawn: the terminal gets its cursor back, then the signal ends
  // the run as it would have (exit 130, 143).
  const interrupted = (signal: NodeJS.Signals) => {
    stop();
    process.kill(process.pid, signal);
  };
  const stop = () => {
    for (const signal of ENDING_SIGNALS) process.off(signal, interrupted);
    bar.stop();
  };
  for (const signal of ENDING_SIGNALS) process.once(signal, interrupted);
  bar.start(total, 0);
  return { advance: (members) => bar.increment(members), stop };
}
