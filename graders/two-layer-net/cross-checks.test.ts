// The fixtures' numbers checked by a second route: NumPy for spec C's toy and linspace checks (and the numbers
// the course prints), hand arithmetic for the two-step update-rule cases. The reference made the fixtures;
// these tests say it made the right ones.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAssignment, readFixtures, type FixtureCase } from '@gradient/grader';
import type { Tensor } from '@gradient/tensor';
import { numpyAvailable, runNumpy } from '@gradient/tensor/testing';

const here = fileURLToPath(new URL('.', import.meta.url));
const { sets } = readFixtures(loadAssignment(here).publicFixturesDir);
const caseNamed = (set: string, name: string): FixtureCase => {
  const c = sets[set].find((k) => k.name === name);
  if (!c) throw new Error(`no public case ${name} in ${set}`);
  return c;
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(a) + Math.abs(b));
const lossOf = (v: unknown) => (v as { loss: number }).loss;
const values = (t: unknown) => Array.from((t as Tensor).data);

describe.skipIf(!numpyAvailable)('TwoLayerNet fixtures against NumPy', () => {
  it("linspace check: the scores and both losses, and the course's printed 3.4702243556 and 26.5948426952", () => {
    const c = caseNamed('two_layer_linspace', 'spec-N3-D5-H50-C7');
    const [scores, loss0, loss1] = runNumpy(`
N, D, H, C = 3, 5, 50, 7
X = np.linspace(-5.5, 4.5, num=N*D).reshape(D, N).T
W1 = np.linspace(-0.7, 0.3, num=D*H).reshape(D, H); b1 = np.linspace(-0.1, 0.9, num=H)
W2 = np.linspace(-0.3, 0.4, num=H*C).reshape(H, C); b2 = np.linspace(-0.9, 0.1, num=C)
y = np.array([0, 5, 1])
s = np.maximum(0, X @ W1 + b1) @ W2 + b2
z = s - s.max(axis=1, keepdims=True)
logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
loss0 = -logp[np.arange(N), y].mean()
print(json.dumps([s.ravel().tolist(), loss0, loss0 + 0.5 * 1.0 * ((W1**2).sum() + (W2**2).sum())]))`) as [number[], number, number];
    values(c.steps![1].expected).forEach((v, i) => expect(rel(v, scores[i])).toBeLessThan(1e-13));
    expect(c.steps![2].args[2]).toBe(0);
    expect(c.steps![3].args[2]).toBe(1);
    expect(rel(lossOf(c.steps![2].expected), loss0)).toBeLessThan(1e-13);
    expect(rel(lossOf(c.steps![3].expected), loss1)).toBeLessThan(1e-13);
    expect(Math.abs(lossOf(c.steps![2].expected) - 3.4702243556)).toBeLessThan(1e-10);
    expect(Math.abs(lossOf(c.steps![3].expected) - 26.5948426952)).toBeLessThan(1e-10);
  });

  it.each([['HD', '(10, 4)', '(3, 10)', 'X @ W1.T', 'h @ W2.T'], ['DH', '(4, 10)', '(10, 3)', 'X @ W1', 'h @ W2']])(
    'toy check, layout %s: weights from np.random.seed(0), X from np.random.seed(1), scores and the reg 0.05 loss',
    (layout, w1Shape, w2Shape, hidden, scoresExpr) => {
      const c = caseNamed('two_layer_toy', `notebook-toy-${layout}`);
      const [scores, loss] = runNumpy(`
np.random.seed(0)
W1 = 0.1 * np.random.randn${w1Shape}
W2 = 0.1 * np.random.randn${w2Shape}
np.random.seed(1)
X = 10 * np.random.randn(5, 4)
y = np.array([0, 1, 2, 2, 1])
h = np.maximum(0, ${hidden})
s = ${scoresExpr}
z = s - s.max(axis=1, keepdims=True)
logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
print(json.dumps([s.ravel().tolist(), -logp[np.arange(5), y].mean() + 0.5 * 0.05 * ((W1**2).sum() + (W2**2).sum())]))`) as [number[], number];
      expect(values(c.steps![0].args[0])).toEqual(values(c.steps![1].args[0]));
      expect(c.steps![1].args.slice(1)).toEqual([[0, 1, 2, 2, 1], 0.05]);
      values(c.steps![0].expected).forEach((v, i) => expect(rel(v, scores[i])).toBeLessThan(1e-13));
      expect(rel(lossOf(c.steps![1].expected), loss)).toBeLessThan(1e-13);
    },
  );
});

describe('update rules: the hand cases, two steps worked out by hand', () => {
  // w = [1, -2], dw1 = [0.5, 0.25], dw2 = [-1, 2]; step 2 starts from step 1's result and returned config
  const stepOf = (set: string, k: 1 | 2) => {
    const c = caseNamed(set, `hand-step${k}`);
    const [w, config] = c.expected as [Tensor, Record<string, unknown>];
    return { w: values(w), config, args: c.args };
  };
  const close = (got: number[], want: number[]) => got.forEach((g, i) => expect(rel(g, want[i])).toBeLessThan(1e-14));

  it('the inputs are the hand values, and step 2 starts where step 1 ended', () => {
    for (const set of ['sgd', 'sgd_momentum', 'rmsprop', 'adam']) {
      const [one, two] = [stepOf(set, 1), stepOf(set, 2)];
      expect(values(one.args[0])).toEqual([1, -2]);
      expect(values(one.args[1])).toEqual([0.5, 0.25]);
      expect(values(two.args[1])).toEqual([-1, 2]);
      expect(values(two.args[0])).toEqual(one.w);
    }
  });

  it('sgd, learning rate 0.1: 1 - 0.05 = 0.95, then 0.95 + 0.1 = 1.05', () => {
    close(stepOf('sgd', 1).w, [0.95, -2.025]);
    close(stepOf('sgd', 2).w, [1.05, -2.225]);
  });

  it('sgd momentum 0.9, learning rate 0.1: velocity [-0.05, -0.025], then 0.9 v + [0.1, -0.2]', () => {
    const [one, two] = [stepOf('sgd_momentum', 1), stepOf('sgd_momentum', 2)];
    close(values(one.config.velocity), [-0.05, -0.025]);
    close(one.w, [0.95, -2.025]);
    close(values(two.config.velocity), [0.055, -0.2225]);
    close(two.w, [1.005, -2.2475]);
  });

  it('rmsprop, decay 0.99, learning rate 0.01: cache 0.01 dw1² = [0.0025, 0.000625], then 0.99 cache + 0.01 dw2²', () => {
    const [one, two] = [stepOf('rmsprop', 1), stepOf('rmsprop', 2)];
    close(values(one.config.cache), [0.0025, 0.000625]);
    const w1 = [1 - (0.01 * 0.5) / (0.05 + 1e-8), -2 - (0.01 * 0.25) / (0.025 + 1e-8)];
    close(one.w, w1);
    const cache2 = [0.002475 + 0.01, 0.00061875 + 0.04];
    close(values(two.config.cache), cache2);
    close(two.w, [w1[0] + 0.01 / (Math.sqrt(cache2[0]) + 1e-8), w1[1] - 0.02 / (Math.sqrt(cache2[1]) + 1e-8)]);
  });

  it('adam 0.9 / 0.999, learning rate 1e-3: step 1 moves each entry by ~1e-3 against its gradient sign; step 2 by hand', () => {
    const [one, two] = [stepOf('adam', 1), stepOf('adam', 2)];
    close(values(one.config.m), [0.05, 0.025]);
    close(values(one.config.v), [0.00025, 0.0000625]);
    expect(one.config.t).toBe(1);
    // bias-corrected: mt = m / 0.1 = dw1, vt = v / 0.001 = dw1², so the step is 1e-3 * dw1 / (|dw1| + 1e-8)
    const w1 = [1 - (1e-3 * 0.5) / (0.5 + 1e-8), -2 - (1e-3 * 0.25) / (0.25 + 1e-8)];
    close(one.w, w1);
    const m2 = [0.045 - 0.1, 0.0225 + 0.2];
    const v2 = [0.00024975 + 0.001, 0.0000624375 + 0.004];
    close(values(two.config.m), m2);
    close(values(two.config.v), v2);
    expect(two.config.t).toBe(2);
    const c1 = 1 - 0.81;
    const c2 = 1 - 0.998001;
    close(two.w, w1.map((w, i) => w - (1e-3 * (m2[i] / c1)) / (Math.sqrt(v2[i] / c2) + 1e-8)));
  });
});
