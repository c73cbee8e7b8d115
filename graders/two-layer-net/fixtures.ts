// Fixture sets, made by the reference solution (docs/authoring.md). 'public' sets are committed under
// fixtures/two-layer-net/public (`pnpm gradient fixtures two-layer-net`); 'hidden' sets use other shapes and
// seeds and are generated at grading time from the instructor's seed. Each set draws from its own stream, ctx.rng.
import type { CaseValue, FixtureCase, FixtureContext, FixtureSets } from '@gradient/grader';
import { contiguous, linspace, map, reshape, type RandomState, type Tensor } from '@gradient/tensor';
import * as ref from './reference';

type Variant = FixtureContext['variant'];
const byVariant = <T>(ctx: FixtureContext, pub: T, hidden: T): T => (ctx.variant === 'public' ? pub : hidden);
const prod = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const seedFrom = (rng: RandomState): number => rng.randint(0, 2 ** 31) as number;
const labels = (rng: RandomState, n: number, c: number): number[] => Array.from((rng.randint(0, c, [n]) as Tensor).data);
const scale = (x: Tensor, s: number) => map(x, (v) => v * s);
const transpose2 = (x: Tensor): Tensor => contiguous(x.transpose(1, 0));

// ---------------------------------------------------------------- layers

interface AffineShape { name: string; x: number[]; m: number }

const affineShapes: Record<Variant, AffineShape[]> = {
  public: [
    { name: 'N2-D3-M4', x: [2, 3], m: 4 },
    { name: 'N3-2x2x3-M5', x: [3, 2, 2, 3], m: 5 }, // each example [2, 2, 3] flattened to D = 12
  ],
  hidden: [
    { name: 'N4-D5-M3', x: [4, 5], m: 3 },
    { name: 'N2-3x4-M6', x: [2, 3, 4], m: 6 },
    { name: 'N1-D7-M1', x: [1, 7], m: 1 },
  ],
};

// Backward sets lead with a case too large for a finite-difference "backward" to finish inside the call limit
// (two forwards of ~0.5 M multiply-adds per entry of x and w: tens of seconds); docs/tolerances.md.
const affineBackwardShapes: Record<Variant, AffineShape[]> = {
  public: [{ name: 'large-N32-D256-M64', x: [32, 256], m: 64 }, ...affineShapes.public],
  hidden: [{ name: 'large-N24-16x20-M72', x: [24, 16, 20], m: 72 }, ...affineShapes.hidden],
};

function affineArgs(ctx: FixtureContext, s: AffineShape): Tensor[] {
  return [ctx.rng.randn(...s.x), ctx.rng.randn(prod(s.x.slice(1)), s.m), ctx.rng.randn(s.m)];
}

/** A relu input with exact zeros (relu'(0) = 0: `>=` for `>` is a slip) and both signs. */
function reluInput(ctx: FixtureContext, shape: number[]): Tensor {
  const x = ctx.rng.randn(...shape);
  for (let i = 0; i < x.data.length; i += 5) x.data[i] = 0;
  return x;
}

const reluShapes: Record<Variant, number[][]> = { public: [[3, 5], [2, 3, 4]], hidden: [[4, 6], [1, 2, 3, 5]] };
// ~70,000 entries: a finite-difference backward needs two full forwards per entry (~10^10 steps), far beyond the call limit
const reluLarge: Record<Variant, number[]> = { public: [48, 1500], hidden: [40, 1800] };

interface LossCase { name: string; n: number; c: number; offset?: number; spread?: number }
const lossCases: Record<Variant, LossCase[]> = {
  public: [
    { name: 'N4-C3', n: 4, c: 3 },
    { name: 'N1-C5', n: 1, c: 5 },
    { name: 'N50-C10', n: 50, c: 10 },
    // scores near 1000: exp overflows to Infinity unless each row's max is subtracted first
    { name: 'large-scores-N6-C4', n: 6, c: 4, offset: 1000, spread: 10 },
  ],
  hidden: [
    { name: 'N7-C2', n: 7, c: 2 },
    { name: 'N1-C9', n: 1, c: 9 },
    { name: 'N60-C12', n: 60, c: 12 },
    { name: 'large-scores-N5-C6', n: 5, c: 6, offset: -800, spread: 50 },
  ],
};

function lossCasesFor(ctx: FixtureContext, loss: typeof ref.softmaxLoss): FixtureCase[] {
  return lossCases[ctx.variant].map((l) => {
    const scores = map(ctx.rng.randn(l.n, l.c), (v) => (l.offset ?? 0) + v * (l.spread ?? 1));
    const y = labels(ctx.rng, l.n, l.c);
    const [value, dscores] = loss(scores, y);
    return { name: l.name, args: [scores, y], expected: [value, dscores] };
  });
}

// ---------------------------------------------------------------- TwoLayerNet

interface NetSize { inputSize: number; hiddenSize: number; numClasses: number }
type Layout = 'HD' | 'DH';

const netOptions = (size: NetSize, std: number, rngSeed: number, layout: Layout) =>
  ({ ...size, std, rng: { $rng: rngSeed }, layout });

/** The reference net built exactly as the child builds the student's from netOptions' wire form. */
function refNet(ctx: FixtureContext, options: ReturnType<typeof netOptions>): ref.TwoLayerNet {
  return new ref.TwoLayerNet({ ...options, rng: ctx.rngFor(options.rng.$rng) });
}

/**
 * The first notebook's toy check: weights from seed 0 (std 0.1), X = 10 * randn(5, 4) from seed 1,
 * y = [0, 1, 2, 2, 1], reg 0.05. Then the fc_net layout on the same seeds, and other sizes for the hidden set.
 */
function twoLayerToyCases(ctx: FixtureContext): FixtureCase[] {
  const toy = { size: { inputSize: 4, hiddenSize: 10, numClasses: 3 }, n: 5, weightSeed: 0, dataSeed: 1, reg: 0.05 };
  const list = byVariant(ctx,
    [{ name: 'notebook-toy-HD', layout: 'HD' as Layout, ...toy }, { name: 'notebook-toy-DH', layout: 'DH' as Layout, ...toy }],
    [
      { name: 'D6-H7-C4-HD', layout: 'HD' as Layout, size: { inputSize: 6, hiddenSize: 7, numClasses: 4 }, n: 8, weightSeed: seedFrom(ctx.rng), dataSeed: seedFrom(ctx.rng), reg: 0.1 },
      { name: 'D3-H12-C5-DH', layout: 'DH' as Layout, size: { inputSize: 3, hiddenSize: 12, numClasses: 5 }, n: 1, weightSeed: seedFrom(ctx.rng), dataSeed: seedFrom(ctx.rng), reg: 0.3 },
    ]);
  return list.map((t) => {
    const options = netOptions(t.size, 0.1, t.weightSeed, t.layout);
    const dataRng = ctx.rngFor(t.dataSeed);
    const X = scale(dataRng.randn(t.n, t.size.inputSize), 10);
    const y = t.name.startsWith('notebook') ? [0, 1, 2, 2, 1] : labels(dataRng, t.n, t.size.numClasses);
    const net = refNet(ctx, options);
    return {
      name: t.name, args: [options],
      expected: null,
      steps: [
        { args: [X], expected: net.loss(X) },
        { args: [X, y, t.reg], expected: net.loss(X, y, t.reg) as unknown as CaseValue },
      ],
    };
  });
}

/** Spec C's linspace check: fixed weights set on the net, then the scores and the losses without and with reg. */
function linspaceInputs(N: number, D: number, H: number, C: number) {
  return {
    params: {
      W1: reshape(linspace(-0.7, 0.3, D * H), [D, H]),
      b1: linspace(-0.1, 0.9, H),
      W2: reshape(linspace(-0.3, 0.4, H * C), [H, C]),
      b2: linspace(-0.9, 0.1, C),
    },
    X: transpose2(reshape(linspace(-5.5, 4.5, N * D), [D, N])),
  };
}

function twoLayerLinspaceCases(ctx: FixtureContext): FixtureCase[] {
  const list = byVariant(ctx,
    [{ name: 'spec-N3-D5-H50-C7', N: 3, D: 5, H: 50, C: 7, y: [0, 5, 1], regs: [0, 1.0] }],
    [{ name: 'N4-D6-H20-C5', N: 4, D: 6, H: 20, C: 5, y: [4, 0, 2, 2], regs: [0, 2.5] }]);
  return list.map((t) => {
    const options = netOptions({ inputSize: t.D, hiddenSize: t.H, numClasses: t.C }, 1e-3, seedFrom(ctx.rng), 'DH');
    const { params, X } = linspaceInputs(t.N, t.D, t.H, t.C);
    const net = refNet(ctx, options);
    Object.assign(net.params, params);
    return {
      name: t.name, args: [options], expected: null,
      steps: [
        { args: [params], expected: null },
        { args: [X], expected: net.loss(X) },
        { args: [X, t.y, t.regs[0]], expected: net.loss(X, t.y, t.regs[0]) as unknown as CaseValue },
        { args: [X, t.y, t.regs[1]], expected: net.loss(X, t.y, t.regs[1]) as unknown as CaseValue },
      ],
    };
  });
}

/**
 * Overfit a small set: 50 examples with random labels, no regularization, minibatch SGD with replacement.
 * The history is compared with the reference's; predict on the same 50 must be right on all of them.
 * Settings found so that the reference ends at loss ~0.01 on several seeds, far from the 100 % edge.
 */
function twoLayerOverfitCases(ctx: FixtureContext): FixtureCase[] {
  const t = byVariant(ctx, { name: 'N50-D20-H40-C5', d: 20, h: 40, c: 5 }, { name: 'N50-D30-H50-C4', d: 30, h: 50, c: 4 });
  const options = netOptions({ inputSize: t.d, hiddenSize: t.h, numClasses: t.c }, 0.1, seedFrom(ctx.rng), 'DH');
  const X = ctx.rng.randn(50, t.d);
  const y = labels(ctx.rng, 50, t.c);
  const train = { learningRate: 0.5, learningRateDecay: 0.99, reg: 0, numIters: 200, batchSize: 25, verbose: false };
  const net = refNet(ctx, options);
  const history = net.train(X, y, X, y, train);
  return [{
    name: t.name, args: [options], expected: null,
    steps: [
      { args: [X, y, X, y, train], expected: history as unknown as CaseValue },
      { args: [X], expected: y },
    ],
  }];
}

/** A {"$dataset"} value: rows of MNIST that the grader resolves (pixels / 255, or labels), never stored here. */
const mnist = (split: 'train' | 'test', take: 'images' | 'labels', from: number, count: number) => ({ $dataset: 'mnist', split, take, from, count });

/**
 * Spec C's training item, on real MNIST (CIFAR-10 is not on these machines): train on 500 training images
 * (validation: the next 200), then predict 500 test images; their labels stay in the grader. The accuracy earns
 * min(floor((acc - 0.28) / 0.22), 1) of the points. These settings reach ~0.74-0.83 with the reference on several
 * slices (an untrained net: ~0.11), so correct code is far above 0.5 and the formula's one step.
 */
function twoLayerMnistCases(ctx: FixtureContext): FixtureCase[] {
  const rows = byVariant(ctx, { train: 0, test: 0 }, { train: 1000 + (ctx.rng.randint(0, 58000) as number), test: ctx.rng.randint(0, 9500) as number });
  const options = netOptions({ inputSize: 784, hiddenSize: 32, numClasses: 10 }, 0.05, seedFrom(ctx.rng), 'HD');
  const train = { learningRate: 0.3, learningRateDecay: 0.95, reg: 1e-4, numIters: 50, batchSize: 100, verbose: false };
  return [{
    name: `mnist-train${rows.train}-test${rows.test}`, args: [options], expected: null,
    steps: [
      {
        args: [mnist('train', 'images', rows.train, 500), mnist('train', 'labels', rows.train, 500),
          mnist('train', 'images', rows.train + 500, 200), mnist('train', 'labels', rows.train + 500, 200), train],
        expected: null,
      },
      { args: [mnist('test', 'images', rows.test, 500)], expected: mnist('test', 'labels', rows.test, 500) },
    ],
  }];
}

// ---------------------------------------------------------------- FullyConnectedNet

interface FcCase { name: string; n: number; d: number; hidden: number[]; c: number; reg?: number; dropout?: number; useBatchnorm?: boolean }

function fcCases(ctx: FixtureContext, list: FcCase[]): FixtureCase[] {
  return list.map((t) => {
    const options = {
      inputDim: t.d, numClasses: t.c, reg: t.reg ?? 0, weightScale: 5e-2, dropout: t.dropout ?? 0,
      useBatchnorm: t.useBatchnorm ?? false, rng: { $rng: seedFrom(ctx.rng) },
    };
    const X = ctx.rng.randn(t.n, t.d);
    const y = labels(ctx.rng, t.n, t.c);
    const net = new ref.FullyConnectedNet(t.hidden, { ...options, rng: ctx.rngFor(options.rng.$rng) });
    const scores = net.loss(X);
    const lossAndGrads = net.loss(X, y);
    const steps = [{ args: [X], expected: scores }, { args: [X, y], expected: lossAndGrads as unknown as CaseValue }];
    // batchnorm: test mode again on other rows, now normalized by the running statistics the train step updated
    if (options.useBatchnorm) {
      const X2 = ctx.rng.randn(t.n + 1, t.d);
      steps.push({ args: [X2], expected: net.loss(X2) });
    }
    return { name: t.name, args: [t.hidden, options], expected: null, steps };
  });
}

const fcPlain: Record<Variant, FcCase[]> = {
  public: [
    // the course's check (N 2, D 15, hidden [20, 30], C 10) without and with reg 3.14
    { name: 'N2-D15-H20x30-C10', n: 2, d: 15, hidden: [20, 30], c: 10 },
    { name: 'N2-D15-H20x30-C10-reg3.14', n: 2, d: 15, hidden: [20, 30], c: 10, reg: 3.14 },
    { name: 'N5-D4-noHidden-C3', n: 5, d: 4, hidden: [], c: 3, reg: 0.5 },
    // ~27,000 parameters: a loss whose "grads" are finite differences needs ~54,000 forwards, beyond the call limit
    { name: 'large-N40-D200-H100x60-C10', n: 40, d: 200, hidden: [100, 60], c: 10, reg: 0.1 },
  ],
  hidden: [
    { name: 'N3-D9-H11x7x5-C4', n: 3, d: 9, hidden: [11, 7, 5], c: 4 },
    { name: 'N1-D6-H8-C6-reg0.7', n: 1, d: 6, hidden: [8], c: 6, reg: 0.7 },
    { name: 'large-N30-D180-H120-C12-reg2', n: 30, d: 180, hidden: [120], c: 12, reg: 2 },
  ],
};

const fcDropout: Record<Variant, FcCase[]> = {
  public: [
    { name: 'N4-D10-H12x8-C5-p0.25', n: 4, d: 10, hidden: [12, 8], c: 5, dropout: 0.25 },
    { name: 'N3-D6-H9-C4-p0.5-reg0.2', n: 3, d: 6, hidden: [9], c: 4, dropout: 0.5, reg: 0.2 },
  ],
  hidden: [
    { name: 'N5-D7-H6x6x4-C3-p0.1', n: 5, d: 7, hidden: [6, 6, 4], c: 3, dropout: 0.1 },
    { name: 'N2-D5-H10-C6-p0.75', n: 2, d: 5, hidden: [10], c: 6, dropout: 0.75, reg: 1.5 },
  ],
};

const fcBatchnorm: Record<Variant, FcCase[]> = {
  public: [
    { name: 'N6-D8-H10x7-C4-bn', n: 6, d: 8, hidden: [10, 7], c: 4, useBatchnorm: true },
    { name: 'N4-D5-H6-C3-bn-reg0.5-p0.3', n: 4, d: 5, hidden: [6], c: 3, useBatchnorm: true, reg: 0.5, dropout: 0.3 },
  ],
  hidden: [
    { name: 'N8-D6-H9x9x5-C5-bn', n: 8, d: 6, hidden: [9, 9, 5], c: 5, useBatchnorm: true },
    { name: 'N3-D4-H5-C2-bn-reg1.1', n: 3, d: 4, hidden: [5], c: 2, useBatchnorm: true, reg: 1.1 },
  ],
};

// ---------------------------------------------------------------- update rules

type Rule = typeof ref.sgd;

/**
 * Two steps of a rule: the first from a config with hyperparameters alone, the second from the config the
 * first returned (its velocity, cache, m, v, t). Each step is its own case: a rule that ignores or
 * misupdates its state passes step 1 and fails step 2. The 'hand' cases are small enough to check by hand
 * (update-rules.test.ts does).
 */
function ruleCases(ctx: FixtureContext, rule: Rule, hyper: Record<string, number>): FixtureCase[] {
  const shapes = byVariant(ctx, [{ name: 'hand', shape: [2] }, { name: 'N4-D5', shape: [4, 5] }], [{ name: 'N3-D7', shape: [3, 7] }, { name: 'D11', shape: [11] }]);
  return shapes.flatMap(({ name, shape }) => {
    const hand = name === 'hand';
    const w = hand ? reshape(linspace(1, -2, 2), shape) : ctx.rng.randn(...shape);
    const dw1 = hand ? reshape(linspace(0.5, 0.25, 2), shape) : ctx.rng.randn(...shape);
    const dw2 = hand ? reshape(linspace(-1, 2, 2), shape) : ctx.rng.randn(...shape);
    const [w1, config1] = rule(w, dw1, { ...hyper });
    const [w2, config2] = rule(w1, dw2, config1);
    return [
      { name: `${name}-step1`, args: [w, dw1, { ...hyper }], expected: [w1, config1 as unknown as CaseValue] },
      { name: `${name}-step2`, args: [w1, dw2, config1 as unknown as CaseValue], expected: [w2, config2 as unknown as CaseValue] },
    ];
  });
}

// ---------------------------------------------------------------- Solver

const ruleSettings: Record<string, Record<string, number>> = {
  sgd: { learningRate: 0.5 },
  sgd_momentum: { learningRate: 0.1, momentum: 0.9 },
  rmsprop: { learningRate: 0.01, decayRate: 0.95 },
  adam: { learningRate: 0.01, beta1: 0.8, beta2: 0.99 },
};

/**
 * A Solver per update rule, training the student's own FullyConnectedNet ({$new}) on a small set with a linear
 * teacher's labels: train() returns the histories (compared with the reference's), then checkAccuracy on the
 * validation set measures the restored best parameters.
 */
function solverCases(ctx: FixtureContext): FixtureCase[] {
  const s = byVariant(ctx, { n: 60, nVal: 30, d: 8, h: 10, c: 3, batchSize: 20, numEpochs: 3 }, { n: 45, nVal: 20, d: 6, h: 12, c: 4, batchSize: 15, numEpochs: 4 });
  const teacher = ctx.rng.randn(s.d, s.c);
  const make = (n: number) => {
    const X = ctx.rng.randn(n, s.d);
    const scores = ref.affineForward(X, teacher, ctx.rng.randn(s.c))[0];
    const y = Array.from({ length: n }, (_, i) => {
      let best = 0;
      for (let j = 1; j < s.c; j++) if (scores.get(i, j) > scores.get(i, best)) best = j;
      return best;
    });
    return { X, y };
  };
  const train = make(s.n);
  const val = make(s.nVal);
  const data = { XTrain: train.X, yTrain: train.y, XVal: val.X, yVal: val.y };
  return Object.entries(ruleSettings).map(([updateRule, optimConfig]) => {
    const modelOptions = { inputDim: s.d, numClasses: s.c, weightScale: 0.1, reg: 0.01, rng: { $rng: seedFrom(ctx.rng) } };
    const options = { updateRule, optimConfig, lrDecay: 0.9, numEpochs: s.numEpochs, batchSize: s.batchSize, printEvery: 1000, verbose: false, rng: { $rng: seedFrom(ctx.rng) } };
    const model = new ref.FullyConnectedNet([s.h], { ...modelOptions, rng: ctx.rngFor(modelOptions.rng.$rng) });
    const solver = new ref.Solver(model, data, { ...options, updateRule: updateRule as 'sgd', rng: ctx.rngFor(options.rng.$rng) });
    const history = solver.train();
    return {
      name: updateRule,
      args: [{ $new: 'FullyConnectedNet', args: [[s.h], modelOptions] } as unknown as CaseValue, data, options],
      expected: null,
      steps: [
        { args: [], expected: history as unknown as CaseValue },
        { args: [val.X, val.y], expected: solver.checkAccuracy(val.X, val.y) },
      ],
    };
  });
}

export const fixtureSets: FixtureSets = {
  affine_forward: (ctx) => affineShapes[ctx.variant].map((s) => {
    const [x, w, b] = affineArgs(ctx, s);
    return { name: s.name, args: [x, w, b], expected: ref.affineForward(x, w, b)[0] };
  }),
  affine_backward: (ctx) => affineBackwardShapes[ctx.variant].map((s) => {
    const [x, w, b] = affineArgs(ctx, s);
    const [out, cache] = ref.affineForward(x, w, b);
    const dout = ctx.rng.randn(...out.shape);
    return { name: s.name, args: [x, w, b], dout, wrt: [0, 1, 2], expected: ref.affineBackward(dout, cache) };
  }),
  relu_forward: (ctx) => reluShapes[ctx.variant].map((shape) => {
    const x = reluInput(ctx, shape);
    return { name: shape.join('x'), args: [x], expected: ref.reluForward(x)[0] };
  }),
  relu_backward: (ctx) => [reluLarge[ctx.variant], ...reluShapes[ctx.variant]].map((shape, i) => {
    const x = reluInput(ctx, shape);
    const [out, cache] = ref.reluForward(x);
    const dout = ctx.rng.randn(...out.shape);
    return { name: `${i === 0 ? 'large-' : ''}${shape.join('x')}`, args: [x], dout, wrt: [0], expected: ref.reluBackward(dout, cache) };
  }),
  softmax_loss: (ctx) => lossCasesFor(ctx, ref.softmaxLoss),
  svm_loss: (ctx) => lossCasesFor(ctx, ref.svmLoss),
  two_layer_toy: twoLayerToyCases,
  two_layer_linspace: twoLayerLinspaceCases,
  two_layer_overfit: twoLayerOverfitCases,
  two_layer_mnist: twoLayerMnistCases,
  fc_net: (ctx) => fcCases(ctx, fcPlain[ctx.variant]),
  fc_net_dropout: (ctx) => fcCases(ctx, fcDropout[ctx.variant]),
  fc_net_batchnorm: (ctx) => fcCases(ctx, fcBatchnorm[ctx.variant]),
  sgd: (ctx) => ruleCases(ctx, ref.sgd as Rule, { learningRate: 0.1 }),
  sgd_momentum: (ctx) => ruleCases(ctx, ref.sgdMomentum as Rule, { learningRate: 0.1, momentum: 0.9 }),
  rmsprop: (ctx) => ruleCases(ctx, ref.rmsprop as Rule, { learningRate: 0.01, decayRate: 0.99, epsilon: 1e-8 }),
  adam: (ctx) => ruleCases(ctx, ref.adam as Rule, { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }),
  solver: solverCases,
};
