import { describe, expect, it } from 'vitest';
import { formatProgress, progressBar } from './progress';

const p = { epoch: 2, epochs: 3, batch: 8, batches: 32, loss: 0.43219, accuracy: 0.875, batchLoss: 0.4, batchAccuracy: 0.9, batchSize: 64, imagesPerSecond: 417.4, etaSeconds: 3725 };

describe('progress line', () => {
  it('shows epoch, bar, batch, loss, accuracy, rate and ETA', () => {
    expect(formatProgress(p, 8)).toBe('epoch 2/3 [##------] 8/32 loss 0.4322 acc 87.5% 417 img/s ETA 1:02:05');
    expect(formatProgress({ ...p, batch: 32, etaSeconds: 59.6 }, 4)).toContain('[####] 32/32');
    expect(formatProgress({ ...p, etaSeconds: 59.6 })).toMatch(/ETA 01:00$/);
    expect(formatProgress({ ...p, etaSeconds: Infinity })).toMatch(/ETA --:--$/);
  });

  it('redraws in place on a terminal, one line per epoch elsewhere', () => {
    const written: string[] = [];
    const stream = (isTTY: boolean) => ({ isTTY, write: (s: string) => written.push(s) }) as unknown as NodeJS.WriteStream;
    const tty = progressBar(stream(true));
    tty(p);
    tty({ ...p, batch: 32 });
    expect(written.map((s) => [s.startsWith('\r'), s.endsWith('\n')])).toEqual([[true, false], [true, true]]);
    written.length = 0;
    const log = progressBar(stream(false));
    log(p);
    log({ ...p, batch: 32 });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^epoch 2\/3 .* 32\/32 .*\n$/);
  });
});
