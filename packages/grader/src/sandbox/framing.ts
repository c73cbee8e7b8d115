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

/** The message a frame's body holds; FrameError when it does not decode. */
export function decodeFrameBody(body: Buffer): unknown {
  try {
    return deserialize(body);
  } catch (e) {
    throw new FrameError(`a message did not decode (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * Collects bytes from a stream and returns each complete message once. Chunks are kept as they
 * arrive and a frame's bytes are joined once, when it is complete: reading is linear in its size.
 * No Array.prototype methods: in the child, student code may have replaced them.
 */
export class FrameReader {
  private chunks: (Buffer | undefined)[] = [];
  /** chunks before this index are used up */
  private head = 0;
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
    const bodies = this.bodies(chunk);
    const messages: unknown[] = [];
    for (let i = 0; i < bodies.length; i++) messages[i] = decodeFrameBody(bodies[i]);
    return messages;
  }

  /** The bodies of the frames this chunk completes, not decoded. Throws FrameError for an oversized frame. */
  bodies(chunk: Buffer): Buffer[] {
    if (chunk.length > 0) {
      this.chunks[this.chunks.length] = chunk;
      this.buffered += chunk.length;
    }
    const bodies: Buffer[] = [];
    for (;;) {
      if (this.announced === undefined) {
        if (this.buffered < HEADER_BYTES) break;
        const size = this.take(HEADER_BYTES).readUInt32BE(0);
        if (size > MAX_FRAME_BYTES) throw new FrameError(`a message announced ${size} bytes, over the ${MAX_FRAME_BYTES}-byte limit`);
        this.announced = size;
      }
      if (this.buffered < this.announced) break;
      bodies[bodies.length] = this.take(this.announced);
      this.announced = undefined;
    }
    if (this.head === this.chunks.length || this.head >= 1024) {
      const rest: Buffer[] = [];
      for (let i = this.head; i < this.chunks.length; i++) rest[rest.length] = this.chunks[i] as Buffer;
      this.chunks = rest;
      this.head = 0;
    }
    return bodies;
  }

  /** The next n buffered bytes: a view when one chunk holds them, else one copy of exactly those bytes. */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    this.buffered -= n;
    const first = this.chunks[this.head] as Buffer;
    if (first.length >= n) {
      this.use(first, n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    for (let filled = 0; filled < n; ) {
      const c = this.chunks[this.head] as Buffer;
      const part = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, part);
      filled += part;
      this.use(c, part);
    }
    this.copied += n;
    return out;
  }

  /** Marks the first n bytes of the head chunk c as read. */
  private use(c: Buffer, n: number): void {
    if (n < c.length) {
      this.chunks[this.head] = c.subarray(n);
    } else {
      this.chunks[this.head] = undefined;
      this.head++;
    }
  }
}
