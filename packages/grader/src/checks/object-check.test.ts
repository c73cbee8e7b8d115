// The stateful-object check on a tiny linear softmax model written here, run in this process through the
// child's own call code (perform): one instance per case, steps in order, { loss, grads } by parameter name.
import { RandomState, tensor, type Tensor } from '@gradient/tensor';
import { describe, expect, it } from 'vitest';
import type { FixtureCase } from '../fixtures/case';
import { toWire } from '../fixtures/wire';
import { verdictText } from '../render/verdict-text';
import { perform } from '../sandbox/child/perform';
import type { CallOutcome, CallRequest } from '../sandbox/protocol';
import type { ObjectTestSpec } from '../spec/types';
import { runObjectCheck } from './object-check';
import type { CheckContext } from './verdict';

type Params = { W: Tensor; b: Tensor };

/** scores = X W + b; mean softmax cross-entropy. lossScale/gradScale/dbScale spoil the student versions. */
function linearSoftmax(lossScale = 1, gradScale = 1, dbScale = 1) {
  return class Linear {
    params: Params;
    losses: number[] = [];
    constructor(D: number, C: number, rng: RandomState) {
      const W = rng.randn(D, C);
      for (let i = 0; i < W.data.length; i++) W.data[i] *= 0.5;
      this.params = { W, b: tensor(new Float64Array(C), [C]) };
    }
    scores(X: Tensor): Tensor {
      const [N, D] = X.shape;
      const C = this.params.b.shape[0];
      const out = new Float64Array(N * C);
      for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) {
        let s = this.params.b.data[c];
        for (let d = 0; d < D; d++) s += X.data[n * D + d] * this.params.W.data[d * C + c];
        out[n * C + c] = s;
      }
      return tensor(out, [N, C]);
    }
    loss(X: Tensor, y: number[]) {
      const s = this.scores(X);
      const [N, C] = s.shape;
      const D = X.shape[1];
      const dS = new Float64Array(N * C);
      let loss = 0;
      for (let n = 0; n < N; n++) {
        let max = -Infinity;
        for (let c = 0; c < C; c++) max = Math.max(max, s.data[n * C + c]);
        let z = 0;
        for (let c = 0; c < C; c++) z += Math.exp(s.data[n * C + c] - max);
        loss -= (s.data[n * C + y[n]] - max - Math.log(z)) / N;
        for (let c = 0; c < C; c++) dS[n * C + c] = (Math.exp(s.data[n * C + c] - max) / z - (c === y[n] ? 1 : 0)) / N;
      }
      const dW = new Float64Array(D * C);
      const db = new Float64Array(C);
      for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) {
        db[c] += dbScale * gradScale * dS[n * C + c];
        for (let d = 0; d < D; d++) dW[d * C + c] += gradScale * X.data[n * D + d] * dS[n * C + c];
      }
      return { loss: lossScale * loss, grads: { W: tensor(dW, [D, C]), b: tensor(db, [C]) } };
    }
    /** One step of gradient descent, recording the loss as a training loop would. */
    sgd(X: Tensor, y: number[], lr: number): void {
      const { loss, grads } = this.loss(X, y);
      this.losses.push(loss);
      for (const k of ['W', 'b'] as const) for (let i = 0; i < this.params[k].data.length; i++) this.params[k].data[i] -= lr * grads[k].data[i];
    }
    history(): number[] {
      return this.losses;
    }
  };
}

const spec: ObjectTestSpec = {
  number: '2', name: 'linear model', points: 1, set: 'public', kind: 'object', class: 'Linear', fixture: 'linear', tolerance: 1e-8,
  steps: [{ method: 'loss', returns: 'loss-and-grads' }, { method: 'sgd', returns: 'none' }, { method: 'scores', returns: 'tensor' }, { method: 'loss', returns: 'loss-and-grads' }, { method: 'history', returns: 'history' }],
};

/** The reference's values for each step, from the correct class run here on the same draws. */
function linearCase(seed: number): FixtureCase {
  const rng = new RandomState(seed);
  const X = rng.randn(5, 4);
  const y = [0, 2, 1, 2, 0];
  const Reference = linearSoftmax();
  const ref = new Reference(4, 3, new RandomState(seed + 100));
  const first = ref.loss(X, y);
  ref.sgd(X, y, 0.5);
  const scores = ref.scores(X);
  const second = ref.loss(X, y);
  return {
    name: `seed${seed}`, args: [4, 3, { $rng: seed + 100 }], expected: null,
    steps: [
      { args: [X, y], expected: first },
      { args: [X, y, 0.5], expected: null },
      { args: [X], expected: scores },
      { args: [X, y], expected: second },
      { args: [], expected: [...ref.history()] },
    ],
  };
}

async function check(Linear: unknown, run?: (req: CallRequest, mod: Record<string, unknown>) => Promise<CallOutcome>) {
  const mod = { Linear };
  const requests: CallRequest[] = [];
  const ctx: CheckContext = {
    runner: { run: async (req) => (requests.push(req), run ? run(req, mod) : perform(mod, req)) },
    cases: [linearCase(1), linearCase(2)], timeLimitMs: 5000, testLabel: '2 linear model', forwards: new Set(),
  };
  return { verdicts: await runObjectCheck(spec, ctx), requests };
}

describe('object check: a stateful model through its steps', () => {
  it('passes a correct class, keeping one instance through the steps of a case, and takes no numerical gradient', async () => {
    const { verdicts, requests } = await check(linearSoftmax());
    expect(verdicts.map((v) => [v.name, v.ok, verdictText(v)])).toEqual([['seed1', true, ''], ['seed2', true, '']]);
    expect(verdicts[0].steps?.map((s) => [s.method, s.ran, s.ok])).toEqual([['loss', true, true], ['sgd', true, true], ['scores', true, true], ['loss', true, true], ['history', true, true]]);
    expect(requests.slice(0, 6).map((r) => r.kind)).toEqual(['construct', 'method', 'method', 'method', 'method', 'method']);
    expect(new Set(requests.slice(0, 6).map((r) => (r as { handle: string }).handle)).size).toBe(1);
    expect(verdicts[0].params).toEqual([{ name: 'argument 1', kind: 'value', value: 4 }, { name: 'argument 2', kind: 'value', value: 3 }, { name: 'argument 3', kind: 'rng', seed: 101 }]);
  });

  it('fails the later steps of a class whose update does not stick to the instance', async () => {
    const Forgetful = class extends linearSoftmax() {
      override sgd(X: Tensor, y: number[], lr: number) { const keep = this.params; this.params = { W: tensor(new Float64Array(keep.W.data), [...keep.W.shape]), b: tensor(new Float64Array(keep.b.data), [...keep.b.shape]) }; super.sgd(X, y, lr); this.params = keep; }
    };
    const { verdicts } = await check(Forgetful);
    expect(verdicts[0].steps?.map((s) => s.ok)).toEqual([true, true, false, false, true]);
  });

  it('fails a wrong grad by name with the gradient tolerance, and the numerical gradient of the student\'s own loss says the grads are at fault', async () => {
    const { verdicts, requests } = await check(linearSoftmax(1, 1, 2));
    expect(verdicts[0].ok).toBe(false);
    const step1 = verdicts[0].steps![0];
    expect(step1.problems[0]).toMatchObject({ kind: 'mismatch', label: 'step 1 Linear.loss grads.b', tolerance: 1e-10, hint: { kind: 'factor', factor: 2 } });
    expect(step1.problems.at(-1)).toMatchObject({ kind: 'gradient-explanation', call: 'Linear.loss', finding: 'backward-wrong' });
    expect(verdictText(verdicts[0])).toMatch(/step 1 Linear.loss grads\.b: relative error .* exceeds 1e-10/);
    expect(verdictText(step1)).not.toMatch(/grads\.W/);
    expect(verdictText(verdicts[0])).toMatch(/the numerical gradient of your Linear.loss agrees with the expected values at these entries/);
    const probe = requests.find((r) => r.kind === 'param-gradient');
    expect(probe).toMatchObject({ param: 'b', method: 'loss' });
    expect((probe as { entries: number[] }).entries.length).toBeLessThanOrEqual(3);
  });

  it('takes the numerical gradient of the loss in the instance\'s own params, in place, and restores them', async () => {
    const mod = { Linear: linearSoftmax() };
    const c = linearCase(3);
    const base = { id: 'p', fn: 'Linear', handle: 'probe', timeLimitMs: 1000 };
    const run = (req: object) => perform(mod, { ...base, ...req } as CallRequest);
    const value = (o: CallOutcome) => (o.ok ? o.value : o.message);
    expect(value(await run({ kind: 'construct', args: [4, 3, { $rng: 103 }] }))).toBeNull();
    const before = value(await run({ kind: 'field', field: 'params', args: [] }));
    const numeric = value(await run({ kind: 'param-gradient', method: 'loss', param: 'W', entries: [0, 5, 11], h: 1e-5, args: c.steps![0].args.map(toWire) }));
    const analytic = (c.steps![0].expected as { grads: Params }).grads.W.data;
    const got = (numeric as { data: Float64Array }).data;
    [0, 5, 11].forEach((flat, i) => expect(Math.abs(got[i] - analytic[flat])).toBeLessThan(1e-8));
    expect(value(await run({ kind: 'field', field: 'params', args: [] }))).toEqual(before);
  });

  it('says the loss itself is wrong when the grads agree with the student\'s own (wrong) loss', async () => {
    const { verdicts } = await check(linearSoftmax(2, 2));
    const step1 = verdicts[0].steps![0];
    expect(step1.problems[0]).toMatchObject({ kind: 'number', label: 'step 1 Linear.loss loss' });
    expect(step1.problems.at(-1)).toMatchObject({ kind: 'gradient-explanation', finding: 'forward-differs' });
  });

  it('names a grads record missing a parameter and a step that returns the wrong kind of value', async () => {
    const Broken = class extends linearSoftmax() {
      override loss(X: Tensor, y: number[]) { const r = super.loss(X, y); return { loss: r.loss, grads: { W: r.grads.W } } as never; }
      override history() { return 'none' as never; }
    };
    const { verdicts } = await check(Broken);
    expect(verdictText(verdicts[0])).toMatch(/step 1 Linear.loss grads\.b/);
    expect(verdictText(verdicts[0])).toMatch(/step 5 Linear.history/);
  });

  it('after a fatal step, marks the remaining steps not run and stops the test', async () => {
    const { verdicts, requests } = await check(linearSoftmax(), async (req, mod) =>
      req.kind === 'method' && req.method === 'scores' ? { ok: false, failure: 'timeout', message: 'scores ran past 5 s', ms: 5000 } : perform(mod, req));
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0].fatal).toBe(true);
    expect(verdicts[0].steps!.map((s) => s.ran)).toEqual([true, true, true, false, false]);
    expect(verdictText(verdicts[0])).toMatch(/steps not run \(loss, history\): the Linear instance was lost when step 3 Linear.scores stopped the process/);
    expect(requests.at(-1)).toMatchObject({ kind: 'method', method: 'scores' });
  });

  it('a child without the instance (restarted) fails the call clearly instead of calling anything', async () => {
    const outcome = await perform({ Linear: linearSoftmax() }, { kind: 'method', id: 'x', fn: 'Linear', handle: 'never-made', method: 'scores', args: [], timeLimitMs: 1000 });
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/the Linear instance this test made is gone/) });
  });
});
