import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { DECODE_LIMITS, FrameDecoder, INLINE_FRAME_BYTES } from './frame-decoder';

describe('FrameDecoder: frames over 1 MB, on a worker thread', () => {
  it('returns a large tensor message intact and refuses shared parts and overlong text', async () => {
    const decoder = new FrameDecoder();
    try {
      const data = Float64Array.from({ length: 300_000 }, (_, i) => i / 7);
      const body = serialize({ type: 'result', outcome: { value: { $tensor: true, shape: [data.length], data } } });
      expect(body.length).toBeGreaterThan(INLINE_FRAME_BYTES);
      const got = (await decoder.decode(body)) as { outcome: { value: { data: Float64Array } } };
      expect(got.outcome.value.data).toEqual(data);

      const shared = [1];
      const padding = new Float64Array(200_000);
      await expect(decoder.decode(serialize({ a: shared, b: shared, padding }))).rejects.toThrow('the message uses one object in two places');

      const words = Array.from({ length: 20 }, (_, i) => `${i}`.repeat(DECODE_LIMITS.totalChars / 16));
      await expect(decoder.decode(serialize({ words }))).rejects.toThrow(`the message holds more than ${DECODE_LIMITS.totalChars} characters of text`);

      // one long string is cut, not refused: the grader cuts student text again where it reads it
      const long = (await decoder.decode(serialize({ message: 'x'.repeat(3 * DECODE_LIMITS.stringChars) }))) as { message: string };
      expect(long.message).toHaveLength(DECODE_LIMITS.stringChars);
    } finally {
      decoder.close();
    }
  });
});
