// The hand-written training loop of spec B (not model.fit): mean cross-entropy of the model's probabilities
// against one-hot labels, gradients through optimizer.minimize, seeded minibatch order and dropout, time and
// epoch budgets that stop between steps, evaluation on a held-out set.
import * as tf from '@tensorflow/tfjs';
import { RandomState } from '@gradient/tensor';
import { augmentBatch, type AugmentSettings, checkAugmentSettings, type ChannelNormalization, normalizeBatch } from './augment';
import { meanCrossEntropy, setDropoutSeeds } from './gradients';
import { gatherRows, type ImageRows, sliceRows } from './host-images';
import { GradientWorkers } from './parallel';

export { meanCrossEntropy } from './gradients';

/**
 * Images and their integer labels: x is NHWC float32 for the builders' models, or any rank >= 2 shaped to a
 * model's input ([N, 784] for one that starts with a Reshape); augmentation needs NHWC.
 */
export interface LabelledImages {
  x: tf.Tensor;
  labels: Int32Array;
}

/** What train() and evaluate() read batches from: a tensor, or images kept in JS memory (host-images.ts). */
export interface TrainingImages {
  x: ImageRows;
  labels: Int32Array;
}

export interface BatchProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** The epoch's running means so far. */
  loss: number;
  accuracy: number;
  /** This batch alone (the curves plot these). */
  batchLoss: number;
  batchAccuracy: number;
  batchSize: number;
  imagesPerSecond: number;
  etaSeconds: number;
}

export interface EpochStats {
  epoch: number;
  images: number;
  loss: number;
  accuracy: number;
  seconds: number;
  evalAccuracy?: number;
  /** tf.memory().numTensors when the epoch ended: constant from epoch to epoch unless something leaks. */
  tensors: number;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  numClasses?: number;
  optimizer?: OptimizerName;
  learningRate?: number;
  /** Multiplies the learning rate after every epoch (default 1: constant). */
  learningRateDecay?: number;
  /** Wall-clock budget: no step starts after it is spent. */
  budgetSeconds?: number;
  evalData?: TrainingImages;
  /**
   * Training-batch augmentation (augment.ts), drawn from RandomState(seed) batch after batch; evaluation
   * images get its normalization alone. The trained model then expects normalized inputs.
   */
  augment?: AugmentSettings;
  onBatch?: (p: BatchProgress) => void;
  /** After each epoch (evaluation included), with that epoch's stats. */
  onEpoch?: (stats: EpochStats) => void;
  /**
   * Worker threads that each compute a share of every batch (data parallel; for the single-threaded
   * wasm and cpu backends). 0, the default, trains in this thread with trainStep.
   */
  workers?: number;
  /** Seconds from an arbitrary origin (default performance.now() / 1000); tests pass a fake one. */
  clock?: () => number;
}

export interface TrainResult {
  history: EpochStats[];
  stoppedBy: 'epochs' | 'time';
  imagesSeen: number;
  seconds: number;
  imagesPerSecond: number;
  finalLoss: number;
  evalAccuracy?: number;
}

/** mulberry32: a small seeded generator for the minibatch order (tfjs draws its own seeded numbers). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates permutation of 0..n-1 drawn from `seed`. */
export function shuffledIndices(n: number, seed: number): Int32Array {
  const rand = seededRandom(seed);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}


export type OptimizerName = 'adam' | 'rmsprop' | 'sgd';

/** Sets a tfjs optimizer's learning rate between steps (Adam and RMSprop read the field each step; SGD keeps a scalar). */
function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.setLearningRate) o.setLearningRate(learningRate);
  else o.learningRate = learningRate;
}

export function makeOptimizer(name: OptimizerName = 'adam', learningRate = 1e-3): tf.Optimizer {
  if (name === 'sgd') return tf.train.sgd(learningRate);
  return name === 'adam' ? tf.train.adam(learningRate) : tf.train.rmsprop(learningRate);
}

/**
 * One training step: returns the batch's loss and its number of correct predictions.
 * Dropout layers draw from (their seed + step), so masks differ between steps yet repeat between runs.
 */
export function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, oneHot: tf.Tensor, step = 0): { loss: number; correct: number } {
  setDropoutSeeds(model, step);
  let correct: tf.Scalar | undefined;
  const loss = optimizer.minimize(() => {
    const probs = model.apply(x, { training: true }) as tf.Tensor;
    correct = tf.keep(tf.sum<tf.Tensor>(tf.cast(tf.equal(tf.argMax(probs, -1), tf.argMax(oneHot, -1)), 'int32'))) as tf.Scalar;
    return meanCrossEntropy(probs, oneHot);
  }, true) as tf.Scalar;
  const out = { loss: loss.dataSync()[0], correct: correct!.dataSync()[0] };
  tf.dispose([loss, correct!]);
  return out;
}

/** Fraction of `data` the model labels correctly, predicted in batches (inference mode). */
export function evaluate(model: tf.LayersModel, data: TrainingImages, batchSize = 256, normalize?: ChannelNormalization): number {
  const n = data.labels.length;
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const predicted = tf.tidy(() => {
      const x = sliceRows(data.x, start, size);
      return tf.argMax(model.predict(normalize ? normalizeBatch(x as tf.Tensor4D, normalize) : x) as tf.Tensor, -1).dataSync();
    });
    for (let i = 0; i < size; i++) if (predicted[i] === data.labels[start + i]) correct++;
  }
  return n === 0 ? 0 : correct / n;
}

export async function train(model: tf.LayersModel, data: TrainingImages, opts: TrainOptions): Promise<TrainResult> {
  const n = data.labels.length;
  if (data.x.shape[0] !== n) throw new Error(`train: ${data.x.shape[0]} images but ${n} labels`);
  if (!(opts.batchSize >= 1) || !Number.isInteger(opts.batchSize)) throw new Error(`train: batchSize must be a positive integer, got ${opts.batchSize}`);
  const numClasses = opts.numClasses ?? 10;
  if (opts.augment !== undefined) {
    if (data.x.rank !== 4) throw new RangeError(`train: augment needs NHWC images, got x of shape [${data.x.shape.join(', ')}]`);
    checkAugmentSettings(opts.augment, data.x.shape[3]!, 'train: augment');
  }
  const augmentRandom = opts.augment ? new RandomState(opts.seed) : undefined;
  // The batch x of the given indices, augmented when asked (the gathered copy is disposed then).
  const batchImages = (idx: Int32Array): tf.Tensor => {
    const x = gatherRows(data.x, idx);
    if (!opts.augment) return x;
    const out = augmentBatch(x as tf.Tensor4D, opts.augment, augmentRandom!);
    x.dispose();
    return out;
  };
  const optimizer = makeOptimizer(opts.optimizer, opts.learningRate);
  const batches = Math.ceil(n / opts.batchSize);
  const clock = opts.clock ?? (() => performance.now() / 1000);
  const started = clock();
  const elapsed = () => clock() - started;
  const history: EpochStats[] = [];
  let stoppedBy: TrainResult['stoppedBy'] = 'epochs';
  let imagesSeen = 0;
  let step = 0;
  let finalLoss = NaN;
  const pool = opts.workers ? await GradientWorkers.start(model, opts.workers, tf.getBackend()) : undefined;
  try {
    for (let epoch = 1; epoch <= opts.epochs && stoppedBy === 'epochs'; epoch++) {
      const order = shuffledIndices(n, opts.seed * 7919 + epoch);
      const epochStart = elapsed();
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let b = 0; b < batches; b++) {
        if (opts.budgetSeconds !== undefined && elapsed() >= opts.budgetSeconds) {
          stoppedBy = 'time';
          break;
        }
        const idx = order.subarray(b * opts.batchSize, Math.min(n, (b + 1) * opts.batchSize));
        let r: { loss: number; correct: number };
        if (pool) {
          const x = batchImages(idx);
          r = await pool.step(model, optimizer, x, Int32Array.from(idx, (i) => data.labels[i]), numClasses, step++);
          x.dispose();
        } else {
          const x = batchImages(idx);
          const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(idx, (i) => data.labels[i]), 'int32'), numClasses));
          r = trainStep(model, optimizer, x, y, step++);
          tf.dispose([x, y]);
        }
        lossSum += r.loss * idx.length;
        correct += r.correct;
        seen += idx.length;
        imagesSeen += idx.length;
        finalLoss = r.loss;
        const rate = imagesSeen / Math.max(elapsed(), 1e-9);
        const remaining = (opts.epochs - epoch) * n + (n - seen);
        opts.onBatch?.({
          epoch, epochs: opts.epochs, batch: b + 1, batches, loss: lossSum / seen, accuracy: correct / seen,
          batchLoss: r.loss, batchAccuracy: r.correct / idx.length, batchSize: idx.length,
          imagesPerSecond: rate, etaSeconds: remaining / rate,
        });
      }
      if (seen === 0) break;
      const stats: EpochStats = {
        epoch, images: seen, loss: lossSum / seen, accuracy: correct / seen, seconds: elapsed() - epochStart, tensors: 0,
      };
      if (opts.evalData) stats.evalAccuracy = evaluate(model, opts.evalData, 256, opts.augment?.normalize);
      stats.tensors = tf.memory().numTensors;
      history.push(stats);
      opts.onEpoch?.(stats);
      if (opts.learningRateDecay !== undefined && opts.learningRateDecay !== 1) {
        setLearningRate(optimizer, (opts.learningRate ?? 1e-3) * opts.learningRateDecay ** epoch);
      }
    }
  } finally {
    optimizer.dispose();
    await pool?.close();
  }
  const seconds = elapsed();
  return {
    history, stoppedBy, imagesSeen, seconds, imagesPerSecond: imagesSeen / seconds, finalLoss,
    evalAccuracy: history.at(-1)?.evalAccuracy,
  };
}
