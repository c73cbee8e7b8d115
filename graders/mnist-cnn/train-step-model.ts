// The small model of the train-step fixtures: the fixed MNIST model's layer sequence (Conv2D relu, MaxPooling,
// Flatten, Dense relu, Dense softmax) with fewer filters and units, so that a step is cheap and every weight can be
// compared. No Dropout: a step must be deterministic. Every layer is named, so the topology's JSON does not depend
// on how many models the process built before.
import * as tf from '@tensorflow/tfjs';
import { tensor, type RandomState, type Tensor } from '@gradient/tensor';

export interface StepModelShape {
  name: string;
  filters: number;
  kernel: number;
  hidden: number;
  batch: number;
  steps: number;
}

export const IMAGE: [number, number, number] = [28, 28, 1];
export const CLASSES = 10;

export function buildStepModel(s: StepModelShape): tf.Sequential {
  return tf.sequential({
    name: 'train_step_model',
    layers: [
      tf.layers.conv2d({ name: 'conv', inputShape: IMAGE, filters: s.filters, kernelSize: s.kernel, activation: 'relu' }),
      tf.layers.maxPooling2d({ name: 'pool', poolSize: 2, strides: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'hidden', units: s.hidden, activation: 'relu' }),
      tf.layers.dense({ name: 'probs', units: CLASSES, activation: 'softmax' }),
    ],
  });
}

/** The names of model.getWeights()'s entries, in that order. */
export const weightNames = (model: tf.LayersModel): string[] => model.weights.map((w) => w.originalName);

/** Seeded starting weights in getWeights() order: Glorot-scaled normal kernels, small random biases, as float32 values. */
export function seededWeights(model: tf.LayersModel, rng: RandomState): Tensor[] {
  return model.weights.map((w) => {
    const shape = w.shape as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    const role = w.originalName.split('/').pop();
    const draw = (f: () => number) => tensor(Float64Array.from({ length: size }, () => Math.fround(f())), shape);
    if (role === 'kernel') {
      const fanOut = shape[shape.length - 1];
      const scale = Math.sqrt(2 / (size / fanOut + fanOut));
      return draw(() => scale * (rng.randn() as number));
    }
    if (role === 'bias') return draw(() => 0.1 * (rng.randn() as number));
    throw new Error(`train-step model: no rule for weight ${w.originalName}`);
  });
}

export const toTf = (t: Tensor): tf.Tensor => tf.tensor(Float32Array.from(t.data), t.shape as number[]);
export const fromTf = (t: tf.Tensor): Tensor => tensor(Float64Array.from(t.dataSync()), t.shape);
