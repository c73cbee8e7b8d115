import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameError, FrameReader } from './framing';
import { Sandbox } from './sandbox';
import { TEST_LOAD_MS } from './test-calls';
import { bundleOf } from './test-submission';

function inChunks(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < buf.length; at += size) out.push(buf.subarray(at, at + size));
  return out;
}

describe('FrameReader', () => {
  it('returns every message of a stream cut at arbitrary places, in order', () => {
    const messages = [{ type: 'ready' }, { n: 1, s: 'x'.repeat(1000) }, [1, 2, 3], { data: new Float64Array([1.5, -2]) }];
    const stream = Buffer.concat(messages.map(encodeFrame));
    for (const size of [1, 3, 7, 64, stream.length]) {
      const reader = new FrameReader();
      const got = inChunks(stream, size).flatMap((c) => reader.push(c));
      expect(got).toEqual(messages);
    }
  });

  it('reads a 100 MB frame arriving in 64 KB chunks with one copy of its bytes (linear, not quadratic)', () => {
    const data = new Float64Array(13_000_000).map((_, i) => i);
    const frame = encodeFrame({ type: 'result', value: { $tensor: true, shape: [data.length], data } });
    expect(frame.length).toBeGreaterThan(100 * 1000 * 1000);
    const reader = new FrameReader();
    const got: unknown[] = [];
    for (const chunk of inChunks(frame, 64 * 1024)) got.push(...reader.push(chunk));
    expect(got).toHaveLength(1);
    const value = (got[0] as { value: { data: Float64Array } }).value;
    expect(value.data.length).toBe(data.length);
    expect(value.data[12_345_678]).toBe(12_345_678);
    // joining 64 KB chunks one by one would copy ~frame^2 / 128 KB bytes (about 80 GB here)
    expect(reader.copiedBytes).toBeLessThanOrEqual(frame.length);
  });

  it('refuses a frame announced over the size limit before its bytes arrive', () => {
    const reader = new FrameReader();
    expect(() => reader.push(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toThrow(FrameError);
  });
});

describe('a 200 MB reply end to end', () => {
  // 2.7 s on a 2-core machine (copies in the child, the pipe, one join here); joining chunk by chunk
  // (~320 GB of copies) never arrived within the limit
  it('arrives within the call\'s time limit', async () => {
    const bundle = await bundleOf(`
import ndarray from 'ndarray';
export function big() { const data = new Float64Array(25_000_000); data[24_999_999] = 7; return ndarray(data, [5000, 5000]); }`);
    const sb = await Sandbox.open(bundle.bundlePath, { memoryMb: 1024, loadTimeMs: TEST_LOAD_MS, stdoutBytes: 4096 });
    try {
      const t0 = performance.now();
      const out = await sb.run({ kind: 'call', id: 't/big', fn: 'big', args: [], timeLimitMs: 20_000 });
      console.log(`200 MB reply: ${(performance.now() - t0).toFixed(0)} ms`);
      if (!out.ok) throw new Error(out.message);
      const value = out.value as { shape: number[]; data: Float64Array };
      expect(value.shape).toEqual([5000, 5000]);
      expect(value.data[24_999_999]).toBe(7);
    } finally {
      await sb.close();
      bundle.remove();
    }
  }, 30_000);
});
