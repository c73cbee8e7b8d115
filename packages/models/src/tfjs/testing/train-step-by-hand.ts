// Test helpers for graders with a hand-written training step (spec B): the second route that cross-checks a
// train-step fixture, and the pieces their slip tests build wrong steps from. Test code's library: nothing
// here is used in grading.
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@gradient/tensor';

/** A train-step case's argument, as the fixture generators write it. */
export interface StepCaseArgs {
  topology: string;
  weights: Tensor[];
  weightNames: string[];
  x: Tensor;
  labels: number[];
  classes: number;
  steps: number;
}

export interface StepCaseExpected {
  losses: number[];
  weights: Tensor[];
}

/** What a step hook sees: the model with this step's starting weights set, the batch, and the float64 weights it may update. */
export interface StepHookContext {
  model: tf.LayersModel;
  x: tf.Tensor;
  weights: Float64Array[];
  names: string[];
}

export interface ByHandOptions {
  learningRate?: number;
  decay?: number;
  epsilon?: number;
  /**
   * Called at the start of each step (this step's weights set on the model) and returns what to do once the
   * step's RMSprop update is applied: e.g. batch normalization's moving statistics, which no gradient moves.
   */
  onStep?: (ctx: StepHookContext) => () => void;
}

const toTf = (data: Float64Array, shape: number[]) => tf.tensor(Float32Array.from(data), shape);

/** Mean cross-entropy of probabilities against one-hot labels (spec B's loss). */
export const meanCrossEntropy = (probs: tf.Tensor, y: tf.Tensor): tf.Scalar => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(probs)), -1))) as tf.Scalar;

/**
 * Replays a case's steps from its topology: gradients from tf.variableGrads of the mean cross-entropy in
 * training mode, RMSprop written out in float64 (ms = decay ms + (1 - decay) g^2; w -= lr g / sqrt(ms + eps),
 * tfjs's defaults), none of it through a reference's step or tfjs's optimizer. Run it on the cpu backend.
 */
export async function replayRmspropByHand(a: StepCaseArgs, options: ByHandOptions = {}): Promise<{ losses: number[]; weights: Float64Array[] }> {
  const { learningRate = 1e-3, decay = 0.9, epsilon = 1e-7, onStep } = options;
  const model = await tf.models.modelFromJSON(JSON.parse(a.topology));
  const names = model.weights.map((v) => v.originalName);
  if (names.join() !== a.weightNames.join()) throw new Error(`the topology's weights ${names.join(', ')} are not the case's ${a.weightNames.join(', ')}`);
  const w = a.weights.map((t) => Float64Array.from(t.data));
  const shapes = a.weights.map((t) => t.shape as number[]);
  const ms = w.map((v) => new Float64Array(v.length));
  const x = toTf(a.x.data, a.x.shape as number[]);
  const y = tf.oneHot(tf.tensor1d(a.labels, 'int32'), a.classes);
  const trainable = model.trainableWeights.map((v) => v.originalName);
  const losses: number[] = [];
  for (let s = 0; s < a.steps; s++) {
    model.setWeights(w.map((v, k) => toTf(v, shapes[k])));
    const afterUpdate = onStep?.({ model, x, weights: w, names });
    const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => meanCrossEntropy(model.apply(x, { training: true }) as tf.Tensor, y), vars);
    losses.push(value.dataSync()[0]);
    vars.forEach((v, j) => {
      const k = names.indexOf(trainable[j]);
      const g = grads[v.name].dataSync();
      for (let i = 0; i < g.length; i++) {
        ms[k][i] = decay * ms[k][i] + (1 - decay) * g[i] * g[i];
        w[k][i] -= (learningRate * g[i]) / Math.sqrt(ms[k][i] + epsilon);
      }
    });
    afterUpdate?.();
    tf.dispose([value, ...Object.values(grads)]);
  }
  tf.dispose([x, y]);
  model.dispose();
  return { losses, weights: w };
}

/**
 * How far a replay is from a case's expected values: each loss's relative gap, and per weight tensor the
 * largest gap between the two final weights scaled by the largest expected update of that tensor (the
 * train-step check's own floor), with that update, which must be > 0 for the comparison to mean anything.
 */
export function stepGaps(
  want: StepCaseExpected,
  start: Tensor[],
  got: { losses: number[]; weights: Float64Array[] },
): { losses: number[]; weights: { moved: number; gap: number }[] } {
  return {
    losses: got.losses.map((l, s) => Math.abs(l - want.losses[s]) / Math.abs(want.losses[s])),
    weights: want.weights.map((t, k) => {
      let worst = 0;
      let moved = 0;
      for (let i = 0; i < t.data.length; i++) {
        worst = Math.max(worst, Math.abs(t.data[i] - got.weights[k][i]));
        moved = Math.max(moved, Math.abs(t.data[i] - start[k].data[i]));
      }
      return { moved, gap: moved > 0 ? worst / moved : Infinity };
    }),
  };
}

/** A training step (spec B's trainStep signature) that minimizes `loss` with the given optimizer: slip tests build wrong steps from it. */
export const minimizeWith = (loss: (model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor) => tf.Scalar) =>
  (model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): number =>
    (optimizer.minimize(() => loss(model, x, y), true) as tf.Scalar).dataSync()[0];
