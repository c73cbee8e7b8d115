// The trusted trainer's loop for a student's own model: the model comes from modelFromTopology, the
// settings are data the student handed in (the grader validated them with its JSON Schema; they are checked
// again here because this is where they are used), and the run is trainer.ts's train(): seeded data order,
// dropout and augmentation, the epoch budget, a time budget checked between batches, evaluation after
// every epoch.
import * as tf from '@tensorflow/tfjs';
import type { AugmentSettings, ChannelNormalization } from './augment';
import { modelInputShape, seedDropoutLayers, TopologyError } from './topology-model';
import { type LabelledImages, type OptimizerName, train } from './trainer';

/** Training settings: data handed in by the student, validated by the grader's JSON Schema before use. */
export interface TrainingSettings {
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  epochs: number;
  augment?: { cropPadding?: number; flip?: boolean; normalize?: boolean };
}

export interface EpochResult {
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  evalAccuracy: number;
  /** This epoch's training time (its evaluation not included), not the time since the start. */
  seconds: number;
}

export interface TopologyTrainingJob {
  /** From modelFromTopology; trained in place. */
  model: tf.LayersModel;
  settings: TrainingSettings;
  /** Data order, dropout masks and augmentation draws. */
  seed: number;
  /** Shaped to the model's input: [N, ...modelInputShape(model)]. */
  train: LabelledImages;
  /** Evaluated after every epoch. */
  eval: LabelledImages;
  /** The test's epoch budget: min(settings.epochs, maxEpochs) epochs run. */
  maxEpochs: number;
  /** Stop between batches once passed (stoppedBy 'time'). */
  budgetSeconds?: number;
  onEpoch?: (e: EpochResult) => void;
}

export interface TopologyTrainingResult {
  history: EpochResult[];
  stoppedBy: 'epochs' | 'time';
  seconds: number;
}

/** A user-facing problem with the training settings (student data) or with how they fit the model. */
export class TrainingSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingSettingsError';
  }
}

const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'rmsprop', 'sgd'];

function checkSettings(s: TrainingSettings): void {
  const fail = (field: string, expected: string, got: unknown) => {
    throw new TrainingSettingsError(`training settings: ${field} must be ${expected}, got ${JSON.stringify(got) ?? String(got)}`);
  };
  if (typeof s !== 'object' || s === null) fail('the settings', 'an object', s);
  if (!OPTIMIZERS.includes(s.optimizer)) fail('optimizer', `one of ${OPTIMIZERS.join(', ')}`, s.optimizer);
  if (!(Number.isFinite(s.learningRate) && s.learningRate > 0)) fail('learningRate', 'a number > 0', s.learningRate);
  if (!(Number.isInteger(s.batchSize) && s.batchSize >= 1)) fail('batchSize', 'an integer >= 1', s.batchSize);
  if (!(Number.isInteger(s.epochs) && s.epochs >= 1)) fail('epochs', 'an integer >= 1', s.epochs);
  const a = s.augment;
  if (a === undefined) return;
  if (typeof a !== 'object' || a === null) fail('augment', 'an object', a);
  if (a.cropPadding !== undefined && !(Number.isInteger(a.cropPadding) && a.cropPadding >= 0)) fail('augment.cropPadding', 'an integer >= 0', a.cropPadding);
  for (const f of ['flip', 'normalize'] as const) if (a[f] !== undefined && typeof a[f] !== 'boolean') fail(`augment.${f}`, 'true or false', a[f]);
}

/** Per-channel mean and standard deviation of NHWC images (a constant channel gets std 1). */
export function channelStatistics(x: tf.Tensor4D): ChannelNormalization {
  const [mean, variance] = tf.tidy(() => {
    const m = tf.moments(x, [0, 1, 2]);
    return [Array.from(m.mean.dataSync()), Array.from(m.variance.dataSync())];
  });
  return { mean, std: variance.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
}

/**
 * The student's augment flags as augment.ts options: cropPadding -> crop (zero padding on every side, then a
 * random crop back to the input size), flip -> flip (horizontal, p = 0.5), normalize -> normalize with the
 * training set's own per-channel mean and std (data-derived, so the same flag fits MNIST's one channel and
 * CIFAR's three; train() normalizes the evaluation images with the same numbers).
 */
export function toAugmentSettings(augment: TrainingSettings['augment'], trainX: tf.Tensor, inputShape: number[]): AugmentSettings | undefined {
  if (!augment) return undefined;
  const out: AugmentSettings = {};
  if (augment.cropPadding) out.crop = augment.cropPadding;
  if (augment.flip) out.flip = true;
  const any = out.crop !== undefined || out.flip || augment.normalize;
  if (!any) return undefined;
  if (trainX.rank !== 4) {
    throw new TrainingSettingsError(`training settings: augment needs image input [height, width, channels]; this model takes [${inputShape.join(', ')}]`);
  }
  if (augment.normalize) out.normalize = channelStatistics(trainX as tf.Tensor4D);
  return out;
}

/** Number of classes the model predicts, after checking it ends in probabilities over them. */
function outputClasses(model: tf.LayersModel): number {
  if (model.outputs.length !== 1) throw new TopologyError(`the model must have one output (class probabilities), it has ${model.outputs.length}`);
  const shape = model.outputs[0].shape;
  if (shape.length !== 2 || !shape[1]) throw new TopologyError(`the model's output must be [batch, classes], got [${shape.join(', ')}]`);
  // The loss is the cross-entropy of probabilities: logits would train to nonsense without an error.
  const last = model.outputs[0].sourceLayer;
  const activation = (last.getConfig() as { activation?: unknown }).activation;
  if (last.getClassName() !== 'Softmax' && activation !== 'softmax') {
    throw new TopologyError(`the model's last layer '${last.name}' (${last.getClassName()}) must output class probabilities: ` +
      `give it activation 'softmax' or add a Softmax layer (its activation is ${JSON.stringify(activation ?? null)})`);
  }
  return shape[1];
}

function checkData(data: LabelledImages, which: string, inputShape: number[], classes: number): void {
  const [n, ...example] = data.x.shape;
  if (n === 0) throw new RangeError(`trainTopology: ${which} is empty`);
  if (n !== data.labels.length) throw new RangeError(`trainTopology: ${which} has ${n} examples but ${data.labels.length} labels`);
  if (example.join() !== inputShape.join()) {
    throw new RangeError(`trainTopology: ${which} examples are [${example.join(', ')}]; the model takes [${inputShape.join(', ')}]`);
  }
  const bad = data.labels.findIndex((l) => !(l >= 0 && l < classes));
  if (bad >= 0) throw new TopologyError(`the model predicts ${classes} classes, but ${which} label ${bad} is ${data.labels[bad]}`);
}

/**
 * One example through the model before training: a topology that tfjs built but cannot run (an Embedding fed
 * pixels, say) fails here as the student's TopologyError rather than as an error of the trainer mid-run.
 */
function forwardOneExample(model: tf.LayersModel, x: tf.Tensor): void {
  try {
    tf.tidy(() => {
      const out = model.predict(tf.slice(x, [0], [1])) as tf.Tensor;
      if (!out.dataSync().every(Number.isFinite)) throw new Error('its output is not finite');
    });
  } catch (e) {
    throw new TopologyError(`the model cannot run on the training images: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
}

export async function trainTopology(job: TopologyTrainingJob): Promise<TopologyTrainingResult> {
  checkSettings(job.settings);
  if (!(Number.isInteger(job.maxEpochs) && job.maxEpochs >= 1)) throw new RangeError(`trainTopology: maxEpochs must be an integer >= 1, got ${job.maxEpochs}`);
  const inputShape = modelInputShape(job.model);
  const classes = outputClasses(job.model);
  checkData(job.train, 'the training set', inputShape, classes);
  checkData(job.eval, 'the evaluation set', inputShape, classes);
  const augment = toAugmentSettings(job.settings.augment, job.train.x, inputShape);
  forwardOneExample(job.model, job.train.x);
  // The job's seed, not the one modelFromTopology used, fixes the masks: data order and dropout go together.
  seedDropoutLayers(job.model, job.seed);
  const history: EpochResult[] = [];
  const result = await train(job.model, job.train, {
    epochs: Math.min(job.settings.epochs, job.maxEpochs),
    batchSize: job.settings.batchSize,
    seed: job.seed,
    numClasses: classes,
    optimizer: job.settings.optimizer,
    learningRate: job.settings.learningRate,
    budgetSeconds: job.budgetSeconds,
    evalData: job.eval,
    augment,
    onEpoch: (s) => {
      const e = { epoch: s.epoch, loss: s.loss, evalAccuracy: s.evalAccuracy!, seconds: s.seconds };
      history.push(e);
      job.onEpoch?.(e);
    },
  });
  return { history, stoppedBy: result.stoppedBy, seconds: result.seconds };
}
