import { deserialize, serialize } from 'node:v8';

// Messages between grader and child are length-prefixed V8 structured-clone frames on fd 3.
// Node's own 'ipc' channel is not used: garbage written to it by the child throws inside Node's
// channel reader and takes the parent down, where a frame reader of our own can reject it.

const HEADER_BYTES = 4;

/** The largest message either side accepts: a 64M-entry float64 tensor plus change. */
export const MAX_FRAME_BYTES = 520 * 1024 * 1024;

export class FrameError extends Error {
  override name = 'FrameError';
}

export function encodeFrame(message: unknown): Buffer {
  const body = serialize(message);
  if (body.length > MAX_FRAME_BYTES) throw new FrameError(`message of ${body.length} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit`);
  const frame = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, HEADER_BYTES);
  return frame;
}

/**
 * Collects bytes from a stream and returns each complete message once. Chunks are kept as they
 * arrive and a frame's bytes are joined once, when it is complete: reading is linear in its size.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The size the current frame's header announced, once its header is in. */
  private announced?: number;
  private copied = 0;

  /** Bytes copied while joining chunks so far (at most once per byte received). */
  get copiedBytes(): number {
    return this.copied;
  }

  /** Throws FrameError when a frame is oversized or does not decode; the stream is unusable afterwards. */
  push(chunk: Buffer): unknown[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const messages: unknown[] = [];
    for (;;) {
      if (this.announced === undefined) {
        if (this.buffered < HEADER_BYTES) break;
        const size = this.take(HEADER_BYTES).readUInt32BE(0);
        if (size > MAX_FRAME_BYTES) throw new FrameError(`a message announced ${size} bytes, over the ${MAX_FRAME_BYTES}-byte limit`);
        this.announced = size;
      }
      if (this.buffered < this.announced) break;
      const body = this.take(this.announced);
      this.announced = undefined;
      try {
        messages.push(deserialize(body));
      } catch (e) {
        throw new FrameError(`a message did not decode (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    return messages;
  }

  /** The next n buffered bytes: a view when one chunk holds them, else one copy of exactly those bytes. */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[0];
    this.buffered -= n;
    if (first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    let used = 0;
    while (filled < n) {
      const c = this.chunks[used];
      const part = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, part);
      filled += part;
      if (part === c.length) used++;
      else this.chunks[used] = c.subarray(part);
    }
    this.chunks.splice(0, used);
    this.copied += n;
    return out;
  }
}
