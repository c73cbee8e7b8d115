// The reference solution: the spec-B CIFAR builders and the hand-written training step of
// @gradient/models/tfjs under the names this assignment's students export. Nothing is reimplemented here:
// trainStep hands back the loss alone (the engine's step also counts right answers), and makeOptimizer
// fixes the exercise's RMSprop at 1e-3.
import type * as tf from '@tensorflow/tfjs';
import { makeOptimizer as engineOptimizer, trainStep as engineStep } from '@gradient/models/tfjs';

export { buildCifar8Layer as buildCifarModel, buildCifarStrong as buildOwnModel } from '@gradient/models/tfjs';

/** The exercise's optimizer: RMSprop, learning rate 1e-3 (tfjs's defaults: decay 0.9, epsilon 1e-7). */
export function makeOptimizer(): tf.Optimizer {
  return engineOptimizer('rmsprop', 1e-3);
}

/** One step on a batch: mean cross-entropy of the model's probabilities (training mode), minimized once. */
export function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, yOneHot: tf.Tensor): number {
  return engineStep(model, optimizer, x, yOneHot).loss;
}

/** The own model's training settings (data): what the trusted trainer uses for buildOwnModel. */
export function trainingSettings() {
  return { optimizer: 'adam', learningRate: 1e-3, batchSize: 32, epochs: 3, augment: { cropPadding: 4, flip: true, normalize: true } } as const;
}
