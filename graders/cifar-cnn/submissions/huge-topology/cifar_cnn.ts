// Hostile: the own model's topology is 100 MB (its toJSON() text padded with spaces, which JSON allows), to
// exhaust the grader's memory or the pipe to it. The child refuses a topology over 1 MB before sending it.
// Everything else is the correct sample's, and so is its submission.csv.
import * as tf from '@tensorflow/tfjs';

export function buildCifarModel(): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 3] });
  let h = tf.layers.conv2d({ filters: 32, kernelSize: [7, 7], strides: 1, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
  h = tf.layers.batchNormalization().apply(h) as tf.SymbolicTensor;
  h = tf.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: 1024, activation: 'relu' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: 10 }).apply(h) as tf.SymbolicTensor;
  const probs = tf.layers.softmax().apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: probs });
}

export function makeOptimizer(): tf.Optimizer {
  return tf.train.rmsprop(0.001);
}

export function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, yOneHot: tf.Tensor): number {
  const { value, grads } = tf.variableGrads(() => {
    const probs = model.apply(x, { training: true }) as tf.Tensor;
    const perExample = tf.sum(tf.mul(yOneHot, tf.log(tf.clipByValue(probs, 1e-7, 1 - 1e-7))), 1);
    return tf.mul(-1, tf.mean(perExample)) as tf.Scalar;
  });
  optimizer.applyGradients(grads);
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return loss;
}

/** Two conv blocks and a linear read-out: 17,386 weights, about 1.5 s an epoch on 1000 images on a CPU. */
export function buildOwnModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 16, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  const text = JSON.stringify(model.toJSON(null, false)) + ' '.repeat(100 * 1024 * 1024);
  model.toJSON = (() => text) as unknown as typeof model.toJSON;
  return model;
}

export function trainingSettings() {
  return { optimizer: 'adam' as const, learningRate: 0.003, batchSize: 16, epochs: 5 };
}
