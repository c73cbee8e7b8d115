// Test support: wire values, call requests and outcome readers shared by the sandbox tests.
import type { CallRequest, WireTensor, WireValue } from './protocol';
import type { RunOutcome } from './sandbox';

export function wire(data: number[], shape: number[]): WireTensor {
  return { $tensor: true, shape, data: Float64Array.from(data) };
}

export function call(fn: string, args: WireValue[] = [], timeLimitMs = 5000, id = `t/${fn}`, returnsCache?: boolean): CallRequest {
  return { kind: 'call', id, fn, args, timeLimitMs, ...(returnsCache === undefined ? {} : { returnsCache }) };
}

export function failure(o: RunOutcome): { failure: string; message: string } {
  if (o.ok) throw new Error(`expected a failure, got ${JSON.stringify(o.value)}`);
  return o;
}

export function valueOf(o: RunOutcome): WireValue {
  if (!o.ok) throw new Error(`expected a value, got ${o.failure}: ${o.message}`);
  return o.value as WireValue;
}

/** Student code defining forge(message): writes one frame to the grader's channel, retrying while the pipe is full. */
export const FORGE_SOURCE = `
const fs = await import(['node', 'fs'].join(':'));
const v8 = await import(['node', 'v8'].join(':'));
export function forge(message: unknown) {
  const body = v8.serialize(message);
  const frame = Buffer.alloc(4 + body.length);
  frame.writeUInt32BE(body.length);
  body.copy(frame, 4);
  for (let at = 0; at < frame.length;) {
    try { at += fs.writeSync(3, frame, at); } catch (e) { if ((e as { code?: string }).code !== 'EAGAIN') throw e; }
  }
}
`;

/**
 * The load limit of sandboxes in tests: a "did not hang" bound, not a speed claim. With every package's tests
 * running at once on a 2-core CI machine, starting a child has taken over 5 s. Tests of the load limit itself
 * set their own.
 */
export const TEST_LOAD_MS = 30_000;
