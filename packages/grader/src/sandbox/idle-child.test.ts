import { describe, expect, it } from 'vitest';
import { Sandbox } from './sandbox';
import { TEST_LOAD_MS } from './test-calls';
import { bundleOf } from './test-submission';

describe('Sandbox: a child between calls', () => {
  it('is frozen: a busy setInterval started at load does not run while the grader is idle', async () => {
    const bundle = await bundleOf(`
let ticks = 0;
// each tick keeps the CPU busy for 20 ms: left running, it would tick ~50 times a second
setInterval(() => { const t = Date.now(); while (Date.now() - t < 20) {} ticks++; }, 1);
export function count() { return ticks; }`);
    const sb = await Sandbox.open(bundle.bundlePath, { memoryMb: 256, loadTimeMs: TEST_LOAD_MS, stdoutBytes: 4096 });
    try {
      const ticks = async (id: string): Promise<number> => {
        const out = await sb.run({ kind: 'call', id, fn: 'count', args: [], timeLimitMs: 5000 });
        if (!out.ok) throw new Error(out.message);
        return out.value as number;
      };
      await new Promise((r) => setTimeout(r, 500));
      const first = await ticks('t/1');
      await new Promise((r) => setTimeout(r, 1000));
      const second = await ticks('t/2');
      // a tick or two may fire as the child resumes for the call; not the ~25 and ~50 of free running
      expect(first).toBeLessThan(10);
      expect(second - first).toBeLessThan(10);
    } finally {
      await sb.close();
      bundle.remove();
    }
  });
});
