import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FATAL_ERROR_NOTE } from './fatal-report';
import type { BackwardValue, CallRequest, WireTensor, WireValue } from './protocol';
import { Sandbox, type SandboxLimits } from './sandbox';
import { call, failure, TEST_LOAD_MS, valueOf, wire } from './test-calls';
import { bundleOf } from './test-submission';

const LIMITS: SandboxLimits = { memoryMb: 256, loadTimeMs: TEST_LOAD_MS, stdoutBytes: 4096 };

async function open(source: string, limits: Partial<SandboxLimits> = {}): Promise<Sandbox & { dispose(): Promise<void> }> {
  const bundle = await bundleOf(source);
  const sandbox = await Sandbox.open(bundle.bundlePath, { ...LIMITS, ...limits });
  return Object.assign(sandbox, {
    dispose: async () => {
      await sandbox.close();
      bundle.remove();
    },
  });
}

const SCALE = `
import ndarray from 'ndarray';
export function scale(x: ndarray.NdArray<Float64Array>, k: number) {
  const out = ndarray(new Float64Array(x.size), x.shape.slice());
  for (let i = 0; i < x.size; i++) out.data[i] = k * x.data[i];
  return out;
}
`;

describe('Sandbox: ordinary calls', () => {
  it('returns a correct function\'s tensor, and what it printed', async () => {
    const sb = await open(`${SCALE}
export function loud(x: ndarray.NdArray<Float64Array>) { console.log('hello from student'); return scale(x, 3); }`);
    try {
      const out = await sb.run(call('loud', [wire([1, 2, 3, 4], [2, 2])]));
      expect(valueOf(out)).toEqual(wire([3, 6, 9, 12], [2, 2]));
      expect(out.stdout).toBe('hello from student\n');
    } finally {
      await sb.dispose();
    }
  });

  it('sends back only the out of [out, cache] when the call says so (the spec\'s returns), any other pair as is', async () => {
    const sb = await open(`${SCALE}
export function forward(x: ndarray.NdArray<Float64Array>) { return [scale(x, 2), { x }]; }
export function withFunction(x: ndarray.NdArray<Float64Array>) { return [scale(x, 2), { x, keep: () => x }]; }
export function pair(x: ndarray.NdArray<Float64Array>) { return [scale(x, 2), scale(x, 3)]; }
export function words() { return ['a', 'b']; }
export function numbers() { return { loss: 1.5, list: [1, 2, null], ok: true }; }`);
    try {
      const x = wire([1], [1]);
      expect(valueOf(await sb.run(call('forward', [x], 5000, 't/forward', true)))).toEqual(wire([2], [1]));
      expect(valueOf(await sb.run(call('pair', [x], 5000, 't/relu-like', true)))).toEqual(wire([2], [1]));
      // undeclared: no guess from the second element's look, the pair comes back whole
      expect(valueOf(await sb.run(call('forward', [x])))).toEqual([wire([2], [1]), { x: wire([1], [1]) }]);
      expect(valueOf(await sb.run(call('pair', [x])))).toEqual([wire([2], [1]), wire([3], [1])]);
      expect(failure(await sb.run(call('withFunction', [x]))).message).toBe('withFunction(...)[1].keep is a function; return tensors, numbers, or arrays and objects of them');
      expect(valueOf(await sb.run(call('withFunction', [x], 5000, 't/withFunction', true)))).toEqual(wire([2], [1]));
      expect(failure(await sb.run(call('numbers', [], 5000, 't/numbers', true))).message).toBe('numbers(...) must return [out, cache]; it returned object');
      expect(valueOf(await sb.run(call('words')))).toEqual(['a', 'b']);
      expect(valueOf(await sb.run(call('numbers')))).toEqual({ loss: 1.5, list: [1, 2, null], ok: true });
    } finally {
      await sb.dispose();
    }
  });

  it('copies strided views in C order and records a non-float64 dtype', async () => {
    const sb = await open(`
import ndarray from 'ndarray';
export function transposed() { return ndarray(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]).transpose(1, 0); }
export function single() { return ndarray(new Float32Array([0.5, 1.5]), [2]); }
export function plain() { return ndarray([1, 2, 3], [3]); }`);
    try {
      expect(valueOf(await sb.run(call('transposed')))).toEqual(wire([1, 4, 2, 5, 3, 6], [3, 2]));
      expect(valueOf(await sb.run(call('single')))).toEqual({ ...wire([0.5, 1.5], [2]), dtype: 'float32' });
      expect(valueOf(await sb.run(call('plain')))).toEqual({ ...wire([1, 2, 3], [3]), dtype: 'array' });
    } finally {
      await sb.dispose();
    }
  });

  it('names a missing export and lists the exported functions', async () => {
    const sb = await open(SCALE);
    try {
      const out = failure(await sb.run(call('conv_forward')));
      expect(out.failure).toBe('missing-export');
      expect(out.message).toBe("your code has no exported function 'conv_forward' (it exports scale)");
    } finally {
      await sb.dispose();
    }
  });
});

describe('Sandbox: student mistakes become failed calls', () => {
  it('reports a thrown Error with the student\'s own file and line', async () => {
    const sb = await open(`
function check(n: number) {
  if (n < 0) throw new RangeError('n must be >= 0');
}
export function f(n: number) { check(n); return n; }`);
    try {
      const out = failure(await sb.run(call('f', [-1])));
      expect(out.failure).toBe('threw');
      expect(out.message).toBe('RangeError: n must be >= 0 (at solution.ts:3:20)');
    } finally {
      await sb.dispose();
    }
  });

  it('describes thrown non-Errors', async () => {
    const sb = await open(`
export function num() { throw 42; }
export function nul() { throw null; }
export function str() { throw 'oops'; }
export function obj() { throw { code: 7 }; }`);
    try {
      expect(failure(await sb.run(call('num'))).message).toBe('threw the number 42, not an Error');
      expect(failure(await sb.run(call('nul'))).message).toBe('threw null, not an Error');
      expect(failure(await sb.run(call('str'))).message).toBe('threw the string "oops", not an Error');
      expect(failure(await sb.run(call('obj'))).message).toBe('threw the object {"code":7}, not an Error');
    } finally {
      await sb.dispose();
    }
  });

  it('refuses to send back functions, undefined and bare typed arrays', async () => {
    const sb = await open(`
export function fn() { return () => 1; }
export function nothing() {}
export function bare() { return new Float64Array(3); }
export function nested() { return { a: [1, Symbol('s')] }; }
export function cyclic() { const a: unknown[] = []; a.push(a); return a; }`);
    try {
      const fn = failure(await sb.run(call('fn')));
      expect(fn.failure).toBe('bad-return');
      expect(fn.message).toBe('fn(...) is a function; return tensors, numbers, or arrays and objects of them');
      expect(failure(await sb.run(call('nothing'))).message).toBe('nothing(...) is undefined (a missing return?)');
      expect(failure(await sb.run(call('bare'))).message).toContain('bare Float64Array');
      expect(failure(await sb.run(call('nested'))).message).toBe('nested(...).a[1] is a symbol; return tensors, numbers, or arrays and objects of them');
      expect(failure(await sb.run(call('cyclic'))).message).toContain('(a cycle?)');
    } finally {
      await sb.dispose();
    }
  });
});

describe('Sandbox: limits', () => {
  it('stops an infinite loop at call time, names the call, and the next call runs on a fresh child', async () => {
    const sb = await open(`${SCALE}
export function spin() { for (;;) {} }`);
    try {
      const t0 = performance.now();
      const out = failure(await sb.run(call('spin', [], 300, '2.1/case-3')));
      const took = performance.now() - t0;
      expect(out.failure).toBe('timeout');
      expect(out.message).toBe('2.1/case-3: timed out: spin did not finish within 300 ms and was stopped');
      expect(took).toBeLessThan(2000);
      expect(valueOf(await sb.run(call('scale', [wire([1], [1]), 5])))).toEqual(wire([5], [1]));
    } finally {
      await sb.dispose();
    }
  });

  it('fails every call at once when loading hangs, without restarting', async () => {
    const sb = await open(`while (true) {}\nexport function f() { return 1; }`, { loadTimeMs: 400 });
    try {
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const out = failure(await sb.run(call('f')));
        expect(out.failure).toBe('load-failed');
        expect(out.message).toBe('loading your code took longer than 400 ms (a loop or a long computation at the top level?)');
        expect(performance.now() - t0).toBeLessThan(50);
      }
    } finally {
      await sb.dispose();
    }
  });

  it('reports a module that throws while loading', async () => {
    const sb = await open(`throw new TypeError('bad start');\nexport function f() { return 1; }`);
    try {
      const out = failure(await sb.run(call('f')));
      expect(out.failure).toBe('load-failed');
      expect(out.message).toBe('your code threw while loading: TypeError: bad start (at solution.ts:1:7)');
    } finally {
      await sb.dispose();
    }
  });

  it('kills a call that fills an 8 GB typed array, then recovers', async () => {
    const sb = await open(`${SCALE}
export function huge() { return new Float64Array(1e9).fill(1).length; }`);
    try {
      const out = failure(await sb.run(call('huge', [], 30_000)));
      // 'memory' when the allocation succeeds lazily and the fill is caught by the RSS watch;
      // 'threw' (RangeError) where the system refuses the allocation outright
      expect(['memory', 'threw']).toContain(out.failure);
      if (out.failure === 'memory') expect(out.message).toMatch(/^t\/huge: huge used \d+ MB of memory, over the memory limit of 256 MB, and was stopped$/);
      expect(valueOf(await sb.run(call('scale', [wire([1], [1]), 2])))).toEqual(wire([2], [1]));
    } finally {
      await sb.dispose();
    }
  });

  it('ends a call that grows a JavaScript array past the heap cap as memory, stating the one memory limit, with no V8 crash report', async () => {
    const sb = await open(`
export function grow() { console.log('growing'); const a: number[][] = []; for (;;) a.push(new Array(1e5).fill(Math.random())); }`);
    try {
      const out = await sb.run(call('grow', [], 30_000));
      expect(failure(out).failure).toBe('memory');
      // the heap cap or the resident-memory watch, whichever comes first: both state the same number
      expect(failure(out).message).toMatch(/ over the memory limit of 256 MB, and was stopped$|: it needed more than the memory limit of 256 MB$/);
      expect(out.stdout).toMatch(/^growing\n/);
      expect(out.stdout).not.toMatch(/FATAL ERROR|Last few GCs|JS stacktrace|Native stack trace|node::|v8::internal/);
    } finally {
      await sb.dispose();
    }
  });

  it('describes process.abort() in one line: no native stack in what the test shows', async () => {
    const sb = await open(`${SCALE}
export function quit() { console.error('about to abort'); process.abort(); }`);
    try {
      const out = await sb.run(call('quit'));
      expect(failure(out).message).toBe('your code aborted the process during quit (t/quit) (process.abort(), or a fatal error inside Node)');
      expect(out.stdout).toBe(`about to abort\n${FATAL_ERROR_NOTE}\n`);
      expect(valueOf(await sb.run(call('scale', [wire([1], [1]), 2])))).toEqual(wire([2], [1]));
    } finally {
      await sb.dispose();
    }
  });

  it('treats process.exit during a call as an exit, and the next call works', async () => {
    const sb = await open(`${SCALE}
export function convolution() { process.exit(0); }`);
    try {
      const out = failure(await sb.run(call('convolution', [], 5000, '1.1/case-1')));
      expect(out.failure).toBe('exited');
      expect(out.message).toBe('your code ended the process (process.exit(0)) during convolution (1.1/case-1)');
      expect(valueOf(await sb.run(call('scale', [wire([2], [1]), 2])))).toEqual(wire([4], [1]));
    } finally {
      await sb.dispose();
    }
  });

  it('reports an uncaught error thrown later from a timer as a crash with its line', async () => {
    const sb = await open(`${SCALE}
export function later() { setTimeout(() => { throw new Error('async boom'); }, 0); return new Promise(() => {}); }`);
    try {
      const out = failure(await sb.run(call('later', [], 5000, '3.2/case-1')));
      expect(out.failure).toBe('exited');
      expect(out.message).toBe('your code crashed the process during later (3.2/case-1): Error: async boom (at solution.ts:9:52)');
      expect(valueOf(await sb.run(call('scale', [wire([2], [1]), 2])))).toEqual(wire([4], [1]));
    } finally {
      await sb.dispose();
    }
  });

  it('truncates a flood of output without hanging', async () => {
    const sb = await open(`
export function flood() { const line = 'x'.repeat(1000); for (let i = 0; i < 20000; i++) console.log(line); return 1; }`, { stdoutBytes: 2000 });
    try {
      const out = await sb.run(call('flood', [], 20_000));
      expect(valueOf(out)).toBe(1);
      expect(out.stdout.endsWith('… (truncated)')).toBe(true);
      expect(out.stdout.length).toBeLessThan(2100);
    } finally {
      await sb.dispose();
    }
  });
});

describe('Sandbox: isolation', () => {
  const denied = (what: string) => `
export async function probe() {
  const load = (name: string) => import(/* computed, so the compiler cannot see it */ ['node', name].join(':'));
  try { ${what} return 'allowed'; } catch (e) { return String((e as { code?: string }).code ?? e); }
}`;

  it('denies reading files outside the submission', async () => {
    const sb = await open(denied(`const fs = await load('fs'); fs.readFileSync('/etc/passwd', 'utf8');`));
    try {
      expect(valueOf(await sb.run(call('probe')))).toBe('ERR_ACCESS_DENIED');
    } finally {
      await sb.dispose();
    }
  });

  it('denies reading the grader\'s own files', async () => {
    const own = join(process.cwd(), 'package.json');
    expect(readFileSync(own, 'utf8')).toContain('@gradient/grader'); // readable here, so the denial is the sandbox's
    const sb = await open(denied(`const fs = await load('fs'); fs.readFileSync(${JSON.stringify(own)}, 'utf8');`));
    try {
      expect(valueOf(await sb.run(call('probe')))).toBe('ERR_ACCESS_DENIED');
    } finally {
      await sb.dispose();
    }
  });

  it('denies writing results.json in its folder or in /tmp', async () => {
    const target = join(tmpdir(), `gradient-sandbox-write-${process.pid}.json`);
    rmSync(target, { force: true });
    const sb = await open(`
export async function probe(path: string) {
  const fs = await import(['node', 'fs'].join(':'));
  const out: string[] = [];
  for (const p of ['results.json', path]) {
    try { fs.writeFileSync(p, '{"score": 100}'); out.push('written'); } catch (e) { out.push((e as { code: string }).code); }
  }
  return out;
}`);
    try {
      expect(valueOf(await sb.run(call('probe', [target])))).toEqual(['ERR_ACCESS_DENIED', 'ERR_ACCESS_DENIED']);
      expect(existsSync(target)).toBe(false);
    } finally {
      await sb.dispose();
    }
  });

  it('says what the sandbox denied when the denial is not caught', async () => {
    const line = "export async function probe() { const fs = await import(['node', 'fs'].join(':')); return fs.readFileSync('/etc/passwd', 'utf8'); }";
    const sb = await open(`\n${line}`);
    try {
      const out = failure(await sb.run(call('probe')));
      expect(out.failure).toBe('threw');
      // V8 places a method call's column at the method name
      const column = line.indexOf('readFileSync') + 1;
      expect(out.message).toBe(`Error: Access to this API has been restricted [ERR_ACCESS_DENIED: the grader's sandbox denied FileSystemRead on /etc/passwd] (at solution.ts:2:${column})`);
    } finally {
      await sb.dispose();
    }
  });

  it('denies starting processes', async () => {
    const sb = await open(denied(`const cp = await load('child_process'); cp.execSync('echo hi');`));
    try {
      expect(valueOf(await sb.run(call('probe')))).toBe('ERR_ACCESS_DENIED');
    } finally {
      await sb.dispose();
    }
  });

  it('denies starting workers', async () => {
    const sb = await open(denied(`const wt = await load('worker_threads'); new wt.Worker('1', { eval: true });`));
    try {
      expect(valueOf(await sb.run(call('probe')))).toBe('ERR_ACCESS_DENIED');
    } finally {
      await sb.dispose();
    }
  });

  it('denies signalling other processes', async () => {
    const sb = await open(`
export function probe() { try { process.kill(process.ppid, 'SIGKILL'); return 'allowed'; } catch (e) { return (e as Error).message; } }`);
    try {
      expect(valueOf(await sb.run(call('probe')))).toBe('process.kill is not allowed in submissions');
    } finally {
      await sb.dispose();
    }
  });

  it('gives the child an empty environment and, under root, an unprivileged user', async () => {
    const sb = await open(`export function who() { return { env: Object.keys(process.env).length, uid: process.getuid!() }; }`);
    try {
      const who = valueOf(await sb.run(call('who'))) as { env: number; uid: number };
      expect(who.env).toBe(0);
      expect(who.uid).toBe(process.getuid?.() === 0 ? 65534 : process.getuid?.());
    } finally {
      await sb.dispose();
    }
  });

  it('captures fake JSON printed to stdout as output only', async () => {
    const sb = await open(`
export function cheat() { console.log(JSON.stringify({ score: 100, tests: [] })); return 0; }`);
    try {
      const out = await sb.run(call('cheat'));
      expect(valueOf(out)).toBe(0);
      expect(out.stdout).toBe('{"score":100,"tests":[]}\n');
    } finally {
      await sb.dispose();
    }
  });

  it('survives garbage and forged replies written to its channel', async () => {
    const sb = await open(`${SCALE}
export async function garbage() {
  const fs = await import(['node', 'fs'].join(':'));
  fs.writeSync(3, Buffer.from([0, 0, 0, 4, 0xff, 0x0f, 0x99, 0x12]));
  return 1;
}
export async function forged() {
  const fs = await import(['node', 'fs'].join(':'));
  const { serialize } = await import(['node', 'v8'].join(':'));
  const body = serialize({ type: 'result', id: 't/forged', outcome: { ok: true, value: { $rng: 1 }, ms: 0 } });
  const head = Buffer.alloc(4); head.writeUInt32BE(body.length);
  fs.writeSync(3, Buffer.concat([head, body]));
  await new Promise((r) => setTimeout(r, 50));
  return 2;
}`);
    try {
      const g = failure(await sb.run(call('garbage')));
      expect(g.failure).toBe('bad-return');
      expect(g.message).toMatch(/^your code wrote to the grader's channel during garbage \(t\/garbage\)/);
      const f = failure(await sb.run(call('forged')));
      expect(f.failure).toBe('bad-return');
      expect(f.message).toContain('broke the grader\'s protocol');
      expect(valueOf(await sb.run(call('scale', [wire([1], [1]), 7])))).toEqual(wire([7], [1]));
    } finally {
      await sb.dispose();
    }
  });

  it('keeps its own serialization and gradient check when the student replaces globals at load', async () => {
    const sb = await open(`
import ndarray from 'ndarray';
Float64Array.prototype.fill = function () { throw new Error('fill is mine'); } as never;
Float64Array.prototype.slice = function () { return new Float64Array(0); } as never;
Math.exp = () => NaN;
Math.abs = () => 0;
Array.isArray = () => false;
Object.keys = () => [];
JSON.stringify = () => '{"score":100}';
(process as unknown as { send: unknown }).send = () => true;
export function mul(x: ndarray.NdArray<Float64Array>, w: ndarray.NdArray<Float64Array>) {
  const out = ndarray(new Float64Array(x.size), x.shape.slice());
  for (let i = 0; i < x.size; i++) out.data[i] = x.data[i] * w.data[i];
  return [out, { x, w }];
}
export function mulBackward(dout: ndarray.NdArray<Float64Array>, cache: { x: ndarray.NdArray<Float64Array>; w: ndarray.NdArray<Float64Array> }) {
  const dx = ndarray(new Float64Array(dout.size), dout.shape.slice());
  const dw = ndarray(new Float64Array(dout.size), dout.shape.slice());
  for (let i = 0; i < dout.size; i++) { dx.data[i] = dout.data[i] * cache.w.data[i]; dw.data[i] = dout.data[i] * cache.x.data[i]; }
  return [dx, dw];
}`);
    try {
      const x = wire([1, -2, 3], [3]);
      const w = wire([0.5, 4, -1], [3]);
      expect(valueOf(await sb.run(call('mul', [x, w], 5000, 't/mul', true)))).toEqual(wire([0.5, -8, -3], [3]));
      const g = await sb.run({ kind: 'numeric-gradient', id: 'g', fn: 'mul', args: [x, w], dout: wire([1, 1, 1], [3]), wrt: [0], entries: [[0, 1, 2]], h: 1e-5, timeLimitMs: 5000 });
      const v = valueOf(g) as unknown as WireTensor[];
      expect(Array.from(v[0].data)).toEqual(Array.from(w.data).map((n) => expect.closeTo(n, 8)));
    } finally {
      await sb.dispose();
    }
  });
});

describe('Sandbox: gradient checks and random generators', () => {
  const PAIR = `
import ndarray from 'ndarray';
type T = ndarray.NdArray<Float64Array>;
const like = (t: T) => ndarray(new Float64Array(t.size), t.shape.slice());
export function mulForward(x: T, w: T): [T, { x: T; w: T }] {
  const out = like(x);
  for (let i = 0; i < x.size; i++) out.data[i] = x.data[i] * w.data[i];
  return [out, { x, w }];
}
export function mulBackward(dout: T, c: { x: T; w: T }) {
  const dx = like(dout), dw = like(dout);
  for (let i = 0; i < dout.size; i++) { dx.data[i] = dout.data[i] * c.w.data[i]; dw.data[i] = dout.data[i] * c.x.data[i]; }
  return [dx, dw];
}
export function mulBackwardWrong(dout: T, c: { x: T; w: T }) {
  const [dx, dw] = mulBackward(dout, c);
  for (let i = 0; i < dx.size; i++) dx.data[i] *= 2;
  return [dx, dw];
}
export function dropForward(x: T, p: number, rng: { rand(...shape: number[]): T }): [T, T] {
  const u = rng.rand(...x.shape);
  const out = like(x), mask = like(x);
  for (let i = 0; i < x.size; i++) { mask.data[i] = u.data[i] >= p ? 1 / (1 - p) : 0; out.data[i] = x.data[i] * mask.data[i]; }
  return [out, mask];
}
export function dropBackward(dout: T, mask: T) {
  const dx = like(dout);
  for (let i = 0; i < dout.size; i++) dx.data[i] = dout.data[i] * mask.data[i];
  return dx;
}`;
  const x = wire([0.3, -1.2, 2.5, 0.7, -0.1, 1.9], [2, 3]);
  const w = wire([1.5, 0.2, -0.8, 2.2, -1.1, 0.4], [2, 3]);
  const dout = wire([0.9, -0.4, 1.3, -2.0, 0.6, 0.1], [2, 3]);
  const backwardCall = (backward: string, fn = 'mulForward', args: WireValue[] = [x, w]): CallRequest => ({
    kind: 'backward', id: `b/${backward}`, fn, backward, args, dout, timeLimitMs: 5000,
  });
  const numericCall = (fn = 'mulForward', args: WireValue[] = [x, w], wrt = [0, 1], entries = [[0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5]]): CallRequest => ({
    kind: 'numeric-gradient', id: `n/${fn}`, fn, args, dout, wrt, entries, h: 1e-5, timeLimitMs: 5000,
  });
  const maxRelError = (a: WireValue, b: WireTensor) => {
    const ad = (a as WireTensor).data;
    return Math.max(...Array.from(ad, (v, i) => Math.abs(v - b.data[i]) / Math.max(1e-8, Math.abs(v) + Math.abs(b.data[i]))));
  };

  it('runs a backward on its own forward\'s cache and returns out and the gradients, no numerical gradient', async () => {
    const sb = await open(PAIR);
    try {
      const v = valueOf(await sb.run(backwardCall('mulBackward'))) as unknown as BackwardValue;
      expect(Object.keys(v).sort()).toEqual(['grads', 'out']);
      expect(v.out).toEqual(wire(Array.from(x.data, (n, i) => n * w.data[i]), [2, 3]));
      const grads = v.grads as WireTensor[];
      expect(Array.from(grads[0].data)).toEqual(Array.from(dout.data, (d, i) => d * w.data[i]));
      expect(Array.from(grads[1].data)).toEqual(Array.from(dout.data, (d, i) => d * x.data[i]));
    } finally {
      await sb.dispose();
    }
  });

  it('takes the numerical gradient of the forward at the requested entries only', async () => {
    const sb = await open(PAIR);
    try {
      const all = valueOf(await sb.run(numericCall())) as unknown as WireTensor[];
      const grads = (valueOf(await sb.run(backwardCall('mulBackward'))) as unknown as BackwardValue).grads as WireTensor[];
      expect(maxRelError(grads[0], all[0])).toBeLessThan(1e-8);
      expect(maxRelError(grads[1], all[1])).toBeLessThan(1e-8);
      const some = valueOf(await sb.run(numericCall('mulForward', [x, w], [1], [[4, 0]]))) as unknown as WireTensor[];
      expect(some).toHaveLength(1);
      expect(some[0].shape).toEqual([2]);
      expect(Array.from(some[0].data)).toEqual([expect.closeTo(dout.data[4] * x.data[4], 8), expect.closeTo(dout.data[0] * x.data[0], 8)]);
      const wrong = (valueOf(await sb.run(backwardCall('mulBackwardWrong'))) as unknown as BackwardValue).grads as WireTensor[];
      expect(maxRelError(wrong[0], all[0])).toBeGreaterThan(0.3);
    } finally {
      await sb.dispose();
    }
  });

  it('gives a fresh RandomState(seed) to every call, so a dropout mask repeats', async () => {
    const sb = await open(PAIR);
    try {
      const args = [wire([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]), 0.5, { $rng: 231 }];
      const first = valueOf(await sb.run(call('dropForward', args, 5000, 'd/1', true)));
      const second = valueOf(await sb.run(call('dropForward', args, 5000, 'd/2', true)));
      expect(second).toEqual(first);
      const kept = Array.from((first as WireTensor).data).filter((v) => v !== 0);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(8);
      const other = valueOf(await sb.run(call('dropForward', [args[0], 0.5, { $rng: 232 }], 5000, 'd/3', true)));
      expect(other).not.toEqual(first);
      // the numeric gradient redraws the same mask at every evaluation, so it matches
      const g = valueOf(await sb.run(backwardCall('dropBackward', 'dropForward', [x, 0.5, { $rng: 7 }]))) as unknown as BackwardValue;
      const n = valueOf(await sb.run(numericCall('dropForward', [x, 0.5, { $rng: 7 }], [0], [[0, 1, 2, 3, 4, 5]]))) as unknown as WireTensor[];
      expect(maxRelError(g.grads, n[0])).toBeLessThan(1e-8);
    } finally {
      await sb.dispose();
    }
  });
});

describe('Sandbox: cost', () => {
  it('starts a child and answers small calls quickly', async () => {
    const sb = await open(SCALE);
    try {
      const x = wire(Array.from({ length: 64 }, (_, i) => i), [8, 8]);
      const n = 200;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) valueOf(await sb.run(call('scale', [x, 2], 5000, `c/${i}`)));
      const perCall = (performance.now() - t0) / n;
      console.log(`sandbox: child start to ready ${sb.lastStartMs?.toFixed(1)} ms, round trip per small call ${perCall.toFixed(3)} ms`);
      expect(sb.lastStartMs).toBeLessThan(2000);
      expect(perCall).toBeLessThan(20);
    } finally {
      await sb.dispose();
    }
  });
});
