// Stateful objects in a real child: an instance made by one call is the one later calls see, a wrong
// { loss, grads } is explained by the numerical gradient of the student's own loss, and a crash loses it.
import { RandomState, tensor } from '@gradient/tensor';
import { describe, expect, it } from 'vitest';
import { runObjectCheck } from '../checks/object-check';
import type { FixtureCase } from '../fixtures/case';
import { verdictText } from '../render/verdict-text';
import type { ObjectTestSpec } from '../spec/types';
import type { CallRequest, WireTensor } from './protocol';
import { Sandbox } from './sandbox';
import { failure, TEST_LOAD_MS, valueOf, wire } from './test-calls';
import { bundleOf } from './test-submission';

const SOURCE = `
import ndarray from 'ndarray';
type T = ndarray.NdArray<Float64Array>;
/** loss(x) = sum(w^2 x); grads.w = k w x, right for k = 2. */
class Quad {
  params: { w: T };
  count = 0;
  constructor(n: number, rng: { randn(...shape: number[]): T }, private k = 2) { this.params = { w: rng.randn(n) }; }
  bump() { this.count += 1; return this.count; }
  loss(x: T) {
    const w = this.params.w;
    const g = ndarray(new Float64Array(x.size), [x.size]);
    let loss = 0;
    for (let i = 0; i < x.size; i++) { loss += w.data[i] * w.data[i] * x.data[i]; g.data[i] = this.k * w.data[i] * x.data[i]; }
    return { loss, grads: { w: g } };
  }
  die() { process.exit(3); }
}
export class Right extends Quad {}
export class WrongGrads extends Quad { constructor(n: number, rng: { randn(...shape: number[]): T }) { super(n, rng, 3); } }
/** Holds a model another export made; its labels come back as a bare Int32Array, as predict's do. */
export class Trainer {
  constructor(private model: Quad) {}
  labels() { return Int32Array.from(this.model.params.w.data, (v) => (v > 0 ? 1 : 0)); }
}
`;

async function open() {
  const bundle = await bundleOf(SOURCE);
  const sandbox = await Sandbox.open(bundle.bundlePath, { memoryMb: 256, loadTimeMs: TEST_LOAD_MS, stdoutBytes: 4096 });
  return Object.assign(sandbox, { dispose: async () => (await sandbox.close(), bundle.remove()) });
}

const N = 5;
const x = tensor([0.5, -1.5, 2, 0.25, 1], [N]);
function quadCase(seed: number): FixtureCase {
  const w = new RandomState(seed).randn(N);
  const loss = Array.from(w.data).reduce((s, v, i) => s + v * v * x.data[i], 0);
  const grad = tensor(Array.from(w.data, (v, i) => 2 * v * x.data[i]), [N]);
  return {
    name: `seed${seed}`, args: [N, { $rng: seed }], expected: null,
    steps: [{ args: [], expected: 1 }, { args: [x], expected: { loss, grads: { w: grad } } }, { args: [], expected: 2 }],
  };
}

const spec = (cls: string, middle = 'loss'): ObjectTestSpec => ({
  number: '3', name: 'quad', points: 1, set: 'public', kind: 'object', class: cls, fixture: 'quad', tolerance: 1e-8,
  steps: [{ method: 'bump', returns: 'number' }, { method: middle, returns: middle === 'loss' ? 'loss-and-grads' : 'none' }, { method: 'bump', returns: 'number' }],
});

describe('Sandbox: stateful objects', () => {
  it('keeps an instance between calls, seeded by {$rng}, and reads its params', async () => {
    const sb = await open();
    try {
      const base = { fn: 'Right', handle: 'h1', timeLimitMs: 5000 };
      const run = (req: object, id: string) => sb.run({ ...base, id, ...req } as CallRequest);
      expect(valueOf(await run({ kind: 'construct', args: [N, { $rng: 4 }] }, 'new'))).toBeNull();
      const bumps: unknown[] = [];
      for (let i = 0; i < 3; i++) bumps.push(valueOf(await run({ kind: 'method', method: 'bump', args: [] }, `bump${i}`)));
      expect(bumps).toEqual([1, 2, 3]);
      const params = valueOf(await run({ kind: 'field', field: 'params', args: [] }, 'params')) as { w: WireTensor };
      expect(params.w).toEqual(wire(Array.from(new RandomState(4).randn(N).data), [N]));
    } finally {
      await sb.dispose();
    }
  });

  it('sets params from the parent, builds a {$new} argument from another export, and takes bare Int32Array labels', async () => {
    const sb = await open();
    try {
      const run = (req: object, id: string) => sb.run({ timeLimitMs: 5000, id, ...req } as CallRequest);
      expect(valueOf(await run({ kind: 'construct', fn: 'Trainer', handle: 't', args: [{ $new: 'Right', args: [N, { $rng: 4 }] }] }, 'new'))).toBeNull();
      const labels = valueOf(await run({ kind: 'method', fn: 'Trainer', handle: 't', method: 'labels', args: [], returns: 'labels' }, 'labels'));
      expect(labels).toEqual(wire(Array.from(new RandomState(4).randn(N).data, (v) => (v > 0 ? 1 : 0)), [N]));
      const asValue = await run({ kind: 'method', fn: 'Trainer', handle: 't', method: 'labels', args: [] }, 'labels-as-value');
      expect(failure(asValue).message).toMatch(/bare Int32Array/);
      expect(valueOf(await run({ kind: 'construct', fn: 'Right', handle: 'r', args: [N, { $rng: 4 }] }, 'new-r'))).toBeNull();
      const w = wire([1, 2, 3, 4, 5], [N]);
      expect(valueOf(await run({ kind: 'assign', fn: 'Right', handle: 'r', field: 'params', args: [{ w }] }, 'set'))).toBeNull();
      expect(valueOf(await run({ kind: 'field', fn: 'Right', handle: 'r', field: 'params', args: [] }, 'params'))).toEqual({ w });
      const missing = await run({ kind: 'construct', fn: 'Trainer', handle: 't2', args: [{ $new: 'Nope', args: [] }] }, 'new-missing');
      expect(failure(missing).message).toMatch(/needs an instance of your exported class 'Nope', but it is not exported/);
    } finally {
      await sb.dispose();
    }
  });

  it('passes a right class and fails a wrong grads record with the numerical-gradient explanation', async () => {
    const sb = await open();
    try {
      const ctx = { runner: sb, cases: [quadCase(1)], timeLimitMs: 5000, testLabel: '3 quad', forwards: new Set<string>() };
      expect((await runObjectCheck(spec('Right'), ctx)).map((v) => [v.ok, verdictText(v)])).toEqual([[true, '']]);
      const [wrong] = await runObjectCheck(spec('WrongGrads'), ctx);
      expect(wrong.steps?.map((s) => s.ok)).toEqual([true, false, true]);
      expect(verdictText(wrong)).toMatch(/step 2 WrongGrads.loss grads\.w: relative error .* exceeds 1e-10/);
      expect(verdictText(wrong)).toMatch(/hint: off by a constant factor of 1\.500/);
      expect(wrong.steps![1].problems.at(-1)).toMatchObject({ kind: 'gradient-explanation', finding: 'backward-wrong' });
    } finally {
      await sb.dispose();
    }
  });

  it('after a crash, fails the remaining steps clearly, and a fresh child says the instance is gone', async () => {
    const sb = await open();
    try {
      const ctx = { runner: sb, cases: [quadCase(1), quadCase(2)], timeLimitMs: 5000, testLabel: '3 quad', forwards: new Set<string>() };
      const verdicts = await runObjectCheck(spec('Right', 'die'), ctx);
      expect(verdicts).toHaveLength(1);
      expect(verdicts[0]).toMatchObject({ ok: false, fatal: true });
      expect(verdicts[0].steps?.map((s) => s.ran)).toEqual([true, true, false]);
      expect(verdictText(verdicts[0])).toMatch(/steps not run \(bump\): the Right instance was lost when step 2 Right.die stopped the process/);
      const gone = failure(await sb.run({ kind: 'method', id: 'after', fn: 'Right', handle: '3 quad [case seed1]', method: 'bump', args: [], timeLimitMs: 5000 }));
      expect(gone.message).toMatch(/the Right instance this test made is gone/);
    } finally {
      await sb.dispose();
    }
  });
});
