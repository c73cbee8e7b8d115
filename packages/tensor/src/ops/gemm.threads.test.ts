import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../random/random-state';
import { gemmNT } from './gemm';
import { THREAD_MIN_MACS, threadsWanted, workerReady, workerTasks } from './gemm.threads';
import { singleThreadCase } from './gemm.testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until cond() or `ms` passed; returns cond(). */
async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!cond() && Date.now() < until) await sleep(10);
  return cond();
}

// Each size is above THREAD_MIN_MACS (checked below). Row counts around the kernel's 4 x 2 blocks: 200 and 50
// (no padding), 201, 51 and 1001 (padded), 7 (fewer rows than tasks),
// and 1400 rows of k 3001: more than the kernel's 4 Mi-double chunk of a, so two chunks, each split.
const SIZES = [
  [200, 50, 784],
  [201, 51, 784],
  [50, 784, 200],
  [1001, 13, 301],
  [7, 500, 400],
  [1400, 2, 3001],
];

describe('gemmNT on two threads', () => {
  it.skipIf(!threadsWanted())('equals the single-thread kernel bit for bit, with the worker taking part', async () => {
    const data = SIZES.map(([n, m, k]) => ({ n, m, k, ...singleThreadCase(n, m, k, n + m + k) }));
    // the first large product starts the worker; until it is ready products run on the main thread alone
    gemmNT(data[0].a, data[0].b, new Float64Array(data[0].n * data[0].m), data[0].n, data[0].m, data[0].k);
    // a worker starts in ~50 ms on a quiet machine; 20 s is a "did not hang" limit for a loaded one
    expect(await waitFor(workerReady, 20_000)).toBe(true);
    for (const { n, m, k, a, b, expected } of data) {
      // unpadded, so it holds whatever the kernel pads to
      expect(n * m * k).toBeGreaterThanOrEqual(THREAD_MIN_MACS);
      // which rows the worker computes depends on timing: repeat until it has taken part (the main thread
      // takes every task when the worker is slow to wake), comparing every result
      const before = workerTasks();
      for (let attempt = 0; attempt < 200 && workerTasks() === before; attempt++) {
        const out = new Float64Array(n * m + 1).fill(NaN);
        gemmNT(a, b, out, n, m, k);
        for (let i = 0; i < n * m; i++) {
          if (!Object.is(out[i], expected[i])) expect(out[i], `[${n}, ${m}, ${k}] out[${Math.floor(i / m)}, ${i % m}]`).toBe(expected[i]);
        }
        expect(out[n * m]).toBeNaN();
        if (workerTasks() === before) await sleep(5);
      }
      expect(workerTasks(), `the worker computed part of [${n}, ${m}, ${k}]`).toBeGreaterThan(before);
    }
  });

  it('runs `meanwhile` once per product, small, large or chunked, with the same result', async () => {
    const calls: number[] = [];
    for (const [n, m, k] of [[20, 20, 20], [201, 51, 784], [1400, 2, 3001]]) {
      const { a, b, expected } = singleThreadCase(n, m, k, n + 7);
      for (let r = 0; r < 5; r++) {
        let ran = 0;
        const out = new Float64Array(n * m);
        gemmNT(a, b, out, n, m, k, () => ran++);
        calls.push(ran);
        expect(Array.from(out)).toEqual(Array.from(expected));
        await sleep(2);
      }
    }
    expect(calls).toEqual(new Array(15).fill(1));
  });

  it('a `meanwhile` that throws reaches the caller, and the next product is still right', () => {
    const [n, m, k] = [201, 51, 784];
    const { a, b, expected } = singleThreadCase(n, m, k, 11);
    for (let r = 0; r < 5; r++) {
      expect(() => gemmNT(a, b, new Float64Array(n * m), n, m, k, () => {
        throw new Error('meanwhile failed');
      })).toThrow('meanwhile failed');
      const out = new Float64Array(n * m);
      gemmNT(a, b, out, n, m, k);
      expect(Array.from(out)).toEqual(Array.from(expected));
    }
  });

  it('small products stay on the calling thread', () => {
    // [20, 20] x [20, 20]ᵀ: 8 k multiply-adds, far below THREAD_MIN_MACS
    const rs = new RandomState(3);
    const a = rs.randn(400).data;
    const before = workerTasks();
    for (let r = 0; r < 50; r++) gemmNT(a, a, new Float64Array(400), 20, 20, 20);
    expect(workerTasks()).toBe(before);
  });
});

describe('threadsWanted', () => {
  it.each([
    ['1', false],
    ['0', false],
    ['2', true],
    ['', true],
    [undefined, true],
  ])('GRADIENT_THREADS=%s -> %s (on a machine with 2 or more cores)', (setting, wanted) => {
    const saved = process.env.GRADIENT_THREADS;
    try {
      if (setting === undefined) delete process.env.GRADIENT_THREADS;
      else process.env.GRADIENT_THREADS = setting;
      expect(threadsWanted()).toBe(wanted);
    } finally {
      if (saved === undefined) delete process.env.GRADIENT_THREADS;
      else process.env.GRADIENT_THREADS = saved;
    }
  });
});

// A process that uses the threads, run as a child: it waits until the worker has computed part of a
// product, prints what happened and a digest of the result, and then ends without process.exit. It must
// exit by itself (the worker is unref()'d and blocks in Atomics.wait between products).
const CHILD = `
const { gemmNT } = await import(${JSON.stringify(new URL('./gemm.ts', import.meta.url).href)});
const { workerReady, workerTasks } = await import(${JSON.stringify(new URL('./gemm.threads.ts', import.meta.url).href)});
const n = 201, m = 51, k = 784;
const a = Float64Array.from({ length: n * k }, (_, i) => Math.sin(i));
const b = Float64Array.from({ length: m * k }, (_, i) => Math.cos(i));
const out = new Float64Array(n * m);
const until = Date.now() + 3000;
do {
  gemmNT(a, b, out, n, m, k);
  await new Promise((resolve) => setTimeout(resolve, 10));
} while (workerTasks() === 0 && Date.now() < until);
const { createHash } = await import('node:crypto');
const digest = createHash('sha256').update(new Uint8Array(out.buffer)).digest('hex');
console.log(JSON.stringify({ ready: workerReady(), tasks: workerTasks(), digest }));
`;

async function runChild(env: Record<string, string>): Promise<{ ready: boolean; tasks: number; digest: string }> {
  const { GRADIENT_THREADS: _, ...inherited } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    env: { ...inherited, ...env },
    // "did not hang": the child needs ~1-3 s (tsx start-up, up to 3 s waiting for the worker)
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '');
}

describe('in a child process', () => {
  it.skipIf(!threadsWanted())('a process whose worker took part exits by itself; GRADIENT_THREADS=1 starts no worker and gets the same bits', async () => {
    const threaded = await runChild({});
    expect(threaded.ready).toBe(true);
    expect(threaded.tasks).toBeGreaterThan(0);
    const single = await runChild({ GRADIENT_THREADS: '1' });
    expect(single).toEqual({ ready: false, tasks: 0, digest: threaded.digest });
  });
});
