// One training run of a shipped builder as the `gradient train` command does it: pick the backend, build the
// seeded model, train with the progress line, evaluate, and write metrics.json and curves.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { type BackendChoice, type BackendPick, describePick, pickBackend } from './backend';
import { builders, trainingDefaults } from './builders';
import { type Point, renderCurvesSvg } from './curves-svg';
import { MODEL_INPUTS, type ModelName } from './names';
import { HostImages } from './host-images';
import { type BatchProgress, type TrainingImages, train } from './trainer';

/** NHWC images (float32 values already scaled, or bytes with their divisor) with integer labels. */
export interface ImageArrays {
  /** Values already scaled, or bytes that `divisor` scales (255: the data set's own bytes, a quarter of float32's memory). */
  pixels: Float32Array | Uint8Array;
  divisor?: number;
  labels: Int32Array;
  /** One image's [height, width, channels]. */
  imageShape: readonly [number, number, number];
}

export interface TrainingRunOptions {
  model: ModelName;
  /** How the data was named (`mnist`, a folder), recorded in metrics.json. */
  data: string;
  /** Read a batch at a time during the run (the images never go into the backend as one tensor). */
  train: ImageArrays;
  test?: ImageArrays;
  epochs: number;
  batchSize: number;
  seed: number;
  /** Default adam (as bench:train); rmsprop is spec B's optimizer exercise. Learning rate 1e-3 either way. */
  optimizer?: 'adam' | 'rmsprop';
  /** A forced backend; otherwise the best one that loads (or GRADIENT_BACKEND). */
  backend?: BackendChoice;
  out: string;
  onBatch?: (p: BatchProgress) => void;
  /** Receives the backend line (default: stderr). */
  log?: (line: string) => void;
  clock?: () => number;
}

/** Everything but `performance` depends only on the options and the backend: same seed, same file. */
export interface TrainingMetrics {
  model: ModelName;
  data: string;
  backend: BackendChoice;
  seed: number;
  epochs: number;
  epochsRun: number;
  batchSize: number;
  optimizer: 'adam' | 'rmsprop';
  learningRate: number;
  /** The model's per-epoch learning-rate factor, where it has one (trainingDefaults). */
  learningRateDecay?: number;
  trainImages: number;
  testImages: number;
  imagesSeen: number;
  finalTrainLoss: number;
  testAccuracy: number | null;
  history: { epoch: number; trainLoss: number; trainAccuracy: number; testAccuracy: number | null }[];
  /**
   * wallSeconds: the whole run (backend, model, training, evaluation); trainSeconds: the training steps alone,
   * which imagesPerSecond divides by.
   */
  performance: { wallSeconds: number; trainSeconds: number; imagesPerSecond: number; peakRssMB: number; epochSeconds: number[] };
}

const LEARNING_RATE = 1e-3;

/** The images stay in JS memory and enter the backend a batch at a time (host-images.ts). */
function toLabelled(a: ImageArrays): TrainingImages {
  return { x: new HostImages(a.pixels, [a.labels.length, ...a.imageShape], a.divisor ?? 1), labels: a.labels };
}

/** The pick of backend.ts; a --backend choice goes through its GRADIENT_BACKEND path and is named as the flag. */
async function selectBackend(forced: BackendChoice | undefined, log: (line: string) => void): Promise<BackendPick> {
  const asFlag = (text: string) => (forced ? text.replace('GRADIENT_BACKEND=', '--backend ').replace('GRADIENT_BACKEND', '--backend') : text);
  let pick: BackendPick;
  try {
    pick = await pickBackend(forced ? { override: forced } : {});
  } catch (e) {
    // E_BACKEND: the CLI prints it as a user's error (one line, exit 2), not as an internal one.
    throw Object.assign(new Error(asFlag((e as Error).message)), { code: 'E_BACKEND' });
  }
  // tfjs-cpu's own "install tfjs-node" banner repeats what the pick line says.
  tf.env().set('PROD', true);
  log(asFlag(describePick(pick)));
  return pick;
}

export async function runTraining(o: TrainingRunOptions): Promise<TrainingMetrics> {
  const expected = MODEL_INPUTS[o.model];
  for (const set of [o.train, o.test]) {
    if (set && set.imageShape.join('x') !== expected.join('x')) {
      throw new Error(`runTraining: ${o.model} takes ${expected.join('x')} images, got ${set.imageShape.join('x')}`);
    }
  }
  const clock = o.clock ?? (() => performance.now() / 1000);
  const started = clock();
  const pick = await selectBackend(o.backend, o.log ?? ((l) => console.error(l)));
  const trainSet = toLabelled(o.train);
  const testSet = o.test ? toLabelled(o.test) : undefined;
  const model = builders[o.model](o.seed);
  const loss: Point[] = [];
  const accuracy: Point[] = [];
  let seen = 0;
  try {
    const r = await train(model, trainSet, {
      epochs: o.epochs, batchSize: o.batchSize, seed: o.seed, optimizer: o.optimizer ?? 'adam', learningRate: LEARNING_RATE,
      evalData: testSet, clock,
      // the model's own recipe: CIFAR models train on augmented batches (crop 4, flip, normalize)
      ...trainingDefaults[o.model],
      onBatch: (p) => {
        seen += p.batchSize;
        loss.push([seen, p.batchLoss]);
        accuracy.push([seen, p.batchAccuracy]);
        o.onBatch?.(p);
      },
    });
    const testCurve: Point[] = [];
    let at = 0;
    for (const h of r.history) {
      at += h.images;
      if (h.evalAccuracy !== undefined) testCurve.push([at, h.evalAccuracy]);
    }
    const trainSeconds = r.history.reduce((sum, h) => sum + h.seconds, 0);
    const metrics: TrainingMetrics = {
      model: o.model, data: o.data, backend: pick.backend, seed: o.seed, epochs: o.epochs, epochsRun: r.history.length,
      batchSize: o.batchSize, optimizer: o.optimizer ?? 'adam', learningRate: LEARNING_RATE,
      ...(trainingDefaults[o.model].learningRateDecay !== undefined ? { learningRateDecay: trainingDefaults[o.model].learningRateDecay } : {}),
      trainImages: o.train.labels.length, testImages: o.test?.labels.length ?? 0, imagesSeen: r.imagesSeen,
      finalTrainLoss: r.finalLoss, testAccuracy: r.evalAccuracy ?? null,
      history: r.history.map((h) => ({ epoch: h.epoch, trainLoss: h.loss, trainAccuracy: h.accuracy, testAccuracy: h.evalAccuracy ?? null })),
      performance: {
        wallSeconds: clock() - started, trainSeconds, imagesPerSecond: r.imagesSeen / trainSeconds,
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), epochSeconds: r.history.map((h) => h.seconds),
      },
    };
    mkdirSync(o.out, { recursive: true });
    writeFileSync(join(o.out, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
    writeFileSync(join(o.out, 'curves.svg'), renderCurvesSvg({
      title: `${o.model} on ${o.data} (${pick.backend}, seed ${o.seed})`,
      trainLoss: loss, trainAccuracy: accuracy, testAccuracy: testCurve,
    }));
    return metrics;
  } finally {
    model.dispose();
  }
}
