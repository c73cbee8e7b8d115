import { describe, expect, it } from 'vitest';
import { evalNumericalGradient, fromNested, RandomState, relError, tensor, toNested, zeros, type Tensor } from '@gradient/tensor';
import { conditionRow, formatConditionTable } from './condition-table';
import { MulticlassSVM, NetSvmClassifier } from './multiclass-svm';
import { softmax, SoftmaxClassifier } from './softmax-classifier';
import { numpyAvailable, runNumpy } from '@gradient/tensor/testing';

/** Largest relative error of each analytic gradient against centered differences of the loss. */
function gradientErrors(params: Record<string, Tensor>, f: () => { loss: number; grads: Record<string, Tensor> }) {
  const { grads } = f();
  const errors: Record<string, number> = {};
  for (const name of Object.keys(params)) errors[name] = relError(grads[name], evalNumericalGradient(() => f().loss, params[name]));
  return errors;
}

/** N examples of D features in [0, 1) with labels in [0, C), from a seeded stream. */
function toyData(seed: number, n: number, d: number, c: number) {
  const rng = new RandomState(seed);
  return { X: rng.rand(n, d), y: Array.from((rng.randint(0, c, [n]) as Tensor).data) };
}

describe('softmax', () => {
  it('matches a hand-computed row and stays finite for logits near 1000 (max subtracted)', () => {
    // [0, ln 2, ln 5] -> [1, 2, 5] / 8
    const p = softmax(tensor([0, Math.log(2), Math.log(5), 1000, 1000 + Math.log(3), 999], [2, 3]));
    const e = Math.exp(-1);
    const want = [1 / 8, 2 / 8, 5 / 8, 1 / (4 + e), 3 / (4 + e), e / (4 + e)];
    // 1000 + ln 3 is stored to within 1000's ulp (1.1e-13), hence 1e-12 rather than machine precision
    expect(relError(p, tensor(want, [2, 3]))).toBeLessThan(1e-12);
  });
});

describe('SoftmaxClassifier: l = W x + b with W [C, D]', () => {
  it('starts with W and b zero, or W = std * randn(C, D) from the rng', () => {
    const zero = new SoftmaxClassifier({ inputSize: 5, numClasses: 3 });
    expect(zero.params.W.shape).toEqual([3, 5]);
    expect([...zero.params.W.data, ...zero.params.b.data].every((v) => v === 0)).toBe(true);
    const drawn = new SoftmaxClassifier({ inputSize: 5, numClasses: 3, std: 0.1, rng: new RandomState(4) });
    const want = new RandomState(4).randn(3, 5);
    for (let i = 0; i < want.data.length; i++) want.data[i] *= 0.1;
    expect(relError(drawn.params.W, want)).toBe(0);
  });

  it.each([1, 6])('loss gradients agree with centered differences (N = %i, rel error < 1e-7)', (n) => {
    const net = new SoftmaxClassifier({ inputSize: 7, numClasses: 4, std: 0.5, rng: new RandomState(2) });
    net.params.b = new RandomState(3).randn(4);
    const { X, y } = toyData(5, n, 7, 4);
    const errors = gradientErrors(net.params, () => net.loss(X, y));
    expect(errors.W).toBeLessThan(1e-7);
    expect(errors.b).toBeLessThan(1e-7);
  });

  it('for one example the gradients are the course\'s dL/dw_ij = x_i (p_j - y_j), dL/db_j = p_j - y_j (naive loops)', () => {
    const net = new SoftmaxClassifier({ inputSize: 6, numClasses: 3, std: 1, rng: new RandomState(8) });
    const { X, y } = toyData(9, 1, 6, 3);
    const { loss, grads } = net.loss(X, y);
    // second route: logits, p and the outer product written out entry by entry
    const l = [0, 1, 2].map((j) => net.params.b.get(j) + [0, 1, 2, 3, 4, 5].reduce((s, i) => s + net.params.W.get(j, i) * X.get(0, i), 0));
    const z = l.reduce((s, v) => s + Math.exp(v), 0);
    const p = l.map((v) => Math.exp(v) / z);
    expect(relError(loss, -Math.log(p[y[0]]))).toBeLessThan(1e-13);
    for (let j = 0; j < 3; j++) {
      const pj = p[j] - (j === y[0] ? 1 : 0);
      expect(relError(grads.b.get(j), pj)).toBeLessThan(1e-13);
      for (let i = 0; i < 6; i++) expect(relError(grads.W.get(j, i), X.get(0, i) * pj)).toBeLessThan(1e-13);
    }
  });

  it('keeps the loss finite when logits are in the thousands', () => {
    const net = new SoftmaxClassifier({ inputSize: 3, numClasses: 3 });
    net.params.W = tensor([1000, 0, 0, 0, 1000, 0, 0, 0, 999], [3, 3]);
    const { loss, grads } = net.loss(tensor([1, 1, 1], [1, 3]), [2]);
    // logits [1000, 1000, 999]: -log(e^-1 / (2 + e^-1))
    expect(relError(loss, Math.log(2 + Math.exp(-1)) + 1)).toBeLessThan(1e-13);
    expect(grads.W.data.every(Number.isFinite)).toBe(true);
  });

  it('an epoch of per-example SGD is N single-example loss() steps in the order rng.permutation(N)', () => {
    const { X, y } = toyData(11, 12, 5, 3);
    const net = new SoftmaxClassifier({ inputSize: 5, numClasses: 3, rng: new RandomState(7) });
    const result = net.trainEpoch(X, y, 0.3);
    // second route: the batch loss() of one example at a time, in NumPy's permutation order for seed 7
    const step = new SoftmaxClassifier({ inputSize: 5, numClasses: 3 });
    const order = new RandomState(7).permutation(12).data;
    let lossSum = 0;
    let hits = 0;
    for (const i of order) {
      const xi = tensor(X.data.slice(i * 5, i * 5 + 5), [1, 5]);
      if (step.predict(xi)[0] === y[i]) hits++;
      const { loss, grads } = step.loss(xi, [y[i]]);
      lossSum += loss;
      for (const name of ['W', 'b'] as const) {
        for (let k = 0; k < grads[name].data.length; k++) step.params[name].data[k] -= 0.3 * grads[name].data[k];
      }
    }
    expect(relError(net.params.W, step.params.W)).toBeLessThan(1e-12);
    expect(relError(net.params.b, step.params.b)).toBeLessThan(1e-12);
    expect(relError(result.loss, lossSum / 12)).toBeLessThan(1e-12);
    expect(result.accuracy).toBe(hits / 12);
  });

  it('fits a separable toy problem: held-out accuracy 1 after 10 epochs, the loss falling', () => {
    // two well separated classes: feature 0 large for class 0, feature 1 large for class 1
    const rng = new RandomState(21);
    const make = (n: number) => {
      const y = Array.from({ length: n }, (_, i) => i % 2);
      const X = rng.rand(n, 4);
      y.forEach((c, i) => X.set(i, c, X.get(i, c) + 3));
      return { X, y };
    };
    const train = make(40);
    const test = make(20);
    const net = new SoftmaxClassifier({ inputSize: 4, numClasses: 2, rng: new RandomState(0) });
    const h = net.train(train.X, train.y, test.X, test.y, { epochs: 10, learningRate: 0.1 });
    expect(h.accuracy.at(-1)).toBe(1);
    expect(h.loss.at(-1)!).toBeLessThan(h.loss[0]);
    expect(net.history).toBe(h);
    const printed: string[] = [];
    expect(net.report('toy', (t) => printed.push(t))).toBe(formatConditionTable([conditionRow('toy', h)]));
    expect(printed).toHaveLength(1);
  });

  it('names the argument on bad input', () => {
    const net = new SoftmaxClassifier({ inputSize: 4, numClasses: 3 });
    expect(() => net.loss(zeros([2, 5]), [0, 1])).toThrow(/SoftmaxClassifier\.loss.*X.*\[N, 4\]/);
    expect(() => net.loss(zeros([2, 4]), [0, 3])).toThrow(/y\[1\].*\[0, 3\)/);
  });
});

describe('MulticlassSVM: hinge loss, margin 1', () => {
  it.each([0, 0.3])('loss gradients agree with centered differences (reg = %f, rel error < 1e-7)', (reg) => {
    const svm = new MulticlassSVM({ numFeatures: 5, numClasses: 4 });
    svm.params.W = new RandomState(31).randn(4, 5);
    svm.params.b = new RandomState(32).randn(4);
    const { X, y } = toyData(33, 8, 5, 4);
    const errors = gradientErrors(svm.params, () => svm.loss(X, y, reg));
    expect(errors.W).toBeLessThan(1e-7);
    expect(errors.b).toBeLessThan(1e-7);
  });

  it('at W = 0 every wrong class is violated by exactly 1: loss C - 1', () => {
    const svm = new MulticlassSVM({ numFeatures: 3, numClasses: 4 });
    expect(svm.loss(tensor([1, 2, 3, 4, 5, 6], [2, 3]), [0, 3]).loss).toBe(3);
  });
});

describe('NN + SVM', () => {
  it('trains the net, then the SVM on its frozen logits; predictions are the SVM\'s on the logits', () => {
    const { X, y } = toyData(41, 60, 6, 3);
    for (let i = 0; i < 60; i++) X.set(i, y[i], X.get(i, y[i]) + 2);
    const model = new NetSvmClassifier({ inputSize: 6, numClasses: 3, rng: new RandomState(1) });
    const h = model.train(X, y, X, y, { epochs: 5, learningRate: 0.1, svmLearningRate: 0.01 });
    expect(h.net.loss).toHaveLength(5);
    expect(h.svm.accuracy.at(-1)!).toBeGreaterThan(0.9);
    expect(Array.from(model.predict(X))).toEqual(Array.from(model.svm.predict(model.net.logits(X))));
    expect(model.report('toy', () => {}).split('\n')).toHaveLength(4); // header, rule, NN, NN + SVM
    expect(model.report('toy', () => {})).toMatch(/toy NN \+ SVM/);
  });
});

describe('the course\'s table', () => {
  it('best accuracy, epoch 0 and last epoch, formatted one line per condition', () => {
    const row = conditionRow('MNIST', { loss: [0.9, 0.5, 0.4], accuracy: [0.8, 0.9, 0.85] });
    expect(row).toEqual({ condition: 'MNIST', bestAccuracy: 0.9, first: { epoch: 0, loss: 0.9, accuracy: 0.8 }, last: { epoch: 2, loss: 0.4, accuracy: 0.85 } });
    const text = formatConditionTable([row]);
    expect(text.split('\n')).toHaveLength(3);
    expect(text).toMatch(/epoch 2 acc/);
    expect(text.split('\n')[2]).toMatch(/^MNIST\s+\|\s+0\.9000 \|\s+0\.9000 \|\s+0\.8000 \|\s+0\.4000 \|\s+0\.8500$/);
    expect(() => conditionRow('x', { loss: [], accuracy: [] })).toThrow(/at least one/);
  });
});

/** The training loops written in NumPy as a course notebook would, on the same data and permutation seed. */
const numpyLoops = (data: { X: unknown; y: number[]; Xt: unknown; yt: number[] }) => `
X = np.array(${JSON.stringify(data.X)}); y = np.array(${JSON.stringify(data.y)})
Xt = np.array(${JSON.stringify(data.Xt)}); yt = np.array(${JSON.stringify(data.yt)})
N, D = X.shape; C = 3
rng = np.random.RandomState(5)
W = np.zeros((C, D)); b = np.zeros(C)
net_loss, net_acc = [], []
for epoch in range(3):
    total = 0.0
    for i in rng.permutation(N):
        l = W.dot(X[i]) + b
        p = np.exp(l - l.max()); p /= p.sum()
        total += -np.log(p[y[i]])
        p[y[i]] -= 1
        W -= 0.2 * np.outer(p, X[i]); b -= 0.2 * p
    net_loss.append(total / N)
    net_acc.append(float(np.mean(np.argmax(Xt.dot(W.T) + b, axis=1) == yt)))
F = X.dot(W.T) + b; Ft = Xt.dot(W.T) + b
V = np.zeros((C, C)); c = np.zeros(C); reg = 0.1
svm_loss, svm_acc = [], []
for epoch in range(3):
    total = 0.0
    for i in rng.permutation(N):
        s = V.dot(F[i]) + c
        m = s - s[y[i]] + 1; m[y[i]] = 0
        total += np.maximum(m, 0).sum()
        g = (m > 0).astype(float); g[y[i]] = -g.sum()
        V -= 0.05 * (np.outer(g, F[i]) + reg * V); c -= 0.05 * g
    svm_loss.append(total / N)
    svm_acc.append(float(np.mean(np.argmax(Ft.dot(V.T) + c, axis=1) == yt)))
print(json.dumps({'W': W.tolist(), 'b': b.tolist(), 'net_loss': net_loss, 'net_acc': net_acc,
                  'V': V.tolist(), 'c': c.tolist(), 'svm_loss': svm_loss, 'svm_acc': svm_acc}))
`;

describe('training loops against NumPy', () => {
  it.skipIf(!numpyAvailable)('3 epochs of the net, then 3 of the SVM on its logits, match NumPy (rel error < 1e-12)', () => {
    const train = toyData(51, 30, 8, 3);
    const test = toyData(52, 15, 8, 3);
    const want = runNumpy(numpyLoops({ X: toNested(train.X), y: train.y, Xt: toNested(test.X), yt: test.y })) as {
      W: number[][]; b: number[]; net_loss: number[]; net_acc: number[]; V: number[][]; c: number[]; svm_loss: number[]; svm_acc: number[];
    };
    const model = new NetSvmClassifier({ inputSize: 8, numClasses: 3, rng: new RandomState(5) });
    const h = model.train(train.X, train.y, test.X, test.y, { epochs: 3, learningRate: 0.2, svmLearningRate: 0.05, reg: 0.1 });
    expect(relError(model.net.params.W, fromNested(want.W))).toBeLessThan(1e-12);
    expect(relError(model.net.params.b, fromNested(want.b))).toBeLessThan(1e-12);
    expect(relError(tensor(h.net.loss, [3]), tensor(want.net_loss, [3]))).toBeLessThan(1e-12);
    expect(h.net.accuracy).toEqual(want.net_acc);
    expect(relError(model.svm.params.W, fromNested(want.V))).toBeLessThan(1e-12);
    expect(relError(model.svm.params.b, fromNested(want.c))).toBeLessThan(1e-12);
    expect(relError(tensor(h.svm.loss, [3]), tensor(want.svm_loss, [3]))).toBeLessThan(1e-12);
    expect(h.svm.accuracy).toEqual(want.svm_acc);
  });
});
