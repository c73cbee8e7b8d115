// A progress bar for batch grading. Disabled (not a TTY, tests, --quiet) it writes nothing at all.
import cliProgress from 'cli-progress';

export interface Progress {
  /** One item done; `label` names it (e.g. the submission just graded). */
  tick(label: string): void;
  stop(): void;
}

export interface ProgressOptions {
  enabled: boolean;
  /** Default process.stderr, so stdout stays clean for piped reports. */
  stream?: NodeJS.WritableStream;
}

export function createProgress(total: number, opts: ProgressOptions): Progress {
  if (!opts.enabled) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: opts.stream ?? process.stderr,
      format: '{bar} {value}/{total} {label}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  let stopped = false;
  return {
    tick(label) {
      if (!stopped) bar.increment(1, { label });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
