import type { Readable } from 'node:stream';
import { FatalReportFilter } from './fatal-report';

export const TRUNCATED_NOTE = '… (truncated)';

/**
 * What the child prints, kept up to a byte cap per call. Past the cap, data is still read (so the
 * child never blocks on a full pipe) and dropped, so a flood costs the parent no memory.
 */
export class OutputCapture {
  private chunks: Buffer[] = [];
  private kept = 0;
  private dropped = false;
  private readonly filters = new Set<FatalReportFilter>();

  constructor(private readonly capBytes: number) {}

  attach(stream: Readable): void {
    stream.on('data', (chunk: Buffer) => this.add(chunk));
  }

  /** A child's stderr: as attach, less the report Node writes when the process dies of a fatal error (fatal-report.ts). */
  attachStderr(stream: Readable): void {
    const filter = new FatalReportFilter((text) => this.add(Buffer.from(text, 'utf8')));
    this.filters.add(filter);
    stream.on('data', (chunk: Buffer) => filter.write(chunk));
    stream.on('close', () => {
      filter.flush();
      this.filters.delete(filter);
    });
  }

  add(chunk: Buffer): void {
    const room = this.capBytes - this.kept;
    if (room <= 0) {
      this.dropped = true;
      return;
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part !== chunk) this.dropped = true;
    this.chunks.push(part);
    this.kept += part.length;
  }

  /** The output since the last take, and starts a new period. */
  take(): string {
    for (const filter of this.filters) filter.flush();
    let text = Buffer.concat(this.chunks).toString('utf8');
    if (this.dropped) text += `${text.endsWith('\n') || text === '' ? '' : '\n'}${TRUNCATED_NOTE}`;
    this.chunks = [];
    this.kept = 0;
    this.dropped = false;
    return text;
  }
}

/** The last bytes of a stream, to tell a heap abort or an uncaught error from an ordinary exit. */
export class OutputTail {
  private text = '';

  constructor(private readonly keepChars: number) {}

  attach(stream: Readable): void {
    stream.on('data', (chunk: Buffer) => {
      this.text = (this.text + chunk.toString('utf8')).slice(-this.keepChars);
    });
  }

  get value(): string {
    return this.text;
  }

  clear(): void {
    this.text = '';
  }
}
