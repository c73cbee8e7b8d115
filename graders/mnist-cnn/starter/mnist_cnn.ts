// MNIST CNN (spec B, MNIST part). Build models with tfjs's layers API (the TypeScript twin of tf.keras).
// `npm test` runs the public tests and writes evaluation_mnist.txt; `npm run zip` packs what you hand in.
import * as tf from '@tensorflow/tfjs';

class NotImplemented extends Error {
  constructor(what: string) {
    super(`${what} is not implemented yet`);
  }
}

/**
 * Part 1. The fixed model, exactly: input 28x28x1; Conv2D 32 filters 5x5, stride 1, relu; MaxPooling 2x2 stride 2;
 * Dropout 0.2; Flatten; Dense 128 relu; Dense 10 softmax.
 */
export function buildMnistModel(): tf.LayersModel {
  throw new NotImplemented('buildMnistModel');
}

/** Part 2. The optimizer of the training step: RMSprop with learning rate 1e-3. */
export function makeOptimizer(): tf.Optimizer {
  throw new NotImplemented('makeOptimizer');
}

/**
 * Part 2. One training step by hand (not model.fit): the mean cross-entropy of the model's probabilities
 * (model.apply(x, { training: true })) against the one-hot labels, minimized once with `optimizer`
 * (tf.variableGrads + optimizer.applyGradients, or optimizer.minimize). Return the batch's loss.
 * The grader calls it twice in a row with one optimizer and compares the losses and the weight updates.
 */
export function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, yOneHot: tf.Tensor): number {
  throw new NotImplemented('trainStep');
}

/**
 * Part 3. Your own model, built layer by layer from tfjs's own layer classes (no custom layers, no pretrained
 * weights). The grader rebuilds it from its topology and trains it, and the fixed model, with your settings and
 * one seed for 2 epochs (tests 3.1 and 3.1h); it passes when it ends with a higher test accuracy than the fixed
 * model, or reaches the fixed model's final accuracy in fewer epochs. At most 1,500,000 parameters.
 */
export function buildOwnModel(): tf.LayersModel {
  throw new NotImplemented('buildOwnModel');
}

/** Part 3. Your training settings (data): { optimizer: 'adam' | 'rmsprop' | 'sgd', learningRate, batchSize, epochs }. */
export function trainingSettings(): { optimizer: 'adam' | 'rmsprop' | 'sgd'; learningRate: number; batchSize: number; epochs: number } {
  throw new NotImplemented('trainingSettings');
}

// Part 4. Hand in submission.csv: your own model's predicted label for each of the 10,000 MNIST test images, one per
// row in test-set order, with the header `label`. Rows 0-999 go on the leaderboard at once; rows 1000-9999 are
// graded after the due date (>= 95 %: 3, >= 97 %: 6, >= 98 %: 10 points).
