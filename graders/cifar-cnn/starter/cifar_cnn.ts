// CIFAR CNN: the fixed 8-layer model, a hand-written RMSprop training step, and your own model.
// Build models with the layers API of @tensorflow/tfjs (the TypeScript twin of tf.keras).
// Replace each `throw new NotImplemented(...)` with your code. `npx gradient test` runs the public tests.
import * as tf from '@tensorflow/tfjs';

class NotImplemented extends Error {
  constructor(what: string) {
    super(`${what} is not implemented yet (TODO in cifar_cnn.ts)`);
    this.name = 'NotImplemented';
  }
}

/**
 * Part 1. The fixed CIFAR model, layer by layer (input 32x32x3):
 *   Conv2D, 32 filters 7x7, stride 1, relu
 *   BatchNormalization
 *   MaxPooling2D 2x2, stride 2
 *   Flatten
 *   Dense 1024, relu
 *   Dense 10 (no activation)
 *   Softmax, as its own layer
 * Return the model (tf.sequential or tf.model); the grader compares its layers, output shapes and parameter counts.
 */
export function buildCifarModel(): tf.LayersModel {
  throw new NotImplemented('buildCifarModel');
}

/** Part 2a. The optimizer of your training step: RMSprop with learning rate 1e-3. Called once per run. */
export function makeOptimizer(): tf.Optimizer {
  throw new NotImplemented('makeOptimizer');
}

/**
 * Part 2b. One training step by hand (not model.fit): the mean cross-entropy of the model's probabilities
 * against the one-hot labels, in training mode (batch normalization uses the batch's statistics), minimized
 * once with `optimizer` (optimizer.minimize, or tf.variableGrads and optimizer.applyGradients).
 *   model: ends in a softmax, so its output is probabilities [N, classes]
 *   x: images [N, H, W, C]; yOneHot: [N, classes]
 * Return the batch's loss (a number or a tf.Scalar).
 */
export function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, yOneHot: tf.Tensor): number | tf.Scalar {
  throw new NotImplemented('trainStep');
}

/**
 * Part 3. Your own model, built layer by layer from tfjs's built-in layers (input 32x32x3, 10 classes, softmax
 * output; no pretrained weights, no layer classes of your own). Only its structure is used: the grader rebuilds
 * it, with fresh weights, trains it with trainingSettings() on train_X.npy (at most 5 epochs, 2,000,000
 * parameters), then scores it on the private test set: >= 70 % earns 3 points, >= 75 % 5, >= 80 % 8, >= 83 % 10.
 *
 * Also hand in submission.csv: your trained model's predicted label for each image of private_test_X.npy, one
 * per row in the file's order (a first row `label` is allowed). It is scored with the same thresholds.
 */
export function buildOwnModel(): tf.LayersModel {
  throw new NotImplemented('buildOwnModel');
}

/** Part 3. How the grader trains your own model: data only. */
export function trainingSettings(): {
  optimizer: 'adam' | 'rmsprop' | 'sgd';
  learningRate: number;
  batchSize: number;
  epochs: number;
  augment?: { cropPadding?: number; flip?: boolean; normalize?: boolean };
} {
  throw new NotImplemented('trainingSettings');
}
