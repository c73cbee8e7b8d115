import type { Readable } from 'node:stream';

export const TRUNCATED_NOTE = '… (truncated)';

/**
 * What the child prints, kept up to a byte cap per call. Past the cap, data is still read (so the
 * child never blocks on a full pipe) and dropped, so a flood costs the parent no memory.
 */
export class OutputCapture {
  private chunks: Buffer[] = [];
  private kept = 0;
  private dropped = false;

  constructor(private readonly capBytes: number) {}

  attach(stream: Readable): void {
    stream.on('data', (chunk: Buffer) => this.add(chunk));
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
