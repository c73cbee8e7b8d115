// Hostile: the own model's toJSON() is 100 MB. The rest (and its predictions file) is the correct sample's.
import * as tf from '@tensorflow/tfjs';

export function buildMnistModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: [5, 5], strides: [1, 1], activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }));
  model.add(tf.layers.dropout({ rate: 0.2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
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

/** Two 3x3 conv blocks with batch normalization and a small dense head: 56,906 weights. */
export function buildOwnModel(): tf.LayersModel {
  const block = (filters: number, first: boolean) => [
    tf.layers.conv2d({ ...(first ? { inputShape: [28, 28, 1] } : {}), filters, kernelSize: 3 }),
    tf.layers.batchNormalization({ momentum: 0.9 }),
    tf.layers.activation({ activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
  ];
  const model = tf.sequential({
    layers: [...block(16, true), ...block(32, false), tf.layers.flatten(), tf.layers.dense({ units: 64, activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })],
  });
  // a 100 MB topology: the child refuses it at its 1 MB cap, and the grader never holds it
  const real = model.toJSON.bind(model);
  model.toJSON = ((...args: Parameters<typeof model.toJSON>) => {
    const json = real(...args) as unknown as { config: Record<string, unknown> };
    json.config.padding = 'x'.repeat(100 * 1024 * 1024);
    return json;
  }) as typeof model.toJSON;
  return model;
}

export function trainingSettings() {
  return { optimizer: 'adam' as const, learningRate: 0.002, batchSize: 32, epochs: 2 };
}
