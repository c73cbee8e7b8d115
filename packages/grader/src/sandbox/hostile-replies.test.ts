// Replies forged by student code written straight to the grader's channel (fd 3): whatever the child's
// own runner would send, the parent must check them in bounded time and keep their text short.
import { describe, expect, it } from 'vitest';
import type { CallRequest } from './protocol';
import { Sandbox, type RunOutcome } from './sandbox';
import { DECODE_LIMITS } from './frame-decoder';
import { MAX_STUDENT_TEXT } from './student-text';
import { FORGE_SOURCE, TEST_LOAD_MS } from './test-calls';
import { bundleOf } from './test-submission';
import { WIRE_LIMITS } from './wire-check';

/** The longest the grader's event loop stalled while run() was in flight. */
async function maxStallMs<T>(run: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    return { result: await run(), stallMs };
  } finally {
    clearInterval(timer);
  }
}

async function withSandbox(source: string, use: (sb: Sandbox) => Promise<void>): Promise<void> {
  const bundle = await bundleOf(FORGE_SOURCE + source);
  const sb = await Sandbox.open(bundle.bundlePath, { memoryMb: 256, loadTimeMs: TEST_LOAD_MS, stdoutBytes: 4096 });
  try {
    await use(sb);
  } finally {
    await sb.close();
    bundle.remove();
  }
}

const call = (fn: string, id = `t/${fn}`): CallRequest => ({ kind: 'call', id, fn, args: [], timeLimitMs: 5000 });

function failure(o: RunOutcome): { failure: string; message: string } {
  if (o.ok) throw new Error(`expected a failure, got ${String(o.value)}`);
  return o;
}

describe('forged replies on the channel', () => {
  it('refuses a DAG of shared arrays (2^40 paths in a few hundred bytes) at once, and the next call works', async () => {
    await withSandbox(`
export async function dag() {
  let v: unknown = 1;
  for (let i = 0; i < 40; i++) v = [v, v];
  forge({ type: 'result', id: 't/dag', outcome: { ok: true, value: v, ms: 0 } });
  await new Promise((r) => setTimeout(r, 1000));
  return 0;
}
export function fine() { return 7; }`, async (sb) => {
      const t0 = performance.now();
      const out = failure(await sb.run(call('dag')));
      expect(performance.now() - t0).toBeLessThan(4000); // did not hang: the DAG reply came at once
      expect(out.failure).toBe('bad-return');
      expect(out.message).toMatch(/^the answer to t\/dag broke the grader's protocol \(value(\[0\]){38}\[1\] is the same object as another part of the reply \(shared parts or cycles are not accepted\)\)$/);
      const next = await sb.run(call('fine'));
      expect(next.ok && next.value).toBe(7);
    });
  });

  it('refuses a sparse array that announces 4 billion entries without looping over them', async () => {
    await withSandbox(`
export async function sparse() {
  const a: unknown[] = []; a.length = 2 ** 32 - 1; a[5] = 1;
  forge({ type: 'result', id: 't/sparse', outcome: { ok: true, value: { a }, ms: 0 } });
  await new Promise((r) => setTimeout(r, 1000));
  return 0;
}`, async (sb) => {
      const out = failure(await sb.run(call('sparse')));
      expect(out.message).toContain(`value.a: the reply has more than ${WIRE_LIMITS.nodes} parts`);
    });
  });

  it('refuses a returned object with a 2 MB key, naming only the start of the key', async () => {
    await withSandbox(`
export async function longKey() {
  forge({ type: 'result', id: 't/longKey', outcome: { ok: true, value: { ['k'.repeat(2e6)]: 1 }, ms: 0 } });
  await new Promise((r) => setTimeout(r, 1000));
  return 0;
}`, async (sb) => {
      const out = failure(await sb.run(call('longKey')));
      expect(out.message).toContain(`value has a key of 2000000 characters ('${'k'.repeat(40)}…'), over the ${WIRE_LIMITS.keyChars} accepted`);
      expect(out.message.length).toBeLessThan(300);
    });
  });

  it('cuts a forged failure message of 5 MB to the student-text cap', async () => {
    await withSandbox(`
export async function loud() {
  forge({ type: 'result', id: 't/loud', outcome: { ok: false, failure: 'threw', message: 'E'.repeat(5e6), ms: 0 } });
  await new Promise((r) => setTimeout(r, 1000));
  return 0;
}`, async (sb) => {
      const out = failure(await sb.run(call('loud')));
      expect(out.failure).toBe('threw');
      expect(out.message.length).toBeLessThanOrEqual(MAX_STUDENT_TEXT + 10);
      expect(out.message.startsWith('EEEE')).toBe(true);
    });
  });

  it('cuts a forged load error of 24 MB to the student-text cap', async () => {
    await withSandbox(`
forge({ type: 'load-error', message: 'N'.repeat(24e6) });
export function f() { return 1; }`, async (sb) => {
      const out = failure(await sb.run(call('f')));
      expect(out.failure).toBe('load-failed');
      expect(out.message.length).toBeLessThanOrEqual(MAX_STUDENT_TEXT + 100);
      expect(out.message).toMatch(/^your code threw while loading: NNNN/);
    });
  });

  it('decodes a frame of 20 million tiny objects off the grader\'s thread, under a heap cap, without stalling the grader', async () => {
    // hand-made V8 serialization: a dense array of n empty objects, 3 bytes each ('o', '{', 0),
    // that would take seconds and gigabytes of the grader's own heap to decode
    await withSandbox(`
const varint = (n: number) => { const out: number[] = []; do { let b = n & 0x7f; n = Math.floor(n / 128); if (n > 0) b |= 0x80; out.push(b); } while (n > 0); return Buffer.from(out); };
export async function objects() {
  const n = 20_000_000;
  const env = v8.serialize({ type: 'result', id: 't/objects', outcome: { ok: true, ms: 0, value: 'PLACEHOLDER' } });
  const mark = Buffer.concat([Buffer.from([0x22, 11]), Buffer.from('PLACEHOLDER')]);
  const at = env.indexOf(mark);
  const body = Buffer.concat([env.subarray(0, at), Buffer.from([0x41]), varint(n), Buffer.alloc(n * 3, Buffer.from([0x6f, 0x7b, 0])), Buffer.from([0x24, 0]), varint(n), env.subarray(at + mark.length)]);
  const head = Buffer.alloc(4); head.writeUInt32BE(body.length);
  const frame = Buffer.concat([head, body]);
  for (let at = 0; at < frame.length;) {
    try { at += fs.writeSync(3, frame, at); } catch (e) { if ((e as { code?: string }).code !== 'EAGAIN') throw e; }
  }
  await new Promise((r) => setTimeout(r, 10_000));
  return 0;
}
export function fine() { return 7; }`, async (sb) => {
      const { result, stallMs } = await maxStallMs(() => sb.run({ ...call('objects'), timeLimitMs: 20_000 }));
      const out = failure(result);
      expect(out.failure).toBe('bad-return');
      expect(out.message).toBe(`your code wrote to the grader's channel during objects (t/objects) (a message needed more than ${DECODE_LIMITS.heapMb} MB to decode)`);
      // decoding on the grader's thread stalled it for ~8 s here
      expect(stallMs).toBeLessThan(1000);
      const next = await sb.run(call('fine'));
      expect(next.ok && next.value).toBe(7);
    });
  }, 30_000);

  it('does not let frames pile up behind a slow decode: a flood of junk frames never stalls the grader, and the call times out on time', async () => {
    // a frame for the decoder thread (over 1 MB, 200000 objects) followed by 20 frames decoded here
    // (just under 1 MB, 330000 objects each): read on, the 20 would queue up behind the first and be
    // decoded back to back, seconds without a turn of the grader's event loop
    await withSandbox(`
const frame = (message: unknown) => { const body = v8.serialize(message); const head = Buffer.alloc(4); head.writeUInt32BE(body.length); return Buffer.concat([head, body]); };
const write = (frame: Buffer) => { for (let at = 0; at < frame.length;) { try { at += fs.writeSync(3, frame, at); } catch (e) { if ((e as { code?: string }).code !== 'EAGAIN') throw e; } } };
export function flood() {
  const slow = frame({ type: 'junk', x: Array.from({ length: 200_000 }, () => ({})), pad: new Float64Array(131_072) });
  const fast = frame({ type: 'junk', x: Array.from({ length: 330_000 }, () => ({})) });
  for (const t = Date.now(); Date.now() - t < 6000;) {
    write(slow);
    for (let i = 0; i < 20; i++) write(fast);
  }
  return 0;
}`, async (sb) => {
      const t0 = performance.now();
      const { result, stallMs } = await maxStallMs(() => sb.run({ ...call('flood'), timeLimitMs: 2000 }));
      console.log(`flood: longest stall of the grader's event loop ${stallMs.toFixed(0)} ms`);
      expect(failure(result).failure).toBe('timeout');
      expect(performance.now() - t0).toBeLessThan(4000);
      expect(stallMs).toBeLessThan(1000);
    });
  }, 30_000);
});
