// Object-test steps beyond method calls: setting an instance's weights ({set}), accuracy steps scored
// against true labels that stay in this process, and constructor arguments that build another export ({$new}).
import { tensor, type Tensor } from '@gradient/tensor';
import { describe, expect, it } from 'vitest';
import type { FixtureCase } from '../fixtures/case';
import { verdictText } from '../render/verdict-text';
import { perform } from '../sandbox/child/perform';
import type { CallRequest } from '../sandbox/protocol';
import { scoreTest } from '../score';
import type { ObjectTestSpec } from '../spec/types';
import { runObjectCheck } from './object-check';
import type { CheckContext } from './verdict';

/** A nearest-prototype classifier: params.P [C, D]; predict returns an Int32Array, as the reference models do. */
class Prototypes {
  params: { P: Tensor };
  constructor(C: number, D: number) {
    this.params = { P: tensor(new Float64Array(C * D), [C, D]) };
  }
  predict(X: Tensor): Int32Array {
    const [N, D] = X.shape;
    const C = this.params.P.shape[0];
    const out = new Int32Array(N);
    for (let n = 0; n < N; n++) {
      let best = Infinity;
      for (let c = 0; c < C; c++) {
        let d2 = 0;
        for (let d = 0; d < D; d++) d2 += (X.get(n, d) - this.params.P.get(c, d)) ** 2;
        if (d2 < best) [best, out[n]] = [d2, c];
      }
    }
    return out;
  }
}

/** Holds a model another export made, as a Solver holds the model it trains. */
class Holder {
  constructor(readonly model: Prototypes, readonly tag: string) {}
  predict(X: Tensor) {
    return Array.from(this.model.predict(X));
  }
}

const X = tensor(Float64Array.from([0, 0, 10, 10, 0.5, 0, 9, 10]), [4, 2]);
const prototypes = { P: tensor(Float64Array.from([0, 0, 10, 10]), [2, 2]) };
const truth = [0, 1, 0, 0];

function spec(steps: ObjectTestSpec['steps'], extra: Partial<ObjectTestSpec> = {}): ObjectTestSpec {
  return { number: '3', name: 'prototypes', points: 2, set: 'public', kind: 'object', class: 'Prototypes', fixture: 'p', tolerance: 1e-8, steps, ...extra };
}

async function check(s: ObjectTestSpec, c: FixtureCase, mod: Record<string, unknown>) {
  const requests: CallRequest[] = [];
  const ctx: CheckContext = {
    runner: { run: async (req) => (requests.push(req), perform(mod, req)) },
    cases: [c], timeLimitMs: 5000, testLabel: '3 prototypes', forwards: new Set(),
  };
  return { verdicts: await runObjectCheck(s, ctx), requests };
}

const setThenPredict = (expected: number[]): FixtureCase => ({
  name: 'c', args: [2, 2], expected: null,
  steps: [{ args: [prototypes], expected: null }, { args: [X], expected }],
});

describe('object steps: set, accuracy, $new', () => {
  it('sets the weights, then measures the accuracy of the predicted labels; the true labels never reach the child', async () => {
    const s = spec([{ set: 'params' }, { method: 'predict', returns: 'accuracy', atLeast: 0.7 }]);
    const { verdicts, requests } = await check(s, setThenPredict(truth), { Prototypes });
    // rows 3 and 4 sit next to prototype 0 and 1: labels [0, 1, 0, 1] against truth [0, 1, 0, 0]
    expect(verdicts[0]).toMatchObject({ ok: true, measured: 0.75 });
    expect(verdicts[0].steps!.map((st) => [st.method, st.ok])).toEqual([['set params', true], ['predict', true]]);
    expect(requests.map((r) => r.kind)).toEqual(['construct', 'assign', 'method']);
    for (const r of requests) for (const a of r.args) expect(a).not.toEqual(truth);
    expect(requests[2]).toMatchObject({ returns: 'labels', args: [expect.objectContaining({ $tensor: true })] });
  });

  it('fails an accuracy step below its atLeast, with the count in the message', async () => {
    const s = spec([{ set: 'params' }, { method: 'predict', returns: 'accuracy', atLeast: 1 }]);
    const { verdicts } = await check(s, setThenPredict(truth), { Prototypes });
    expect(verdicts[0]).toMatchObject({ ok: false, measured: 0.75 });
    expect(verdictText(verdicts[0])).toBe('step 2 Prototypes.predict: accuracy 0.75 (3 of 4 labels right), needs at least 1');
  });

  it('without a set step the weights stay zero: every row goes to class 0, which the accuracy shows', async () => {
    const s = spec([{ method: 'predict', returns: 'accuracy', atLeast: 1 }]);
    const { verdicts } = await check(s, { name: 'c', args: [2, 2], expected: null, steps: [{ args: [X], expected: [1, 1, 1, 1] }] }, { Prototypes });
    expect(verdicts[0].measured).toBe(0);
  });

  it('scores the measured accuracy with the test\'s credit formula', async () => {
    const s = spec([{ set: 'params' }, { method: 'predict', returns: 'accuracy' }], { credit: { thresholds: [[0.5, 1], [0.8, 2]] } });
    const { verdicts } = await check(s, setThenPredict(truth), { Prototypes });
    const result = scoreTest(s, verdicts, 1, 0);
    expect(result).toMatchObject({ score: 1, maxScore: 2, status: 'failed', measured: 0.75 });
    expect(result.output).toContain('measured 0.75: 1 of 2 points');
  });

  it('refuses a wrong number of labels, and a labels value that is no list, without measuring', async () => {
    const Short = class extends Prototypes {
      override predict(X: Tensor) { return super.predict(X).subarray(1); }
    };
    const s = spec([{ set: 'params' }, { method: 'predict', returns: 'accuracy', atLeast: 0.5 }]);
    const short = await check(s, setThenPredict(truth), { Prototypes: Short });
    expect(short.verdicts[0].measured).toBeUndefined();
    expect(verdictText(short.verdicts[0])).toMatch(/step 2 Prototypes.predict: expected 4 predicted labels/);
    const Words = class extends Prototypes {
      override predict() { return 'cat' as never; }
    };
    const words = await check(s, setThenPredict(truth), { Prototypes: Words });
    expect(verdictText(words.verdicts[0])).toMatch(/expected 4 predicted labels .* got/);
  });

  it('a set step on a field that is no object fails that step by name', async () => {
    const NoParams = class extends Prototypes {
      constructor(C: number, D: number) { super(C, D); (this as { params: unknown }).params = 3; }
    };
    const s = spec([{ set: 'params' }, { method: 'predict', returns: 'accuracy', atLeast: 0.5 }]);
    const { verdicts } = await check(s, setThenPredict(truth), { Prototypes: NoParams });
    expect(verdicts[0].steps![0]).toMatchObject({ method: 'set params', ok: false });
    expect(verdictText(verdicts[0])).toMatch(/step 1 setting Prototypes.params: Prototypes.params is not an object whose entries can be set \(it is number\)/);
  });

  it('builds a constructor argument from another export with {$new}, and names a missing one', async () => {
    const s: ObjectTestSpec = {
      ...spec([{ method: 'predict', returns: 'accuracy', atLeast: 0.5 }]), class: 'Holder',
      args: [{ $new: 'Prototypes', args: [2, 2] }, 'h'],
    };
    const c: FixtureCase = { name: 'c', args: [], expected: null, steps: [{ args: [X], expected: [0, 0, 0, 0] }] };
    const { verdicts } = await check(s, c, { Holder, Prototypes });
    expect(verdicts[0]).toMatchObject({ ok: true, measured: 1 });
    const missing = await check(s, c, { Holder });
    expect(verdictText(missing.verdicts[0])).toMatch(/new Holder\(\.\.\.\) needs an instance of your exported class 'Prototypes', but it is not exported/);
  });

  it('judges a grads record against its largest grad: rounding noise in a zero grad passes, a wrong small grad fails', async () => {
    const want = { loss: 1, grads: { W: tensor(Float64Array.from([0.8, -1.2]), [2]), b: tensor(Float64Array.from([-2e-17, 1e-3]), [2]) } };
    const withB = (b: number[]) => class {
      params = {};
      loss() { return { loss: 1, grads: { W: tensor(Float64Array.from([0.8, -1.2]), [2]), b: tensor(Float64Array.from(b), [2]) } }; }
    };
    const s: ObjectTestSpec = { ...spec([{ method: 'loss', returns: 'loss-and-grads' }]), class: 'Net' };
    const c: FixtureCase = { name: 'c', args: [], expected: null, steps: [{ args: [], expected: want }] };
    // 3e-17 against -2e-17: a relative error of 1 against b's own floor (1e-8 -> 5e-9), 4e-17 against the record's 1.2
    const noise = await check(s, c, { Net: withB([3e-17, 1e-3]) });
    expect(noise.verdicts[0].ok).toBe(true);
    // and says each grad's error, as the courses' gradient checks print it
    expect(scoreTest(s, noise.verdicts, 1, 0).output.split('\n')).toEqual(['1/1 case passed', 'step 1 loss: W relative error: 0.00e+0, b relative error: 4.17e-17']);
    const twice = await check(s, c, { Net: withB([-2e-17, 2e-3]) });
    expect(twice.verdicts[0].ok).toBe(false);
    expect(verdictText(twice.verdicts[0])).toMatch(/grads\.b: relative error 8\.33e-4 exceeds 1e-10/);
  });
});
