// Hostile submissions against the runner inside the sandboxed child: writers the permission model
// does not guard, replaced built-ins, output floods and oversized error text.
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RandomState } from '@gradient/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireTensor } from './protocol';
import { Sandbox, type SandboxLimits } from './sandbox';
import { call, failure, TEST_LOAD_MS, valueOf, wire } from './test-calls';
import { bundleOf } from './test-submission';

const LIMITS: SandboxLimits = { memoryMb: 256, loadTimeMs: TEST_LOAD_MS, stdoutBytes: 4096 };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(source: string, limits: Partial<SandboxLimits> = {}): Promise<Sandbox> {
  const bundle = await bundleOf(source);
  const sandbox = await Sandbox.open(bundle.bundlePath, { ...LIMITS, ...limits });
  cleanups.push(async () => {
    await sandbox.close();
    bundle.remove();
  });
  return sandbox;
}

/** A world-writable folder outside the sandbox, as /tmp is: the child (maybe `nobody`) could write there. */
function openFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradient-outside-'));
  chmodSync(dir, 0o777);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('the child closes file writers the permission model does not guard', () => {
  // a computed name, so the compiler's import policy cannot see it, as a hostile submission would
  const ROUTES = `
const v8Name = ['node', 'v8'].join(':');
const traceName = ['node', 'trace_events'].join(':');
type V8 = { setFlagsFromString(flags: string): void; setHeapSnapshotNearHeapLimit(n: number): void };
const getBuiltin = (name: string) => (process as unknown as { getBuiltinModule(n: string): unknown }).getBuiltinModule(name);
function hot(x: number) { return x * 2 + 1; }
function traceTurbo(v8: V8, dir: string) {
  v8.setFlagsFromString('--trace-turbo');
  v8.setFlagsFromString('--trace-turbo-path=' + dir);
  let s = 0;
  for (let i = 0; i < 200000; i++) s += hot(i); // optimized by TurboFan: traced into dir
  return s;
}
export async function viaNamedExport(dir: string) { return traceTurbo(await import(v8Name) as V8, dir); }
export async function viaDefaultExport(dir: string) { return traceTurbo((await import(v8Name)).default as V8, dir); }
export function viaGetBuiltinModule(dir: string) { return traceTurbo(getBuiltin('v8') as V8, dir); }
export async function viaCreateRequire(dir: string) {
  const { createRequire } = await import(['node', 'module'].join(':'));
  return traceTurbo(createRequire(import.meta.url)('v8') as V8, dir);
}
export async function tracing() {
  const { createTracing } = await import(traceName);
  createTracing({ categories: ['node.perf'] }).enable();
  return 'enabled';
}
export function tracingViaGetBuiltinModule() {
  (getBuiltin('trace_events') as { createTracing(o: unknown): { enable(): void } }).createTracing({ categories: ['node.perf'] }).enable();
  return 'enabled';
}
export async function snapshotNearHeapLimit() { ((await import(v8Name)).default as V8).setHeapSnapshotNearHeapLimit(1); return 'set'; }
export function reportOnCrash(dir: string) {
  process.report.directory = dir;
  process.report.reportOnFatalError = true;
  const hog: unknown[] = [];
  for (;;) hog[hog.length] = { x: new Array(1000).fill(1) }; // a fatal heap exhaustion writes the report
}`;

  const deniedMessage = (what: string) => new RegExp(`^Error: Access to this API has been restricted \\[ERR_ACCESS_DENIED: the grader's sandbox denied ${what.replace('.', '\\.')}\\] \\(at solution\\.ts:\\d+:\\d+\\)$`);

  it.each(['viaNamedExport', 'viaDefaultExport', 'viaGetBuiltinModule', 'viaCreateRequire'])('refuses v8.setFlagsFromString (%s) and no trace file appears outside', async (fn) => {
    const dir = openFolder();
    const sb = await open(ROUTES);
    const out = failure(await sb.run(call(fn, [dir])));
    expect(out.failure).toBe('threw');
    expect(out.message).toMatch(deniedMessage('v8.setFlagsFromString'));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses trace_events.createTracing by import and by process.getBuiltinModule', async () => {
    const sb = await open(ROUTES);
    for (const fn of ['tracing', 'tracingViaGetBuiltinModule']) {
      const out = failure(await sb.run(call(fn)));
      expect(out.failure).toBe('threw');
      expect(out.message).toMatch(deniedMessage('trace_events.createTracing'));
    }
  });

  it('refuses heap snapshots near the heap limit', async () => {
    const sb = await open(ROUTES);
    expect(failure(await sb.run(call('snapshotNearHeapLimit'))).message).toMatch(deniedMessage('v8.setHeapSnapshotNearHeapLimit'));
  });

  it('refuses process.report settings, so a fatal error writes no report outside', async () => {
    const dir = openFolder();
    const sb = await open(ROUTES, { memoryMb: 64 });
    const out = failure(await sb.run(call('reportOnCrash', [dir], 20_000)));
    expect(out.message).toMatch(deniedMessage('process.report'));
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the child runner does not depend on built-ins the student replaces', () => {
  // Replaced at load time with functions that throw; the exported functions below use none of
  // them (they work in place on the ndarrays they receive), so they are correct and must pass.
  // Not replaced: what Node 20 itself calls on every tick (Array.prototype.pop and
  // Float64Array.prototype.length in async_hooks), which no runner can survive.
  const REPLACER = `
import ndarray from 'ndarray';
type T = ndarray.NdArray<Float64Array>;
const v8 = await import(['node', 'v8'].join(':'));
const broken = function () { throw new Error('replaced by the student'); } as never;
const define = Object.defineProperty;
const replace = (o: object, names: (string | symbol)[]) => {
  for (let i = 0; i < names.length; i++) define(o, names[i], { value: broken, writable: true, configurable: true });
};
replace(Array.prototype, ['push', 'shift', 'map', 'filter', 'forEach', 'join', 'slice', 'concat', 'indexOf', 'includes', 'every', 'reduce', Symbol.iterator]);
replace(Function.prototype, ['call', 'apply', 'bind']);
replace(Object, ['keys', 'entries', 'getPrototypeOf', 'defineProperty', 'assign']);
replace(JSON, ['stringify', 'parse']);
replace(Math, ['abs', 'exp', 'imul', 'min', 'max', 'floor', 'round', 'sqrt']);
replace(Reflect, ['apply', 'construct', 'getOwnPropertyDescriptor']);
replace(Number, ['isInteger', 'isSafeInteger', 'isFinite']);
replace(String.prototype, ['slice', 'indexOf', 'replace', 'toLowerCase', 'split', Symbol.replace]);
replace(RegExp.prototype, ['exec', 'test']);
replace(Float64Array.prototype, ['fill', 'slice', 'set', 'subarray', 'map']);
replace(Uint8Array.prototype, ['set', 'subarray', 'slice']);
replace(Buffer.prototype, ['copy', 'readUInt32BE', 'writeUInt32BE', 'subarray', 'slice', 'toString']);
replace(Buffer, ['concat', 'alloc', 'allocUnsafe', 'from']);
replace(Promise.prototype, ['then', 'catch', 'finally']);
replace(Promise, ['resolve', 'all']);
replace(v8.Serializer.prototype, ['writeHeader', 'writeValue', 'releaseBuffer', 'writeUint32', 'writeRawBytes', '_setTreatArrayBufferViewsAsHostObjects']);
replace(v8.Deserializer.prototype, ['readHeader', 'readValue', 'readUint32', '_readRawBytes']);
replace(v8.DefaultSerializer.prototype, ['_writeHostObject']);
replace(v8.DefaultDeserializer.prototype, ['_readHostObject']);
replace(v8.default, ['serialize', 'deserialize']);
const getters = ['byteLength', 'byteOffset', 'buffer', Symbol.toStringTag];
for (let i = 0; i < getters.length; i++) define(Float64Array.prototype, getters[i], { get: broken, configurable: true });
export function scale(x: T, k: number) {
  for (let i = 0; i < x.size; i++) x.data[i] *= k;
  return x;
}
export function total(x: T) {
  let s = 0;
  for (let i = 0; i < x.size; i++) s += x.data[i];
  return { total: s, size: x.size, shape: x.shape };
}
export function drop(x: T, p: number, rng: { rand(...shape: number[]): T }) {
  const u = rng.rand(x.size);
  for (let i = 0; i < x.size; i++) x.data[i] = u.data[i] >= p ? x.data[i] / (1 - p) : 0;
  return x;
}
export async function later(k: number) { return k + 1; }
export function cube(x: T): [T, { x: Float64Array }] {
  const kept = new Float64Array(x.size);
  for (let i = 0; i < x.size; i++) { kept[i] = x.data[i]; x.data[i] = kept[i] * kept[i] * kept[i]; }
  return [x, { x: kept }];
}
export function cubeBackward(dout: T, cache: { x: Float64Array }) {
  for (let i = 0; i < dout.size; i++) dout.data[i] *= 3 * cache.x[i] * cache.x[i];
  return [dout];
}
export function fails() { throw new RangeError('k must be positive'); }`;

  it('answers every call correctly and at once', async () => {
    const sb = await open(REPLACER);
    const t0 = performance.now();
    expect(valueOf(await sb.run(call('scale', [wire([1, 2, 3, 4, 5, 6], [2, 3]), 2])))).toEqual(wire([2, 4, 6, 8, 10, 12], [2, 3]));
    expect(valueOf(await sb.run(call('scale', [wire([1.5], []), -2])))).toEqual(wire([-3], []));
    expect(valueOf(await sb.run(call('total', [wire([1, 2, 3, 4], [1, 2, 1, 2])])))).toEqual({ total: 10, size: 4, shape: [1, 2, 1, 2] });
    expect(valueOf(await sb.run(call('later', [41])))).toBe(42);
    // the generator draws what RandomState(5) draws, though Math.imul, spreads and .call are replaced
    const u = new RandomState(5).rand(8);
    const kept = Array.from(u.data, (v) => (v >= 0.5 ? 2 : 0));
    expect(valueOf(await sb.run(call('drop', [wire([1, 1, 1, 1, 1, 1, 1, 1], [8]), 0.5, { $rng: 5 }])))).toEqual(wire(kept, [8]));
    // a backward on its forward's cache, and the numerical gradient that explains a failed one
    const x = wire([1, -2, 0.5], [3]);
    const dout = wire([1, 2, -1], [3]);
    const back = valueOf(await sb.run({ kind: 'backward', id: 'b', fn: 'cube', backward: 'cubeBackward', args: [x], dout, timeLimitMs: 5000 }));
    expect(back).toEqual({ out: wire([1, -8, 0.125], [3]), grads: [wire([3, 24, -0.75], [3])] });
    const numeric = valueOf(await sb.run({ kind: 'numeric-gradient', id: 'n', fn: 'cube', args: [x], dout, wrt: [0], entries: [[2, 0]], h: 1e-5, timeLimitMs: 5000 })) as WireTensor[];
    expect(Array.from(numeric[0].data)).toEqual([expect.closeTo(-0.75, 8), expect.closeTo(3, 8)]);
    const missing = failure(await sb.run(call('nowhere')));
    expect(missing.failure).toBe('missing-export');
    expect(missing.message).toMatch(/^your code has no exported function 'nowhere' \(it exports .*cubeBackward/);
    const thrown = failure(await sb.run(call('fails')));
    expect(thrown.failure).toBe('threw');
    expect(thrown.message).toMatch(/^RangeError: k must be positive \(at solution\.ts:\d+:\d+\)$/);
    // "did not hang": no call waited for its 5 s limit
    expect(performance.now() - t0).toBeLessThan(4000);
  });

  it('says a call never started, not that it timed out, when the student breaks the channel', async () => {
    const sb = await open(`
const events = await import(['node', 'events'].join(':'));
events.EventEmitter.prototype.emit = function () { return false; };
export function f() { return 1; }`);
    const out = failure(await sb.run(call('f', [], 500, '1.1/case-1')));
    expect(out.message).toBe("1.1/case-1: f never started: the sandbox's runner did not take up the call within 500 ms (did your code replace a built-in the runner needs, or keep the process busy between calls?)");
  });
});

describe('the child survives floods of output', () => {
  it('a flood queued in one call does not crash a later, unrelated call', async () => {
    // ~768 M characters in 64 KB writes (one string, no memory): written asynchronously, Node
    // batches the queue into one write of over 2 GB, which fails with ENOBUFS on the next tick
    const sb = await open(`
export function flood() { const s = 'x'.repeat(65536); for (let i = 0; i < 12000; i++) process.stdout.write(s); return 'flooded'; }
export function quiet() { return 1; }`);
    const flood = await sb.run(call('flood', [], 30_000));
    expect(valueOf(flood)).toBe('flooded');
    expect(flood.stdout.endsWith('… (truncated)')).toBe(true);
    expect(valueOf(await sb.run(call('quiet')))).toBe(1);
  });
});

describe('the child caps text it takes from student errors', () => {
  it('clips a huge error name, file name in the stack, permission detail, object key and toStringTag', async () => {
    const sb = await open(`
const huge = 'n'.repeat(24 * 1024 * 1024);
export function bigName() { const e = new Error('small'); e.name = huge; throw e; }
export function bigStack() { const e = new Error('small'); e.stack = 'Error: small\\n    at f (submission:///' + 'd'.repeat(2 * 1024 * 1024) + '.ts:1:1)'; throw e; }
export function bigDenial() { throw Object.assign(new Error('Access to this API has been restricted'), { code: 'ERR_ACCESS_DENIED', permission: huge, resource: huge }); }
export function bigKey() { return { [huge]: () => 1 }; }
export function bigTag() { return new (class { get [Symbol.toStringTag]() { return huge; } })(); }`);
    for (const fn of ['bigName', 'bigStack', 'bigDenial', 'bigKey', 'bigTag']) {
      const out = failure(await sb.run(call(fn, [], 20_000)));
      expect(out.message.length, fn).toBeLessThan(2000);
    }
    expect(failure(await sb.run(call('bigName'))).message).toMatch(/^n{300}…: small \(at solution\.ts:\d+:\d+\)$/);
    expect(failure(await sb.run(call('bigStack'))).message).toBe(`Error: small (at ${'d'.repeat(300)}…)`);
  });
});
