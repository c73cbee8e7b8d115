// One batch's loss, correct count and gradients of every trainable weight (in model.trainableWeights order),
// as plain arrays: what a gradient worker sends back, and what the main thread computes for its own share.
import * as tf from '@tensorflow/tfjs';

/** Mean over the batch of -sum(y log p), p clipped to [1e-7, 1 - 1e-7] as Keras does. */
export function meanCrossEntropy(probs: tf.Tensor, oneHot: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.neg(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(probs, 1e-7, 1 - 1e-7))), -1))));
}

/** Dropout layers draw from (their seed + offset): masks differ between steps yet repeat between runs. */
export function setDropoutSeeds(model: tf.LayersModel, offset: number): void {
  for (const layer of model.layers) {
    if (layer.getClassName() === 'Dropout' || layer.getClassName() === 'SpatialDropout1D') {
      const l = layer as unknown as { seed?: number; baseSeed?: number };
      l.baseSeed ??= l.seed ?? 0;
      l.seed = l.baseSeed + offset;
    }
  }
}

export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

export interface BatchGradients {
  loss: number;
  correct: number;
  grads: Float32Array[];
}

export function batchGradients(model: tf.LayersModel, x: tf.Tensor, oneHot: tf.Tensor, dropoutOffset: number): BatchGradients {
  setDropoutSeeds(model, dropoutOffset);
  const vars = trainableVariables(model);
  let correct: tf.Scalar | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const probs = model.apply(x, { training: true }) as tf.Tensor;
    correct = tf.keep(tf.sum<tf.Tensor>(tf.cast(tf.equal(tf.argMax(probs, -1), tf.argMax(oneHot, -1)), 'int32'))) as tf.Scalar;
    return meanCrossEntropy(probs, oneHot);
  }, vars);
  const out = {
    loss: value.dataSync()[0],
    correct: correct!.dataSync()[0],
    grads: vars.map((v) => (grads[v.name].dataSync() as Float32Array).slice()),
  };
  tf.dispose([value, correct!, ...Object.values(grads)]);
  return out;
}
