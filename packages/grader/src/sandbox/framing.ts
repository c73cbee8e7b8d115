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

/** Collects bytes from a stream and returns each complete message once. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Throws FrameError when a frame is oversized or does not decode; the stream is unusable afterwards. */
  push(chunk: Buffer): unknown[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: unknown[] = [];
    while (this.pending.length >= HEADER_BYTES) {
      const size = this.pending.readUInt32BE(0);
      if (size > MAX_FRAME_BYTES) throw new FrameError(`a message announced ${size} bytes, over the ${MAX_FRAME_BYTES}-byte limit`);
      if (this.pending.length < HEADER_BYTES + size) break;
      const body = this.pending.subarray(HEADER_BYTES, HEADER_BYTES + size);
      this.pending = this.pending.subarray(HEADER_BYTES + size);
      try {
        messages.push(deserialize(body));
      } catch (e) {
        throw new FrameError(`a message did not decode (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    return messages;
  }
}
