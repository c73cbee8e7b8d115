import { fromNested, linspace, relError, reshape, tensor, toNested, type Tensor } from '@gradient/tensor';
import { describe, expect, it } from 'vitest';
import { adam, rmsprop, sgd, sgdMomentum } from './optim';
import { numpyAvailable, runNumpy } from '@gradient/tensor/testing';

const t = (values: number[]) => tensor(values, [values.length]);
const values = (x: Tensor) => Array.from(x.data);

function expectClose(actual: Tensor, expected: number[]) {
  expect(actual.shape).toEqual([expected.length]);
  values(actual).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
}

describe('update rules: hand-computed two steps', () => {
  it('sgd: w - lr dw, default learning rate 1e-2', () => {
    const [w1, c1] = sgd(t([1, -2]), t([0.5, 1]), { learningRate: 0.1 });
    expectClose(w1, [1 - 0.05, -2 - 0.1]);
    const [w2] = sgd(w1, t([-1, 2]), c1);
    expectClose(w2, [0.95 + 0.1, -2.1 - 0.2]);
    const [w, config] = sgd(t([1]), t([1]));
    expectClose(w, [0.99]);
    expect(config.learningRate).toBe(1e-2);
  });

  it('sgd_momentum: v = mu v - lr dw, w + v, velocity carried in the config', () => {
    const [w1, c1] = sgdMomentum(t([1, -2]), t([0.5, 1]), { learningRate: 0.1 });
    expect(c1.momentum).toBe(0.9);
    expectClose(c1.velocity, [-0.05, -0.1]); // 0.9 * 0 - 0.1 * dw
    expectClose(w1, [0.95, -2.1]);
    const [w2, c2] = sgdMomentum(w1, t([-1, 2]), c1);
    expectClose(c2.velocity, [0.9 * -0.05 + 0.1, 0.9 * -0.1 - 0.2]); // [0.055, -0.29]
    expectClose(w2, [0.95 + 0.055, -2.1 - 0.29]);
  });

  it('rmsprop: cache = d cache + (1 - d) dw^2, w - lr dw / (sqrt(cache) + eps)', () => {
    const config = { learningRate: 0.1, decayRate: 0.75, epsilon: 0 };
    const [w1, c1] = rmsprop(t([1, -2]), t([2, -4]), config);
    expectClose(c1.cache, [0.25 * 4, 0.25 * 16]); // [1, 4]
    expectClose(w1, [1 - (0.1 * 2) / 1, -2 + (0.1 * 4) / 2]); // [0.8, -1.8]
    const [w2, c2] = rmsprop(w1, t([-1, 2]), c1);
    expectClose(c2.cache, [0.75 * 1 + 0.25 * 1, 0.75 * 4 + 0.25 * 4]); // [1, 4]
    expectClose(w2, [0.8 + 0.1 / 1, -1.8 - 0.2 / 2]); // [0.9, -1.9]
    const [, defaults] = rmsprop(t([1]), t([1]));
    expect([defaults.learningRate, defaults.decayRate, defaults.epsilon]).toEqual([1e-2, 0.99, 1e-8]);
  });

  it('adam: t incremented before use, bias-corrected m and v', () => {
    const config = { learningRate: 0.1, beta1: 0.5, beta2: 0.75, epsilon: 0 };
    const [w1, c1] = adam(t([1, -2]), t([2, -4]), config);
    // t = 1: m = 0.5 dw = [1, -2], mt = m / 0.5 = [2, -4]; v = 0.25 dw^2 = [1, 4], vt = v / 0.25 = [4, 16]
    expect(c1.t).toBe(1);
    expectClose(c1.m, [1, -2]);
    expectClose(c1.v, [1, 4]);
    expectClose(w1, [1 - (0.1 * 2) / 2, -2 + (0.1 * 4) / 4]); // [0.9, -1.9]
    // t = 2: m = 0.5 m + 0.5 dw = [1.5, -3], mt = m / 0.75 = [2, -4]; v = 0.75 v + 0.25 dw^2 = [1.75, 7], vt = v / 0.4375 = [4, 16]
    const [w2, c2] = adam(w1, t([2, -4]), c1);
    expect(c2.t).toBe(2);
    expectClose(c2.m, [1.5, -3]);
    expectClose(c2.v, [1.75, 7]);
    expectClose(w2, [0.9 - (0.1 * 2) / 2, -1.9 + (0.1 * 4) / 4]); // [0.8, -1.8]
    const [, defaults] = adam(t([1]), t([1]));
    expect([defaults.learningRate, defaults.beta1, defaults.beta2, defaults.epsilon]).toEqual([1e-3, 0.9, 0.999, 1e-8]);
  });

  it('never mutates w, dw or the config, and rejects a dw of another shape', () => {
    const w = t([1, 2]);
    const dw = t([3, 4]);
    const velocity = t([0.5, 0.5]);
    const config = { learningRate: 0.1, velocity };
    sgd(w, dw);
    sgdMomentum(w, dw, config);
    const [, c] = adam(w, dw, { m: t([1, 1]), v: t([1, 1]), t: 3 });
    rmsprop(w, dw, { cache: t([1, 1]) });
    expect([values(w), values(dw), values(velocity)]).toEqual([[1, 2], [3, 4], [0.5, 0.5]]);
    expect(Object.keys(config)).toEqual(['learningRate', 'velocity']);
    expect(c.t).toBe(4);
    expect(() => sgd(w, t([1, 2, 3]))).toThrow(/dw/);
    expect(() => adam(w, dw, { m: t([1]) })).toThrow(/config\.m/);
  });
});

// The courses' optim.py formulas and the notebook's inputs (N, D = 4, 5, linspace data), two steps each, run by NumPy.
const coursePython = `
N, D = 4, 5
w = np.linspace(-0.4, 0.6, num=N*D).reshape(N, D)
dw = np.linspace(-0.6, 0.4, num=N*D).reshape(N, D)
dw2 = np.linspace(0.3, -0.5, num=N*D).reshape(N, D)
out = {}
def sgd(w, dw, c): return w - c['lr'] * dw, c
def momentum(w, dw, c):
    v = c['mu'] * c['v'] - c['lr'] * dw
    return w + v, dict(c, v=v)
def rmsprop(w, dw, c):
    cache = c['d'] * c['cache'] + (1 - c['d']) * dw**2
    return w - c['lr'] * dw / (np.sqrt(cache) + 1e-8), dict(c, cache=cache)
def adam(w, dw, c):
    t = c['t'] + 1
    m = 0.9 * c['m'] + (1 - 0.9) * dw
    mt = m / (1 - 0.9**t)
    v = 0.999 * c['v'] + (1 - 0.999) * (dw**2)
    vt = v / (1 - 0.999**t)
    return w - c['lr'] * mt / (np.sqrt(vt) + 1e-8), dict(c, m=m, v=v, t=t)
configs = {
  'sgd': (sgd, {'lr': 1e-3}),
  'momentum': (momentum, {'lr': 1e-3, 'mu': 0.9, 'v': np.linspace(0.6, 0.9, num=N*D).reshape(N, D)}),
  'rmsprop': (rmsprop, {'lr': 1e-2, 'd': 0.99, 'cache': np.linspace(0.6, 0.9, num=N*D).reshape(N, D)}),
  'adam': (adam, {'lr': 1e-2, 't': 5, 'm': np.linspace(0.6, 0.9, num=N*D).reshape(N, D), 'v': np.linspace(0.7, 0.5, num=N*D).reshape(N, D)}),
}
for name, (rule, c) in configs.items():
    w1, c1 = rule(w, dw, c)
    w2, _ = rule(w1, dw2, c1)
    out[name] = [w1.tolist(), w2.tolist()]
print(json.dumps(out))
`;

describe('update rules against NumPy on the courses\' inputs', () => {
  it.skipIf(!numpyAvailable)('two steps of each rule match the NumPy arrays (rel error < 1e-12)', () => {
    const expected = runNumpy(coursePython) as Record<string, [unknown, unknown]>;
    const grid = (a: number, b: number) => reshape(linspace(a, b, 20), [4, 5]);
    const w = grid(-0.4, 0.6);
    const dw = grid(-0.6, 0.4);
    const dw2 = grid(0.3, -0.5);
    const runs = {
      sgd: (x: Tensor, g: Tensor, c?: object) => sgd(x, g, c ?? { learningRate: 1e-3 }),
      momentum: (x: Tensor, g: Tensor, c?: object) => sgdMomentum(x, g, c ?? { learningRate: 1e-3, velocity: grid(0.6, 0.9) }),
      rmsprop: (x: Tensor, g: Tensor, c?: object) => rmsprop(x, g, c ?? { learningRate: 1e-2, cache: grid(0.6, 0.9) }),
      adam: (x: Tensor, g: Tensor, c?: object) => adam(x, g, c ?? { learningRate: 1e-2, t: 5, m: grid(0.6, 0.9), v: grid(0.7, 0.5) }),
    };
    for (const [name, run] of Object.entries(runs)) {
      const [w1, c1] = run(w, dw);
      const [w2] = run(w1, dw2, c1);
      const [e1, e2] = expected[name];
      expect(relError(w1, fromNested(e1)), `${name} step 1`).toBeLessThan(1e-12);
      expect(relError(w2, fromNested(e2)), `${name} step 2`).toBeLessThan(1e-12);
      expect(toNested(w1)).not.toEqual(toNested(w));
    }
  });
});
