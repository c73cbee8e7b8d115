import { RandomState, affineBackward, affineForward, contiguous, softmaxLoss, tensor, toNested, zeros, type Tensor } from '@gradient/tensor';
import { describe, expect, it } from 'vitest';
import type { UpdateRuleName } from './optim';
import { Solver, type SolverData, type SolverLabels, type SolverModel } from './solver';
import { numpyAvailable, runNumpy } from '@gradient/tensor/testing';

/** scores = X W + b with the softmax loss; `seen` records every X it is given (to recover the sampled rows). */
class LinearSoftmax implements SolverModel {
  params: Record<string, Tensor>;
  seen: { X: Tensor; labelled: boolean }[] = [];
  constructor(dim: number, classes: number) {
    this.params = { W: zeros([dim, classes]), b: zeros([classes]) }; // predicts class 0 everywhere: 1/3 accuracy
  }
  loss(X: Tensor, y?: SolverLabels) {
    this.seen.push({ X, labelled: y !== undefined });
    const [scores, cache] = affineForward(X, this.params.W, this.params.b);
    if (y === undefined) return scores;
    const [loss, dscores] = softmaxLoss(scores, y);
    const [, W, b] = affineBackward(dscores, cache);
    return { loss, grads: { W, b } };
  }
}

/** Three well-separated Gaussian blobs in 2-D, labels in order 0, 1, 2, 0, 1, 2, ... */
function blobs(n: number, rng: RandomState): [Tensor, Int32Array] {
  const centers = [[4, 0], [-4, 4], [-4, -4]];
  const noise = rng.randn(n, 2);
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  const X = tensor(Array.from({ length: n * 2 }, (_, k) => centers[y[k >> 1]][k & 1] + noise.data[k]), [n, 2]);
  return [X, y];
}

function toyData(seed: number, numTrain = 60, numVal = 30): SolverData {
  const rng = new RandomState(seed);
  const [XTrain, yTrain] = blobs(numTrain, rng);
  const [XVal, yVal] = blobs(numVal, rng);
  return { XTrain, yTrain, XVal, yVal };
}

const learningRates: Record<UpdateRuleName, number> = { sgd: 0.1, sgd_momentum: 0.05, rmsprop: 0.01, adam: 0.05 };

describe('Solver on a linear softmax model', () => {
  for (const updateRule of Object.keys(learningRates) as UpdateRuleName[]) {
    it(`${updateRule}: reaches 100% training accuracy on separable toy data, loss going down`, () => {
      const data = toyData(1);
      const model = new LinearSoftmax(2, 3);
      const lines: string[] = [];
      const solver = new Solver(model, data, {
        updateRule, optimConfig: { learningRate: learningRates[updateRule] }, numEpochs: 10, batchSize: 10,
        rng: new RandomState(3), logger: (line) => lines.push(line),
      });
      expect(solver.checkAccuracy(data.XTrain, data.yTrain)).toBeCloseTo(1 / 3, 12);
      solver.train();
      expect(solver.checkAccuracy(data.XTrain, data.yTrain)).toBe(1);
      expect(solver.lossHistory).toHaveLength(60);
      expect(solver.lossHistory[59]).toBeLessThan(solver.lossHistory[0] / 2);
      expect(solver.trainAccHistory).toHaveLength(11); // the first step, then each epoch end
      expect(solver.bestValAcc).toBe(Math.max(...solver.valAccHistory));
      expect(lines.filter((l) => l.startsWith('(Epoch '))).toHaveLength(11);
      expect(lines[0]).toMatch(/^\(Iteration 1 \/ 60\) loss: \d+\.\d{6}$/);
    });
  }

  it('keeps copies of the best parameters: later steps change the model, not bestParams', () => {
    const data = toyData(2);
    const model = new LinearSoftmax(2, 3);
    const solver = new Solver(model, data, { optimConfig: { learningRate: 0.1 }, numEpochs: 2, batchSize: 10, rng: new RandomState(5), verbose: false });
    solver.train();
    const best = toNested(solver.bestParams.W);
    expect(solver.bestValAcc).toBeGreaterThan(0);
    expect(model.params.W).not.toBe(solver.bestParams.W);
    expect(toNested(model.params.W)).toEqual(best);
    for (let i = 0; i < 5; i++) solver.step();
    expect(toNested(model.params.W)).not.toEqual(best);
    expect(toNested(solver.bestParams.W)).toEqual(best);
  });

  it('decays the learning rate once per epoch, not per step', () => {
    const model = new LinearSoftmax(2, 3);
    const solver = new Solver(model, toyData(4), {
      updateRule: 'sgd_momentum', optimConfig: { learningRate: 0.1 }, lrDecay: 0.5, numEpochs: 2, batchSize: 10, rng: new RandomState(6), verbose: false,
    });
    solver.train(); // 6 steps per epoch
    expect(solver.epoch).toBe(2);
    for (const name of ['W', 'b']) {
      expect(solver.optimConfigs[name].learningRate).toBe(0.1 * 0.5 * 0.5);
      expect(solver.optimConfigs[name].momentum).toBe(0.9);
    }
  });

  it('is silent when verbose is false and prints every printEvery steps otherwise', () => {
    const quiet: string[] = [];
    new Solver(new LinearSoftmax(2, 3), toyData(4), { numEpochs: 1, batchSize: 10, rng: new RandomState(1), verbose: false, logger: (l) => quiet.push(l) }).train();
    expect(quiet).toEqual([]);
    const loud: string[] = [];
    new Solver(new LinearSoftmax(2, 3), toyData(4), { numEpochs: 1, batchSize: 10, printEvery: 2, rng: new RandomState(1), logger: (l) => loud.push(l) }).train();
    expect(loud.filter((l) => l.startsWith('(Iteration')).map((l) => l.split(')')[0])).toEqual(['(Iteration 1 / 6', '(Iteration 3 / 6', '(Iteration 5 / 6']);
  });

  it('rejects an unknown update rule and labels that do not match the rows', () => {
    const model = new LinearSoftmax(2, 3);
    expect(() => new Solver(model, toyData(1), { updateRule: 'adagrad' as UpdateRuleName })).toThrow(/updateRule/);
    expect(() => new Solver(model, { ...toyData(1), yTrain: [0, 1] })).toThrow(/yTrain/);
  });

  it('names the contract a model breaks: a missing gradient, or no scores without labels', () => {
    const noGradB: SolverModel = { params: { W: zeros([2, 3]), b: zeros([3]) }, loss: (X, y) => (y ? { loss: 1, grads: { W: zeros([2, 3]) } } : zeros([X.shape[0], 3])) };
    expect(() => new Solver(noGradB, toyData(1), { rng: new RandomState(0) }).step()).toThrow(/no gradient for parameter 'b'/);
    const noScores = { params: {}, loss: () => ({ loss: 1, grads: {} }) };
    expect(() => new Solver(noScores, toyData(1), { rng: new RandomState(0) }).checkAccuracy(toyData(1).XVal, toyData(1).yVal)).toThrow(/scores \[N, C\]/);
  });
});

/** Which rows of X (by exact content) the model was given: the sampled indices. */
function rowIndices(seen: Tensor, source: Tensor): number[] {
  const key = (data: Float64Array, i: number, d: number) => Array.from(data.subarray(i * d, (i + 1) * d)).join(',');
  const d = source.shape[1];
  const src = contiguous(source);
  const byKey = new Map(Array.from({ length: source.shape[0] }, (_, i) => [key(src.data, i, d), i] as const));
  const s = contiguous(seen);
  return Array.from({ length: seen.shape[0] }, (_, i) => byKey.get(key(s.data, i, d)) ?? -1);
}

describe('Solver draws its samples as the course\'s solver.py does with np.random', () => {
  it.skipIf(!numpyAvailable)('minibatch and accuracy-subsample indices equal NumPy\'s choice stream for the same seed', () => {
    const seed = 231;
    const data = toyData(7, 60, 30);
    const model = new LinearSoftmax(2, 3);
    // 60 / 7 -> 8 steps per epoch, 16 in all; the train accuracy on 25 drawn rows, the val accuracy on 10 of 30.
    const solver = new Solver(model, data, { batchSize: 7, numEpochs: 2, numTrainSamples: 25, numValSamples: 10, rng: new RandomState(seed), verbose: false });
    solver.train();
    const draws = model.seen.map(({ X, labelled }, i) => {
      const fromVal = !labelled && i > 0 && model.seen[i - 1].labelled === false;
      return rowIndices(X, fromVal ? data.XVal : data.XTrain);
    });
    const expected = runNumpy(`
rs = np.random.RandomState(${seed})
draws = []
iters = 8
for t in range(2 * iters):
    draws.append(rs.choice(60, 7).tolist())
    if t == 0 or t == 2 * iters - 1 or (t + 1) % iters == 0:
        draws.append(rs.choice(60, 25).tolist())
        draws.append(rs.choice(30, 10).tolist())
print(json.dumps(draws))
`) as number[][];
    expect(draws).toEqual(expected);
  });
});
