// Fixture sets for stat-learning, made by the reference solution (docs/authoring.md). 'public' sets are committed
// under fixtures/stat-learning/public and hold the spec's own questions (the six-point KNN table, the logistic
// model with beta = (-6, 0.05, 1), LeNet-5, VGG16, ...); 'hidden' sets ask the same questions on other inputs
// (other query points, betas, seeds, layer lists), so an answer typed in from the public fixtures earns nothing there.
import { map, zeros, type RandomState, type Tensor } from '@gradient/tensor';
import type { CaseValue, FixtureCase, FixtureContext, FixtureSets } from '@gradient/grader';
import type { LayerSpec, NetworkCount } from '@gradient/models';
import * as ref from './reference';

const isPublic = (ctx: FixtureContext) => ctx.variant === 'public';
const seedFrom = (rng: RandomState) => rng.randint(0, 2 ** 31) as number;
const numbers = (t: Tensor): number[] => Array.from(t.data);
/** n values of randn rounded to 2 decimals: readable in messages, and no ties in practice. */
const roundedRandn = (rng: RandomState, n: number): number[] => numbers(rng.randn(n)).map((v) => Math.round(v * 100) / 100);

// ---------------------------------------------------------------- KNN

// Spec E's table: observations 1..6 with their colours, queried at (0, 0, 0).
const TABLE = [[0, 3, 0], [2, 0, 0], [0, 1, 3], [0, 1, 2], [-1, 0, 1], [1, 1, 1]];
const COLOURS = ['Red', 'Red', 'Red', 'Green', 'Green', 'Red'];

/** The label a slip would give: KNN with another distance (the generator aims hidden cases at it). */
function knnWith(dist: (a: number[], b: number[]) => number, query: number[], k: number): string {
  const order = TABLE.map((_, i) => i).sort((i, j) => dist(TABLE[i], query) - dist(TABLE[j], query) || i - j);
  const red = order.slice(0, k).filter((i) => COLOURS[i] === 'Red').length;
  return red * 2 > k ? 'Red' : 'Green';
}
const manhattan = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0);

/**
 * Hidden queries: random points near the table, at 0.1 steps plus 0.05 so they read well and no coordinate is an
 * integer: every coordinate differs from every table point's, so no Manhattan distance equals the Euclidean one.
 */
const hiddenQuery = (rng: RandomState): number[] => numbers(rng.randn(3)).map((v) => Number((Math.round(v * 15) / 10 + 0.05).toFixed(2)));

function knnDistanceCases(ctx: FixtureContext): FixtureCase[] {
  // hidden: two other query points (see hiddenQuery)
  const queries = isPublic(ctx) ? [[0, 0, 0]] : [hiddenQuery(ctx.rng), hiddenQuery(ctx.rng)];
  return queries.flatMap((q, qi) =>
    TABLE.map((obs, i) => ({ name: `q${qi + 1}-obs${i + 1}`, args: [obs, q], expected: ref.euclideanDistance(obs, q) })),
  );
}

function knnPredictCases(ctx: FixtureContext): FixtureCase[] {
  const make = (q: number[], k: number, name: string): FixtureCase => ({ name, args: [TABLE, COLOURS, q, k], expected: ref.knn(TABLE, COLOURS, q, k) });
  if (isPublic(ctx)) return [make([0, 0, 0], 1, 'K1'), make([0, 0, 0], 3, 'K3')];
  // Two cases where a Manhattan distance gives another label, and two where it happens to agree: any seed
  // gives a Manhattan KNN exactly half of these cases. The first agreeing case has a K whose vote differs from
  // the nearest point's label, so code that ignores K fails it.
  const differ: FixtureCase[] = [];
  const agree: FixtureCase[] = [];
  for (let tries = 0; (differ.length < 2 || agree.length < 2) && tries < 10_000; tries++) {
    const q = hiddenQuery(ctx.rng);
    const k = [1, 3, 5][tries % 3];
    const right = ref.knn(TABLE, COLOURS, q, k);
    const list = knnWith(manhattan, q, k) === right ? agree : differ;
    if (list === agree && list.length === 0 && right === ref.knn(TABLE, COLOURS, q, 1)) continue;
    if (list.length < 2) list.push(make(q, k, `K${k}-q(${q.join(',')})`));
  }
  return [differ[0], agree[0], differ[1], agree[1]];
}

// ---------------------------------------------------------------- logistic regression

// Spec E: beta0 = -6, beta1 = 0.05 per hour studied, beta2 = 1 per GPA point.
const BETAS = [-6, 0.05, 1];

function hiddenBetas(rng: RandomState): number[] {
  return [-(4 + Math.round(rng.rand() * 40) / 10), Math.round((0.02 + rng.rand() * 0.08) * 1000) / 1000, Math.round((0.5 + rng.rand()) * 100) / 100];
}

function logisticProbabilityCases(ctx: FixtureContext): FixtureCase[] {
  const questions: [number[], number[]][] = isPublic(ctx)
    ? [[BETAS, [40, 3.5]], [BETAS, [50, 3.5]], [BETAS, [20, 3.9]]]
    : Array.from({ length: 3 }, () => [hiddenBetas(ctx.rng), [10 + ctx.rng.randint(0, 60), Math.round((2 + 2 * ctx.rng.rand()) * 10) / 10]]);
  return questions.map(([betas, x]) => ({ name: `hours${x[0]}-gpa${x[1]}`, args: [betas, x], expected: ref.logisticProbability(betas, x) }));
}

function logisticInverseCases(ctx: FixtureContext): FixtureCase[] {
  // [betas, x (x[feature] is ignored), feature, probability]
  const questions: [number[], number[], number, number][] = isPublic(ctx)
    ? [[BETAS, [40, 3.5], 0, 0.5], [BETAS, [40, 3.5], 0, 0.8]]
    : Array.from({ length: 3 }, (_, i) => [hiddenBetas(ctx.rng), [40, Math.round((2 + 2 * ctx.rng.rand()) * 10) / 10], 0, [0.5, 0.7, 0.35][i]]);
  return questions.map(([betas, x, feature, p]) => ({ name: `gpa${x[1]}-p${p}`, args: [betas, x, feature, p], expected: ref.logisticFeatureForProbability(betas, x, feature, p) }));
}

// ---------------------------------------------------------------- LOOCV

/** ISLR 5.4 exercise 8: x ~ N(0, 1), y = x - 2 x^2 + eps, eps ~ N(0, 1), n points, drawn from the set's stream. */
function quadraticData(rng: RandomState, n: number): { x: number[]; y: number[] } {
  const x = numbers(rng.randn(n));
  const noise = numbers(rng.randn(n));
  return { x, y: x.map((v, i) => v - 2 * v * v + noise[i]) };
}

function loocvCases(ctx: FixtureContext): FixtureCase[] {
  const { x, y } = quadraticData(ctx.rng, isPublic(ctx) ? 100 : 70);
  const degrees = isPublic(ctx) ? [1, 2, 3, 4] : [1, 2, 3, 4, 5];
  return degrees.map((d) => ({ name: `degree${d}`, args: [x, y, d], expected: ref.polynomialLoocv(x, y, d) }));
}

// ---------------------------------------------------------------- batchnorm

/** Columns with their own mean and spread, so a missing centring or scaling shows. */
function shiftedBatch(rng: RandomState, n: number, d: number): Tensor {
  const shift = numbers(rng.randn(d)).map((v) => 3 * v);
  const scale = numbers(rng.rand(d)).map((v) => 0.5 + 2 * v);
  const x = rng.randn(n, d);
  let i = 0;
  return map(x, (v) => {
    const j = i++ % d;
    return v * scale[j] + shift[j];
  });
}

interface BnShape { name: string; n: number; d: number; eps?: number; momentum?: number }
const bnTrainShapes: Record<FixtureContext['variant'], BnShape[]> = {
  // eps = 0.5 makes eps's place (inside the square root) visible; N = 2 makes N vs N - 1 a factor of 2
  public: [{ name: 'N4-D3', n: 4, d: 3 }, { name: 'N2-D5-eps0.5', n: 2, d: 5, eps: 0.5 }, { name: 'N10-D2', n: 10, d: 2 }],
  hidden: [{ name: 'N6-D4', n: 6, d: 4 }, { name: 'N3-D2-eps0.2', n: 3, d: 2, eps: 0.2 }, { name: 'N8-D6-eps1e-3', n: 8, d: 6, eps: 1e-3 }],
};

function bnParamsFor(s: BnShape, mode: 'train' | 'test'): { [key: string]: CaseValue } {
  return { mode, ...(s.eps !== undefined ? { eps: s.eps } : {}), ...(s.momentum !== undefined ? { momentum: s.momentum } : {}) };
}

function bnTrainCases(ctx: FixtureContext): FixtureCase[] {
  return bnTrainShapes[ctx.variant].map((s) => {
    const x = shiftedBatch(ctx.rng, s.n, s.d);
    const gamma = ctx.rng.randn(s.d);
    const beta = ctx.rng.randn(s.d);
    const params = bnParamsFor(s, 'train');
    return { name: s.name, args: [x, gamma, beta, params], expected: ref.batchnormForward(x, gamma, beta, params as never)[0] };
  });
}

function runningStats(rng: RandomState, d: number): { runningMean: Tensor; runningVar: Tensor } {
  return { runningMean: rng.randn(d), runningVar: map(rng.rand(d), (v) => 0.2 + 2 * v) };
}

function bnTestCases(ctx: FixtureContext): FixtureCase[] {
  return bnTrainShapes[ctx.variant].map((s) => {
    const x = shiftedBatch(ctx.rng, s.n, s.d);
    const gamma = ctx.rng.randn(s.d);
    const beta = ctx.rng.randn(s.d);
    const params = { ...bnParamsFor(s, 'test'), ...runningStats(ctx.rng, s.d) };
    return { name: `${s.name}-test`, args: [x, gamma, beta, params], expected: ref.batchnormForward(x, gamma, beta, params as never)[0] };
  });
}

interface RunningCase { name: string; batches: number; n: number; d: number; momentum?: number; start?: boolean }
const runningShapes: Record<FixtureContext['variant'], RunningCase[]> = {
  // momentum 0.5 is avoided: there the old and new statistics weigh the same and a swapped update is invisible
  public: [{ name: '3-batches-default-momentum', batches: 3, n: 5, d: 3 }, { name: '1-batch-m0.7-from-stats', batches: 1, n: 4, d: 2, momentum: 0.7, start: true }],
  hidden: [{ name: '4-batches-m0.8', batches: 4, n: 6, d: 2, momentum: 0.8 }, { name: '2-batches-m0.95-from-stats', batches: 2, n: 3, d: 4, momentum: 0.95, start: true }],
};

function bnRunningCases(ctx: FixtureContext): FixtureCase[] {
  return runningShapes[ctx.variant].map((s) => {
    const batches = Array.from({ length: s.batches }, () => shiftedBatch(ctx.rng, s.n, s.d));
    const gamma = ctx.rng.randn(s.d);
    const beta = ctx.rng.randn(s.d);
    const params = { ...(s.momentum !== undefined ? { momentum: s.momentum } : {}), ...(s.start ? runningStats(ctx.rng, s.d) : {}) };
    const { runningMean, runningVar } = ref.batchnormRunningAverages(batches, gamma, beta, params);
    return { name: s.name, args: [batches, gamma, beta, params], expected: { runningMean, runningVar } };
  });
}

// The backward set leads with a [512, 128] batch: a finite-difference "backward" needs two forwards of 65,536
// entries per entry of x, far past the 5 s call limit (docs/tolerances.md). Test mode is a case of its own: there
// the running statistics are constants and dx has no mean or variance terms.
const bnBackwardShapes: Record<FixtureContext['variant'], (BnShape & { mode: 'train' | 'test' })[]> = {
  public: [
    { name: 'large-N512-D128', n: 512, d: 128, mode: 'train' },
    { name: 'N4-D3', n: 4, d: 3, mode: 'train' },
    { name: 'N2-D4-eps0.5', n: 2, d: 4, eps: 0.5, mode: 'train' },
    { name: 'N5-D3-test', n: 5, d: 3, mode: 'test' },
  ],
  hidden: [
    { name: 'large-N256-D256', n: 256, d: 256, mode: 'train' },
    { name: 'N7-D2', n: 7, d: 2, mode: 'train' },
    { name: 'N3-D5-eps0.3', n: 3, d: 5, eps: 0.3, mode: 'train' },
    { name: 'N4-D6-test', n: 4, d: 6, mode: 'test' },
  ],
};

function bnBackwardCases(ctx: FixtureContext): FixtureCase[] {
  return bnBackwardShapes[ctx.variant].map((s) => {
    const x = shiftedBatch(ctx.rng, s.n, s.d);
    const gamma = ctx.rng.randn(s.d);
    const beta = ctx.rng.randn(s.d);
    const params = { ...bnParamsFor(s, s.mode), ...(s.mode === 'test' ? runningStats(ctx.rng, s.d) : {}) };
    const [out, cache] = ref.batchnormForward(x, gamma, beta, params as never);
    const dout = ctx.rng.randn(...out.shape);
    return { name: s.name, args: [x, gamma, beta, params], dout, wrt: [0, 1, 2], expected: ref.batchnormBackward(dout, cache) };
  });
}

// ---------------------------------------------------------------- cosine pseudolabels

interface PseudoData { labeled: number[][]; labels: string[]; unlabeled: number[][] }
function pseudoData(ctx: FixtureContext): PseudoData {
  // classes not in alphabetical order, so an alphabetical class order in the concatenation shows
  const [classes, perClass, dim, count] = isPublic(ctx) ? [['ship', 'cat', 'dog'], 2, 4, 12] : [['plane', 'car', 'bird', 'frog'], 2, 5, 16];
  const labeled: number[][] = [];
  const labels: string[] = [];
  for (const c of classes) for (let i = 0; i < (perClass as number); i++) [labeled.push(roundedRandn(ctx.rng, dim as number)), labels.push(c)];
  const unlabeled = Array.from({ length: count as number }, () => roundedRandn(ctx.rng, dim as number));
  return { labeled, labels, unlabeled };
}

function cosineSimilarityCases(ctx: FixtureContext): FixtureCase[] {
  const pairs = isPublic(ctx)
    ? [[[1, 0, 0], [0, 1, 0]], [[1, 2, 3], [2, 4, 6]], [[1, 2, 3], [-1, 0.5, 2]]]
    : [[[3, -1], [-6, 2]], roundedPair(ctx.rng, 4), roundedPair(ctx.rng, 6)];
  return pairs.map(([a, b], i) => ({ name: `pair${i + 1}`, args: [a, b], expected: ref.cosineSimilarity(a, b) }));
}
const roundedPair = (rng: RandomState, n: number) => [roundedRandn(rng, n), roundedRandn(rng, n)];

function pseudolabelCases(ctx: FixtureContext): FixtureCase[] {
  const { labeled, labels, unlabeled } = pseudoData(ctx);
  const expected = ref.cosinePseudolabels(labeled, labels, unlabeled).map((p) => ({ ...p }));
  return [{ name: `${labeled.length}-labeled-${unlabeled.length}-unlabeled`, args: [labeled, labels, unlabeled], expected }];
}

function concatenationCases(ctx: FixtureContext): FixtureCase[] {
  const { labeled, labels, unlabeled } = pseudoData(ctx);
  return (isPublic(ctx) ? [2, 0] : [3, 1]).map((n) => {
    const r = ref.nearestPerClassConcatenation(labeled, labels, unlabeled, n);
    return { name: `nearest-${n}`, args: [labeled, labels, unlabeled, n], expected: { examples: r.examples.map((e) => [...e]), labels: r.labels, added: r.added } };
  });
}

// ---------------------------------------------------------------- layer counts and receptive fields

/** The numbers of a count, without the names and types the student need not echo. */
function counted(r: NetworkCount): CaseValue {
  return {
    layers: r.layers.map((l) => ({ outputShape: l.outputShape, activations: l.activations, params: l.params, trainableParams: l.trainableParams })),
    params: r.params,
    trainableParams: r.trainableParams,
    activations: r.activations,
  };
}
const asCase = (layers: LayerSpec[]) => layers as unknown as CaseValue;
const countCase = (name: string, input: number[], layers: LayerSpec[]): FixtureCase => ({ name, args: [input, asCase(layers)], expected: counted(ref.countLayers(input, layers)) });

// LeNet-5 (LeCun et al. 1998): C3's filters 0-5 see 3 of S2's maps, 6-14 see 4, 15 sees all 6.
const C3_TABLE = [...Array<number>(6).fill(3), ...Array<number>(9).fill(4), 6];
const lenet = (c3Table: number[] | null, trainablePools: boolean, c1Filters = 6, c3Filters = 16): LayerSpec[] => [
  { type: 'conv', filters: c1Filters, kernel: 5 },
  { type: 'pool', size: 2, trainable: trainablePools },
  { type: 'conv', filters: c3Filters, kernel: 5, ...(c3Table ? { connectionTable: c3Table } : {}) },
  { type: 'pool', size: 2, trainable: trainablePools },
  { type: 'flatten' },
  { type: 'dense', units: 120 },
  { type: 'dense', units: 84 },
  { type: 'dense', units: 10 },
];

function lenetCases(ctx: FixtureContext): FixtureCase[] {
  if (isPublic(ctx)) return [countCase('lenet5-paper-table-trainable-pools', [32, 32, 1], lenet(C3_TABLE, true)), countCase('lenet5-full-c3', [32, 32, 1], lenet(null, false))];
  // another table (each filter sees 2 or 5 maps of 8) and a 28x28 input with 'same' padding on C1, as Keras' LeNet builds it
  const table = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 5 : 2));
  const padded: LayerSpec[] = [{ type: 'conv', filters: 6, kernel: 5, padding: 'same' }, ...lenet(null, false).slice(1)];
  return [countCase('lenet-variant-8-12-table', [36, 36, 1], lenet(table, true, 8, 12)), countCase('lenet5-28x28-same', [28, 28, 1], padded)];
}

const vggConv = (filters: number): LayerSpec => ({ type: 'conv', filters, kernel: 3, padding: 'same' });
const vggPool: LayerSpec = { type: 'pool', size: 2 };
function vgg(blocks: number[][], input: number, fc: number[]): LayerSpec[] {
  return [...blocks.flatMap((b) => [...b.map(vggConv), vggPool]), { type: 'flatten' }, ...fc.map((units): LayerSpec => ({ type: 'dense', units }))];
}

function vggCases(ctx: FixtureContext): FixtureCase[] {
  if (isPublic(ctx)) return [countCase('vgg16-224', [224, 224, 3], vgg([[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]], 224, [4096, 4096, 1000]))];
  // VGG11 (configuration A) and a VGG16 on CIFAR's 32x32 with small heads
  return [
    countCase('vgg11-224', [224, 224, 3], vgg([[64], [128], [256, 256], [512, 512], [512, 512]], 224, [4096, 4096, 1000])),
    countCase('vgg16-32-cifar', [32, 32, 3], vgg([[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]], 32, [512, 10])),
  ];
}

function denseBatchnormCases(ctx: FixtureContext): FixtureCase[] {
  const mlp = (input: number, hidden: number[], classes: number): LayerSpec[] => [
    { type: 'flatten' },
    ...hidden.flatMap((units): LayerSpec[] => [{ type: 'dense', units }, { type: 'batchnorm' }]),
    { type: 'dense', units: classes },
  ];
  if (isPublic(ctx)) {
    return [
      countCase('mnist-300-bn-100-bn', [28, 28, 1], mlp(784, [300, 100], 10)),
      countCase('conv-bn', [32, 32, 3], [{ type: 'conv', filters: 32, kernel: 3, padding: 'same', bias: false }, { type: 'batchnorm' }, { type: 'pool', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 10 }]),
    ];
  }
  return [
    countCase('cifar-512-bn-256-bn-128-bn', [32, 32, 3], mlp(3072, [512, 256, 128], 10)),
    countCase('conv-s2-bn-nobias-dense', [28, 28, 1], [{ type: 'conv', filters: 16, kernel: 5, stride: 2, padding: 1 }, { type: 'batchnorm' }, { type: 'flatten' }, { type: 'dense', units: 64, bias: false }, { type: 'batchnorm' }, { type: 'dense', units: 10 }]),
  ];
}

function receptiveFieldCases(ctx: FixtureContext): FixtureCase[] {
  const c = (kernel: number, stride = 1): LayerSpec => ({ type: 'conv', filters: 16, kernel, stride, padding: 'same' });
  const p = (size: number, stride = size): LayerSpec => ({ type: 'pool', size, stride });
  const stacks: [string, LayerSpec[]][] = isPublic(ctx)
    ? [['three-3x3', [c(3), c(3), c(3)]], ['one-7x7', [c(7)]], ['lenet5-features', [c(5), p(2), c(5), p(2)]], ['vgg-two-blocks', [c(3), c(3), p(2), c(3), c(3), p(2)]]]
    : [['two-3x3', [c(3), c(3)]], ['five-3x3', [c(3), c(3), c(3), c(3), c(3)]], ['alexnet-features', [c(11, 4), p(3, 2), c(5), p(3, 2), c(3), c(3), c(3), p(3, 2)]], ['resnet-stem', [c(7, 2), p(3, 2), c(3), { type: 'batchnorm' }, c(3)]]];
  return stacks.map(([name, layers]) => ({ name, args: [asCase(layers)], expected: { ...ref.receptiveField(layers) } }));
}

// ---------------------------------------------------------------- early stopping

/** A validation curve that falls, flattens and rises (with wiggles), so GL is 0 early and grows late. */
function validationCurve(rng: RandomState, epochs: number): number[] {
  const best = 5 + rng.randint(0, epochs - 8);
  return Array.from({ length: epochs }, (_, t) => Math.round((0.3 + 0.004 * (t - best) ** 2 + 0.02 * rng.rand()) * 10000) / 10000);
}

function glCases(ctx: FixtureContext): FixtureCase[] {
  const curves = isPublic(ctx) ? [[0.9, 0.7, 0.55, 0.5, 0.52, 0.48, 0.51, 0.56, 0.6, 0.7]] : [validationCurve(ctx.rng, 25), validationCurve(ctx.rng, 15)];
  return curves.map((e, i) => ({ name: `curve${i + 1}-${e.length}-epochs`, args: [e], expected: ref.generalizationLoss(e) }));
}

function earlyStoppingCases(ctx: FixtureContext): FixtureCase[] {
  // Each variant has a curve that stops where GL without the factor 100 never does, one that stops at once when the
  // minimum is taken over all epochs (t' > t too), and one that never stops (null).
  const cases: [number[], number][] = isPublic(ctx)
    ? [[[0.9, 0.7, 0.55, 0.5, 0.52, 0.48, 0.51, 0.56, 0.6, 0.7], 5], [[0.9, 0.7, 0.55, 0.5, 0.52, 0.48, 0.51, 0.56, 0.6, 0.7], 20], [[1, 0.8, 0.7, 0.69, 0.7, 0.68], 5]]
    : [[validationCurve(ctx.rng, 30), 2], [validationCurve(ctx.rng, 20), 10], [[2, 1.5, 1.2, 1.1, 1.12, 1.05, 1.04], 3], [[2, 1.5, 1.2, 1.1, 1.12, 1.05, 1.04, 1.2], 10]];
  return cases.map(([e, alpha], i) => ({ name: `curve${i + 1}-alpha${alpha}`, args: [e, alpha], expected: ref.earlyStoppingEpoch(e, alpha) }));
}

// ---------------------------------------------------------------- learning-rate schedules

function scheduleCases(ctx: FixtureContext, kind: 'step' | 'exponential' | 'inverse'): FixtureCase[] {
  const pub = isPublic(ctx);
  if (kind === 'step') {
    const [lr0, drop, every] = pub ? [0.1, 0.5, 10] : [0.05 + Math.round(ctx.rng.rand() * 100) / 1000, 0.1 + Math.round(ctx.rng.rand() * 8) / 10, 3 + ctx.rng.randint(0, 5)];
    const epochs = pub ? [0, 9, 10, 25] : [0, every - 1, every, 3 * every + 1, 7 * every];
    return epochs.map((t) => ({ name: `epoch${t}`, args: [lr0, drop, every, t], expected: ref.stepDecay(lr0, drop, every, t) }));
  }
  const [lr0, k] = pub ? [0.1, kind === 'exponential' ? 0.1 : 0.5] : [0.01 + Math.round(ctx.rng.rand() * 100) / 1000, Math.round((0.01 + ctx.rng.rand() * 0.3) * 1000) / 1000];
  const ts = pub ? [0, 1, 5, 20] : [0, 2, 7, 33, 100];
  const f = kind === 'exponential' ? ref.exponentialDecay : ref.inverseTimeDecay;
  return ts.map((t) => ({ name: `t${t}`, args: [lr0, k, t], expected: f(lr0, k, t) }));
}

// ---------------------------------------------------------------- augmentation

interface ImageShape { h: number; w: number; c: number }
const smallImages: Record<FixtureContext['variant'], ImageShape[]> = {
  public: [{ h: 6, w: 8, c: 3 }, { h: 5, w: 5, c: 1 }],
  hidden: [{ h: 7, w: 4, c: 2 }, { h: 9, w: 6, c: 3 }],
};
const image = (rng: RandomState, s: ImageShape): Tensor => rng.rand(s.h, s.w, s.c);
const shapeName = (s: ImageShape) => `${s.h}x${s.w}x${s.c}`;

function cropCases(ctx: FixtureContext): FixtureCase[] {
  // [size, padding, top, left]: corners of the padded image (all-zero borders), an inner window, a window wider than the image
  const windows = isPublic(ctx) ? [[4, 2, 0, 0], [4, 2, 4, 6], [5, 1, 1, 2]] : [[3, 3, 0, 6], [6, 1, 2, 0], [4, 2, 5, 3]];
  return smallImages[ctx.variant].flatMap((s) => {
    const img = image(ctx.rng, s);
    return windows
      .filter(([size, pad, top, left]) => top + size <= s.h + 2 * pad && left + size <= s.w + 2 * pad)
      .map(([size, pad, top, left]) => ({ name: `${shapeName(s)}-size${size}-pad${pad}-at${top},${left}`, args: [img, size, pad, top, left], expected: ref.cropWithPadding(img, size, pad, top, left) }));
  });
}

function randomCropCases(ctx: FixtureContext): FixtureCase[] {
  const [size, pad] = isPublic(ctx) ? [4, 2] : [3, 3];
  return smallImages[ctx.variant].flatMap((s) =>
    [0, 1].map((i) => {
      const img = image(ctx.rng, s);
      const rng = { $rng: seedFrom(ctx.rng) };
      return { name: `${shapeName(s)}-size${size}-pad${pad}-draw${i + 1}`, args: [img, size, pad, rng], expected: { ...ref.randomCrop(img, size, pad, ctx.rngFor(rng.$rng)) } };
    }),
  );
}

function flipCases(ctx: FixtureContext): FixtureCase[] {
  return smallImages[ctx.variant].map((s) => {
    const img = image(ctx.rng, s);
    return { name: shapeName(s), args: [img], expected: ref.horizontalFlip(img) };
  });
}

/** Seeds for which `flips(seed)` is true and false, `each` of both, in alternation (flipped first). */
function flipSeeds(ctx: FixtureContext, each: number, flips: (seed: number) => boolean): number[] {
  const yes: number[] = [];
  const no: number[] = [];
  while (yes.length < each || no.length < each) {
    const seed = seedFrom(ctx.rng);
    (flips(seed) ? yes : no).push(seed);
  }
  return Array.from({ length: each }, (_, i) => [yes[i], no[i]]).flat();
}

function randomFlipCases(ctx: FixtureContext): FixtureCase[] {
  // p = 0.5 on seeds that flip and seeds that do not, and p = 0 (never flips, one draw all the same)
  const s = smallImages[ctx.variant][0];
  const firstDrawFlips = (seed: number) => ctx.rngFor(seed).rand() < 0.5;
  const draws = [...flipSeeds(ctx, 2, firstDrawFlips).map((seed) => ({ seed, p: 0.5 })), { seed: seedFrom(ctx.rng), p: isPublic(ctx) ? 0 : 1 }];
  return draws.map(({ seed, p }, i) => {
    const img = image(ctx.rng, s);
    const r = ref.randomHorizontalFlip(img, p, ctx.rngFor(seed));
    return { name: `p${p}-draw${i + 1}-${r.flipped ? 'flipped' : 'kept'}`, args: [img, p, { $rng: seed }], expected: { ...r } };
  });
}

function normalizeCases(ctx: FixtureContext): FixtureCase[] {
  const cifar = { mean: [0.4914, 0.4822, 0.4465], std: [0.2023, 0.1994, 0.201] };
  const stats = isPublic(ctx) ? [cifar, { mean: [0.1307], std: [0.3081] }] : [{ mean: [0.5, 0.25], std: [0.1, 0.4] }, cifar];
  return smallImages[ctx.variant].map((s, i) => {
    const img = image(ctx.rng, s);
    const { mean, std } = stats[i];
    return { name: `${shapeName(s)}-${mean.length}-channels`, args: [img, mean, std], expected: ref.normalizeChannels(img, mean, std) };
  });
}

function augmentCases(ctx: FixtureContext): FixtureCase[] {
  // the flip's draw comes after the crop's two randint draws, so the seeds are sorted by the whole pipeline's choice
  const probe = zeros([32, 32, 3]);
  const flips = (seed: number) => ref.augmentCifar(probe, ctx.rngFor(seed)).flipped;
  return flipSeeds(ctx, isPublic(ctx) ? 1 : 2, flips).map((seed, i) => {
    const img = ctx.rng.rand(32, 32, 3);
    const r = ref.augmentCifar(img, ctx.rngFor(seed));
    return { name: `32x32x3-draw${i + 1}-${r.flipped ? 'flipped' : 'kept'}`, args: [img, { $rng: seed }], expected: { ...r } };
  });
}

export const fixtureSets: FixtureSets = {
  knn_distances: knnDistanceCases,
  knn_predict: knnPredictCases,
  logistic_probability: logisticProbabilityCases,
  logistic_inverse: logisticInverseCases,
  polynomial_loocv: loocvCases,
  batchnorm_train: bnTrainCases,
  batchnorm_test: bnTestCases,
  batchnorm_running: bnRunningCases,
  batchnorm_backward: bnBackwardCases,
  cosine_similarity: cosineSimilarityCases,
  cosine_pseudolabels: pseudolabelCases,
  pseudolabel_concatenation: concatenationCases,
  lenet5_counts: lenetCases,
  vgg_counts: vggCases,
  dense_batchnorm_counts: denseBatchnormCases,
  receptive_field: receptiveFieldCases,
  generalization_loss: glCases,
  early_stopping: earlyStoppingCases,
  step_decay: (ctx) => scheduleCases(ctx, 'step'),
  exponential_decay: (ctx) => scheduleCases(ctx, 'exponential'),
  inverse_time_decay: (ctx) => scheduleCases(ctx, 'inverse'),
  crop_with_padding: cropCases,
  random_crop: randomCropCases,
  horizontal_flip: flipCases,
  random_horizontal_flip: randomFlipCases,
  normalize_channels: normalizeCases,
  augment_cifar: augmentCases,
};
