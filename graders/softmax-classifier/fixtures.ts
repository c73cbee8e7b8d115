// Fixture sets for softmax-classifier, made by the reference solution. 'public' sets are committed under
// fixtures/softmax-classifier/public; 'hidden' sets use other shapes, other rows of the data sets and the
// instructor's seed, and are generated at grading time.
import { clone, map, type RandomState, type Tensor } from '@gradient/tensor';
import type { CaseValue, FixtureCase, FixtureContext, FixtureSets } from '@gradient/grader';
import * as ref from './reference';
import { mnistRows, type Rows } from './mnist-rows';
import { loadScene } from './scene-set';

const seedFrom = (rng: RandomState) => rng.randint(0, 2 ** 31) as number;
const labels = (rng: RandomState, n: number, c: number) => Array.from((rng.randint(0, c, [n]) as Tensor).data);
const scaled = (t: Tensor, s: number, shift = 0) => map(t, (v) => s * v + shift);
/** Copies of a params record: the reference trains in place and must not change the case's arguments. */
const copies = (p: Record<string, Tensor>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, clone(v)]));

interface Shape { name: string; n: number; d: number; c: number }

// Row-wise softmax. The 'large' cases hold logits near +-1000: exp overflows there unless each row's
// max is subtracted first, so code without it returns NaN and fails that case only.
function softmaxCases(ctx: FixtureContext): FixtureCase[] {
  const shapes = ctx.variant === 'public'
    ? [{ name: 'N2-C3', n: 2, c: 3, scale: 1, shift: 0 }, { name: 'large-N4-C10', n: 4, c: 10, scale: 300, shift: 900 }, { name: 'large-negative-N1-C15', n: 1, c: 15, scale: 50, shift: -1000 }]
    : [{ name: 'N5-C7', n: 5, c: 7, scale: 2, shift: 0 }, { name: 'large-N3-C4', n: 3, c: 4, scale: 200, shift: 1200 }, { name: 'large-negative-N2-C12', n: 2, c: 12, scale: 100, shift: -800 }];
  return shapes.map((s) => {
    const logits = scaled(ctx.rng.randn(s.n, s.c), s.scale, s.shift);
    return { name: s.name, args: [logits], expected: ref.softmax(logits) };
  });
}

// Loss and gradients at given weights (set first). 'one-example' is the course's per-example formulas;
// 'batch' their mean over N rows; 'large-logits' has biases near 1000 (hidden: -2000) and weights of 100, so
// every logit is far past where exp overflows (710) or underflows to 0 (-745) unless each row's max is
// subtracted first. D > C everywhere, so
// swapped indices (x_j for x_i) cannot line up.
function lossCases(ctx: FixtureContext): FixtureCase[] {
  const shapes: (Shape & { w: number; b: number })[] = ctx.variant === 'public'
    ? [{ name: 'one-example-D8-C4', n: 1, d: 8, c: 4, w: 0.5, b: 0 }, { name: 'batch-N7-D20-C5', n: 7, d: 20, c: 5, w: 0.5, b: 0 }, { name: 'large-logits-N3-D6-C4', n: 3, d: 6, c: 4, w: 100, b: 1000 }]
    : [{ name: 'one-example-D11-C3', n: 1, d: 11, c: 3, w: 0.5, b: 0 }, { name: 'batch-N9-D15-C7', n: 9, d: 15, c: 7, w: 1, b: 0 }, { name: 'large-logits-N2-D9-C6', n: 2, d: 9, c: 6, w: 100, b: -2000 }];
  return shapes.map((s) => {
    const params = { W: scaled(ctx.rng.randn(s.c, s.d), s.w), b: scaled(ctx.rng.randn(s.c), 1, s.b) };
    const X = ctx.rng.rand(s.n, s.d);
    const y = labels(ctx.rng, s.n, s.c);
    const options = { inputSize: s.d, numClasses: s.c };
    const model = new ref.SoftmaxClassifier(options);
    model.params = copies(params) as typeof model.params;
    return { name: s.name, args: [options], expected: null, steps: [{ args: [params], expected: null }, { args: [X, y], expected: model.loss(X, y) as unknown as CaseValue }] };
  });
}

interface EpochData { name: string; X: CaseValue; y: CaseValue; rows: Rows; numClasses: number; lr: number }

/** A toy problem, scene rows and MNIST rows: D = 12, 128 and 784 features. */
function epochData(ctx: FixtureContext): EpochData[] {
  const toy = (name: string, n: number, d: number, c: number, lr: number): EpochData => {
    const X = ctx.rng.rand(n, d);
    const y = labels(ctx.rng, n, c);
    return { name, X, y, rows: { X, y }, numClasses: c, lr };
  };
  const scene = (from: number, count: number): EpochData => {
    const rows = loadScene('train', from, count);
    return { name: `scene-train-${from}-${from + count}`, X: rows.X, y: rows.y, rows, numClasses: 15, lr: 0.1 };
  };
  const mnist = (from: number, count: number): EpochData => ({ name: `mnist-train-${from}-${from + count}`, ...mnistRows(ctx, 'train', from, count), numClasses: 10, lr: 0.01 });
  return ctx.variant === 'public'
    ? [toy('toy-N20-D12-C4', 20, 12, 4, 0.5), scene(0, 60), mnist(0, 100)]
    : [toy('toy-N25-D9-C3', 25, 9, 3, 0.3), scene(60 * ctx.rng.randint(1, 10), 60), mnist(100 * ctx.rng.randint(10, 600), 100)];
}

// Two epochs of per-example SGD from given weights, each in a new order the instance's rng permutes: each
// epoch's mean loss and running accuracy, then the logits of the trained weights (W and b in one look).
function epochCases(ctx: FixtureContext): FixtureCase[] {
  return epochData(ctx).map((e) => {
    const d = e.rows.X.shape[1];
    const numClasses = e.numClasses;
    const params = { W: scaled(ctx.rng.randn(numClasses, d), 0.01), b: scaled(ctx.rng.randn(numClasses), 0.01) };
    const rng = { $rng: seedFrom(ctx.rng) };
    const model = new ref.SoftmaxClassifier({ inputSize: d, numClasses, rng: ctx.rngFor(rng.$rng) });
    model.params = copies(params) as typeof model.params;
    const first = model.trainEpoch(e.rows.X, e.rows.y, e.lr);
    const second = model.trainEpoch(e.rows.X, e.rows.y, e.lr);
    return {
      name: `${e.name}-lr${e.lr}`, args: [{ inputSize: d, numClasses, rng }], expected: null,
      steps: [
        { args: [params], expected: null },
        { args: [e.X, e.y, e.lr], expected: { loss: first.loss, accuracy: first.accuracy } },
        { args: [e.X, e.y, e.lr], expected: { loss: second.loss, accuracy: second.accuracy } },
        { args: [e.X], expected: model.logits(e.rows.X) },
      ],
    };
  });
}

/** MNIST: 1000 training rows, 1000 test rows; hidden: other blocks of both splits. */
function mnistSplit(ctx: FixtureContext) {
  const [trainFrom, testFrom] = ctx.variant === 'public' ? [0, 0] : [1000 * ctx.rng.randint(1, 60), 1000 * ctx.rng.randint(1, 10)];
  return { name: `mnist-train-${trainFrom}-test-${testFrom}`, train: mnistRows(ctx, 'train', trainFrom, 1000), test: mnistRows(ctx, 'test', testFrom, 1000) };
}

// 10 epochs of training, the course's table printed by report(), then the held-out predictions; the
// accuracy step's expected value is the true labels, which stay in the grader. The reference is trained by
// the grader's check on every generated set and must reach the test's top threshold (E_REFERENCE otherwise).
function mnistTrainingCases(ctx: FixtureContext): FixtureCase[] {
  const { name, train, test } = mnistSplit(ctx);
  const rng = { $rng: seedFrom(ctx.rng) };
  return [{
    name, args: [{ inputSize: 784, numClasses: 10, rng }], expected: null,
    steps: [
      { args: [train.X, train.y, test.X, test.y, { epochs: 10, learningRate: 0.01 }], expected: null },
      { args: ['MNIST'], expected: null },
      { args: [test.X], expected: test.y },
    ],
  }];
}

// The scene-feature set: 300 training and 150 test rows (20 and 10 per class on average); hidden: the other halves.
function sceneTrainingCases(ctx: FixtureContext): FixtureCase[] {
  const [trainFrom, testFrom] = ctx.variant === 'public' ? [0, 0] : [300, 150];
  const train = loadScene('train', trainFrom, 300);
  const test = loadScene('test', testFrom, 150);
  const rng = { $rng: seedFrom(ctx.rng) };
  return [{
    name: `scene-train-${trainFrom}-test-${testFrom}`, args: [{ inputSize: 128, numClasses: 15, rng }], expected: null,
    steps: [
      { args: [train.X, train.y, test.X, test.y, { epochs: 10, learningRate: 0.1 }], expected: null },
      { args: ['scenes'], expected: null },
      { args: [test.X], expected: test.y },
    ],
  }];
}

// The SVM head's hinge loss and gradients at given weights, on logit-like features (randn * 5).
function svmLossCases(ctx: FixtureContext): FixtureCase[] {
  const shapes: (Shape & { reg: number })[] = ctx.variant === 'public'
    ? [{ name: 'one-example-F10-C10', n: 1, d: 10, c: 10, reg: 0 }, { name: 'batch-N8-F10-C10-reg0.25', n: 8, d: 10, c: 10, reg: 0.25 }, { name: 'batch-N5-F15-C6', n: 5, d: 15, c: 6, reg: 0 }]
    : [{ name: 'one-example-F15-C15-reg0.1', n: 1, d: 15, c: 15, reg: 0.1 }, { name: 'batch-N11-F10-C10', n: 11, d: 10, c: 10, reg: 0 }, { name: 'batch-N6-F7-C5-reg1', n: 6, d: 7, c: 5, reg: 1 }];
  return shapes.map((s) => {
    const params = { W: scaled(ctx.rng.randn(s.c, s.d), 0.3), b: ctx.rng.randn(s.c) };
    const F = scaled(ctx.rng.randn(s.n, s.d), 5);
    const y = labels(ctx.rng, s.n, s.c);
    const options = { numFeatures: s.d, numClasses: s.c };
    const svm = new ref.MulticlassSVM(options);
    svm.params = copies(params) as typeof svm.params;
    return { name: s.name, args: [options], expected: null, steps: [{ args: [params], expected: null }, { args: [F, y, s.reg], expected: svm.loss(F, y, s.reg) as unknown as CaseValue }] };
  });
}

// One epoch of the SVM's per-example SGD from given weights; then its scores (W and b in one look).
function svmEpochCases(ctx: FixtureContext): FixtureCase[] {
  const shapes: (Shape & { reg: number; lr: number })[] = ctx.variant === 'public'
    ? [{ name: 'N30-F10-C10', n: 30, d: 10, c: 10, reg: 0, lr: 0.01 }, { name: 'N20-F6-C4-reg0.5', n: 20, d: 6, c: 4, reg: 0.5, lr: 0.05 }]
    : [{ name: 'N40-F15-C15-reg0.1', n: 40, d: 15, c: 15, reg: 0.1, lr: 0.01 }, { name: 'N25-F8-C5', n: 25, d: 8, c: 5, reg: 0, lr: 0.03 }];
  return shapes.map((s) => {
    const params = { W: scaled(ctx.rng.randn(s.c, s.d), 0.1), b: scaled(ctx.rng.randn(s.c), 0.1) };
    const F = scaled(ctx.rng.randn(s.n, s.d), 5);
    const y = labels(ctx.rng, s.n, s.c);
    const rng = { $rng: seedFrom(ctx.rng) };
    const svm = new ref.MulticlassSVM({ numFeatures: s.d, numClasses: s.c, rng: ctx.rngFor(rng.$rng) });
    svm.params = copies(params) as typeof svm.params;
    const history = svm.trainEpoch(F, y, s.lr, s.reg);
    return {
      name: `${s.name}-lr${s.lr}`, args: [{ numFeatures: s.d, numClasses: s.c, rng }], expected: null,
      steps: [
        { args: [params], expected: null },
        { args: [F, y, s.lr, s.reg], expected: { loss: history.loss, accuracy: history.accuracy } },
        { args: [F], expected: svm.scores(F) },
      ],
    };
  });
}

// NN + SVM on MNIST: the net's 10 epochs, then the SVM's 10 on the frozen net's logits; accuracy of the SVM.
function netSvmCases(ctx: FixtureContext): FixtureCase[] {
  const { name, train, test } = mnistSplit(ctx);
  const rng = { $rng: seedFrom(ctx.rng) };
  return [{
    name, args: [{ inputSize: 784, numClasses: 10, rng }], expected: null,
    steps: [
      { args: [train.X, train.y, test.X, test.y, { epochs: 10, learningRate: 0.01, svmLearningRate: 0.001 }], expected: null },
      { args: ['MNIST'], expected: null },
      { args: [test.X], expected: test.y },
    ],
  }];
}

export const fixtureSets: FixtureSets = {
  softmax: softmaxCases,
  loss_and_grads: lossCases,
  sgd_epoch: epochCases,
  mnist_training: mnistTrainingCases,
  scene_training: sceneTrainingCases,
  svm_loss_and_grads: svmLossCases,
  svm_sgd_epoch: svmEpochCases,
  net_svm_mnist: netSvmCases,
};
