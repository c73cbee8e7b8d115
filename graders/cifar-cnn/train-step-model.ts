// The small model of the train-step fixtures: the 8-layer CIFAR model's layer sequence (Conv2D relu,
// BatchNormalization, MaxPooling, Flatten, Dense relu, Dense, Softmax) shrunk to a few thousand weights so that
// a step is cheap and its every weight can be compared. No Dropout: a step must be deterministic.
// Every layer is named, so the topology's JSON does not depend on how many models the process built before.
import * as tf from '@tensorflow/tfjs';
import { tensor, type RandomState, type Tensor } from '@gradient/tensor';

export interface StepModelShape {
  name: string;
  /** [H, W, C] of one image. */
  input: [number, number, number];
  filters: number;
  kernel: number;
  hidden: number;
  classes: number;
  batch: number;
  steps: number;
}

export function buildStepModel(s: StepModelShape): tf.Sequential {
  return tf.sequential({
    name: 'train_step_model',
    layers: [
      tf.layers.conv2d({ name: 'conv', inputShape: s.input, filters: s.filters, kernelSize: s.kernel, activation: 'relu' }),
      tf.layers.batchNormalization({ name: 'batchnorm' }),
      tf.layers.maxPooling2d({ name: 'pool', poolSize: 2, strides: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'hidden', units: s.hidden, activation: 'relu' }),
      tf.layers.dense({ name: 'scores', units: s.classes }),
      tf.layers.softmax({ name: 'probs' }),
    ],
  });
}

/** The names of model.getWeights()'s entries, in that order (trainable weights first, then the moving statistics). */
export const weightNames = (model: tf.LayersModel): string[] => model.weights.map((w) => w.originalName);

/**
 * Seeded starting weights in getWeights() order: kernels Glorot-scaled normals, small random biases, gamma near 1,
 * and moving statistics away from tfjs's 0 and 1, so that a step in inference mode (moving statistics in place of
 * the batch's) gives another loss and a step that does not update them is seen.
 */
export function seededWeights(model: tf.LayersModel, rng: RandomState): Tensor[] {
  return model.weights.map((w) => {
    const shape = w.shape as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    const role = w.originalName.split('/').pop()!;
    // float32 values, so the weights the child sets are exactly the ones here
    const draw = (f: () => number) => tensor(Float64Array.from({ length: size }, () => Math.fround(f())), shape);
    switch (role) {
      case 'kernel': {
        const fanOut = shape[shape.length - 1];
        const fanIn = size / fanOut;
        const scale = Math.sqrt(2 / (fanIn + fanOut));
        return draw(() => scale * (rng.randn() as number));
      }
      case 'bias':
      case 'beta':
      case 'moving_mean':
        return draw(() => 0.1 * (rng.randn() as number));
      case 'gamma':
        return draw(() => 1 + 0.1 * (rng.randn() as number));
      case 'moving_variance':
        return draw(() => rng.uniform(0.5, 1.5) as number);
      default:
        throw new Error(`train-step model: no rule for weight ${w.originalName}`);
    }
  });
}

export const toTf = (t: Tensor): tf.Tensor => tf.tensor(Float32Array.from(t.data), t.shape as number[]);
export const fromTf = (t: tf.Tensor): Tensor => tensor(Float64Array.from(t.dataSync()), t.shape);
