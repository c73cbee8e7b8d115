// The reference solution: spec B's MNIST builder and the hand-written training step of @gradient/models/tfjs
// under the names this assignment's students export. trainStep hands back the loss alone (the engine's step also
// counts right answers), makeOptimizer fixes the exercise's RMSprop at 1e-3, and the own model is data only.
import * as tf from '@tensorflow/tfjs';
import { makeOptimizer as engineOptimizer, trainStep as engineStep } from '@gradient/models/tfjs';

export { buildMnistCnn as buildMnistModel } from '@gradient/models/tfjs';

/** The exercise's optimizer: RMSprop, learning rate 1e-3 (tfjs's defaults: decay 0.9, epsilon 1e-7). */
export function makeOptimizer(): tf.Optimizer {
  return engineOptimizer('rmsprop', 1e-3);
}

/** One step on a batch: mean cross-entropy of the model's probabilities (training mode), minimized once. */
export function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, yOneHot: tf.Tensor): number {
  return engineStep(model, optimizer, x, yOneHot).loss;
}

/**
 * The own model: two conv blocks with batch normalization (momentum 0.9, so that its moving statistics settle
 * within the two short epochs of the tests) where the fixed model has one plain block; about 1.5x its work.
 */
export function buildOwnModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5 }),
      tf.layers.batchNormalization({ momentum: 0.9 }),
      tf.layers.activation({ activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3 }),
      tf.layers.batchNormalization({ momentum: 0.9 }),
      tf.layers.activation({ activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

/** The own model's training settings (data): the trusted trainer trains it, and the fixed model, with them. */
export function trainingSettings() {
  return { optimizer: 'adam', learningRate: 1e-3, batchSize: 32, epochs: 2 } as const;
}
