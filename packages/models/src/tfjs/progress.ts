// The trainer's progress line: epoch, batch, loss, accuracy, images/s, ETA; redrawn in place on a terminal,
// one line per epoch otherwise (CI logs).
import type { BatchProgress } from './trainer';

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mm = String(m).padStart(2, '0');
  const ss = String(r).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function formatProgress(p: BatchProgress, width = 20): string {
  const filled = Math.round((p.batch / p.batches) * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  return `epoch ${p.epoch}/${p.epochs} [${bar}] ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} ` +
    `acc ${(p.accuracy * 100).toFixed(1)}% ${Math.round(p.imagesPerSecond)} img/s ETA ${clock(p.etaSeconds)}`;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): (p: BatchProgress) => void {
  return (p) => {
    const line = formatProgress(p);
    if (stream.isTTY) stream.write(`\r${line}${p.batch === p.batches ? '\n' : ''}`);
    else if (p.batch === p.batches) stream.write(`${line}\n`);
  };
}
