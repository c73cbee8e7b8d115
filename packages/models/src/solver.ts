import { TensorArgumentError, clone, numpyRandom, type RandomState, type Tensor } from '@gradient/tensor';
import { argmaxRows, takeLabels, takeRows } from './linalg';
import { updateRules, type OptimConfig, type UpdateRuleName } from './optim';

/** Labels: a plain or typed array of class indices. */
export type SolverLabels = ArrayLike<number>;

/**
 * What the Solver needs of a model (the course's contract): named parameter tensors it may replace, and a
 * loss that returns the scores [N, C] without labels and the loss with the gradients of every parameter with them.
 */
export interface SolverModel {
  params: Record<string, Tensor>;
  loss(X: Tensor, y?: SolverLabels): Tensor | { loss: number; grads: Record<string, Tensor> };
}

export interface SolverData {
  XTrain: Tensor;
  yTrain: SolverLabels;
  XVal: Tensor;
  yVal: SolverLabels;
}

export interface SolverOptions {
  updateRule?: UpdateRuleName;
  /** Copied once per parameter; each parameter then carries its own (velocity, cache, m, v, t). */
  optimConfig?: OptimConfig;
  /** Every parameter's learning rate is multiplied by this once per epoch. */
  lrDecay?: number;
  numEpochs?: number;
  batchSize?: number;
  /** The accuracy on the training set is measured on this many examples drawn with the rng (all when fewer). */
  numTrainSamples?: number;
  /** As numTrainSamples for the validation set; undefined checks all of it. */
  numValSamples?: number;
  printEvery?: number;
  verbose?: boolean;
  /** Draws the minibatches and the accuracy subsamples, as np.random does in the course; default the shared numpyRandom. */
  rng?: RandomState;
  /** Receives the progress lines when verbose; default console.log. */
  logger?: (line: string) => void;
}


/** %f of Python's print format: six decimals. */
const f6 = (v: number) => v.toFixed(6);

/**
 * The courses' Solver (solver.py): minibatch training of a SolverModel with one of the four update rules,
 * learning-rate decay per epoch, loss history per step, train/val accuracy per epoch (and at the first and last
 * step), and the parameters of the best validation accuracy restored into the model at the end of train().
 * Random draws happen in the course's order (a minibatch per step, then the train and val subsamples), so a
 * NumPy run seeded the same way samples the same examples.
 */
export class Solver {
  readonly model: SolverModel;
  readonly updateRule: UpdateRuleName;
  readonly lrDecay: number;
  readonly numEpochs: number;
  readonly batchSize: number;
  readonly numTrainSamples: number;
  readonly numValSamples: number | undefined;
  readonly printEvery: number;
  readonly verbose: boolean;
  private readonly data: SolverData;
  private readonly rng: RandomState;
  private readonly logger: (line: string) => void;

  epoch = 0;
  bestValAcc = 0;
  /** Copies of the parameters at the best validation accuracy so far; empty until an accuracy above 0 is seen. */
  bestParams: Record<string, Tensor> = {};
  lossHistory: number[] = [];
  trainAccHistory: number[] = [];
  valAccHistory: number[] = [];
  /** One config per parameter name, as the update rule last returned it. */
  optimConfigs: Record<string, OptimConfig> = {};

  constructor(model: SolverModel, data: SolverData, options: SolverOptions = {}) {
    const updateRule = options.updateRule ?? 'sgd';
    if (!Object.hasOwn(updateRules, updateRule)) {
      throw new TensorArgumentError('E_VALUE', 'Solver', 'updateRule', `one of ${Object.keys(updateRules).join(', ')}`, String(updateRule));
    }
    const positiveInteger = (name: string, v: number, min: number) => {
      if (!Number.isInteger(v) || v < min) throw new TensorArgumentError('E_VALUE', 'Solver', name, `an integer >= ${min}`, String(v));
      return v;
    };
    const n = data.XTrain.shape[0];
    if (data.yTrain.length !== n) throw new TensorArgumentError('E_SHAPE', 'Solver', 'data.yTrain', `${n} labels (one per XTrain row)`, `${data.yTrain.length}`);
    if (data.yVal.length !== data.XVal.shape[0]) {
      throw new TensorArgumentError('E_SHAPE', 'Solver', 'data.yVal', `${data.XVal.shape[0]} labels (one per XVal row)`, `${data.yVal.length}`);
    }
    this.model = model;
    this.data = data;
    this.updateRule = updateRule;
    this.lrDecay = options.lrDecay ?? 1.0;
    this.numEpochs = positiveInteger('numEpochs', options.numEpochs ?? 10, 0);
    this.batchSize = positiveInteger('batchSize', options.batchSize ?? 100, 1);
    this.numTrainSamples = positiveInteger('numTrainSamples', options.numTrainSamples ?? 1000, 1);
    this.numValSamples = options.numValSamples === undefined ? undefined : positiveInteger('numValSamples', options.numValSamples, 1);
    this.printEvery = positiveInteger('printEvery', options.printEvery ?? 10, 1);
    this.verbose = options.verbose ?? true;
    this.rng = options.rng ?? numpyRandom;
    this.logger = options.logger ?? ((line) => console.log(line));
    for (const name of Object.keys(model.params)) this.optimConfigs[name] = { ...options.optimConfig };
  }

  /** One update: a minibatch drawn with replacement, the model's loss and grads, each parameter's rule. */
  step(): void {
    const numTrain = this.data.XTrain.shape[0];
    const mask = this.rng.choice(numTrain, [this.batchSize]).data;
    const result = this.model.loss(takeRows(this.data.XTrain, mask), takeLabels(this.data.yTrain, mask));
    if (result === null || typeof result !== 'object' || !('grads' in result) || typeof result.loss !== 'number') {
      throw new TypeError('Solver: model.loss(X, y) must return { loss: number, grads } when labels are given');
    }
    this.lossHistory.push(result.loss);
    const rule = updateRules[this.updateRule] as (w: Tensor, dw: Tensor, c?: OptimConfig) => [Tensor, OptimConfig];
    for (const [name, w] of Object.entries(this.model.params)) {
      const dw = result.grads[name];
      if (dw === undefined) throw new TypeError(`Solver: model.loss returned no gradient for parameter '${name}'`);
      const [nextW, nextConfig] = rule(w, dw, this.optimConfigs[name]);
      this.model.params[name] = nextW;
      this.optimConfigs[name] = nextConfig;
    }
  }

  /** Share of correct argmax predictions; on numSamples examples drawn with the rng when X has more rows. */
  checkAccuracy(X: Tensor, y: SolverLabels, numSamples?: number, batchSize = 100): number {
    let n = X.shape[0];
    let labels: ArrayLike<number> = y;
    if (numSamples !== undefined && n > numSamples) {
      const mask = this.rng.choice(n, [numSamples]).data;
      X = takeRows(X, mask);
      labels = takeLabels(y, mask);
      n = numSamples;
    }
    let correct = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n);
      const scores = this.model.loss(takeRows(X, Array.from({ length: end - start }, (_, i) => start + i)));
      if (!(scores !== null && typeof scores === 'object' && 'shape' in scores && scores.shape.length === 2)) {
        throw new TypeError('Solver: model.loss(X) must return the scores [N, C] when no labels are given');
      }
      const predicted = argmaxRows(scores);
      for (let i = 0; i < end - start; i++) if (predicted[i] === labels[start + i]) correct++;
    }
    return correct / n;
  }

  /** numEpochs epochs of max(numTrain / batchSize, 1) steps; the model ends with the best validation parameters. */
  train(): void {
    const numTrain = this.data.XTrain.shape[0];
    const iterationsPerEpoch = Math.max(Math.floor(numTrain / this.batchSize), 1);
    const numIterations = this.numEpochs * iterationsPerEpoch;
    for (let t = 0; t < numIterations; t++) {
      this.step();
      if (this.verbose && t % this.printEvery === 0) {
        this.logger(`(Iteration ${t + 1} / ${numIterations}) loss: ${f6(this.lossHistory[this.lossHistory.length - 1])}`);
      }
      const epochEnd = (t + 1) % iterationsPerEpoch === 0;
      if (epochEnd) {
        this.epoch++;
        for (const config of Object.values(this.optimConfigs)) {
          if (config.learningRate !== undefined) config.learningRate *= this.lrDecay;
        }
      }
      if (t === 0 || t === numIterations - 1 || epochEnd) {
        const trainAcc = this.checkAccuracy(this.data.XTrain, this.data.yTrain, this.numTrainSamples);
        const valAcc = this.checkAccuracy(this.data.XVal, this.data.yVal, this.numValSamples);
        this.trainAccHistory.push(trainAcc);
        this.valAccHistory.push(valAcc);
        if (this.verbose) this.logger(`(Epoch ${this.epoch} / ${this.numEpochs}) train acc: ${f6(trainAcc)}; val_acc: ${f6(valAcc)}`);
        if (valAcc > this.bestValAcc) {
          this.bestValAcc = valAcc;
          this.bestParams = Object.fromEntries(Object.entries(this.model.params).map(([k, v]) => [k, clone(v)]));
        }
      }
    }
    // The course assigns best_params to the model; copies keep bestParams safe from later steps.
    for (const [name, w] of Object.entries(this.bestParams)) this.model.params[name] = clone(w);
  }
}
