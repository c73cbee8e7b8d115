// The train-step fixtures' expected values, cross-checked by a second route: every case (public from disk,
// hidden generated) is replayed from its topology with RMSprop written out by hand in float64
// (ms = 0.9 ms + 0.1 g^2; w -= 1e-3 g / sqrt(ms + 1e-7)) from tf.variableGrads' gradients, and batch
// normalization's moving statistics by hand from the convolution's activations (tf.moments' biased variance,
// momentum 0.99), none of it through the reference's trainStep or optimizer.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadAssignment, loadFixtureBank, type FixtureBank } from '@gradient/grader';
import { replayRmspropByHand, stepGaps, type StepCaseArgs, type StepCaseExpected, type StepHookContext } from '@gradient/models/tfjs/testing';

const BN_MOMENTUM = 0.99;

let bank: FixtureBank;
beforeAll(async () => {
  await tf.setBackend('cpu');
  bank = await loadFixtureBank(loadAssignment(fileURLToPath(new URL('.', import.meta.url))), true);
});

/** The batch statistics of the activations batch normalization sees, in float64; moves the moving statistics after the update. */
function batchNormByHand({ model, x, weights, names }: StepHookContext): () => void {
  const conv = tf.model({ inputs: model.inputs, outputs: model.getLayer('conv').output as tf.SymbolicTensor });
  const act = conv.predict(x) as tf.Tensor;
  const channels = act.shape[3]!;
  const values = act.dataSync();
  act.dispose();
  const count = values.length / channels;
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  for (let i = 0; i < values.length; i++) mean[i % channels] += values[i] / count;
  for (let i = 0; i < values.length; i++) variance[i % channels] += (values[i] - mean[i % channels]) ** 2 / count;
  return () => {
    const movingMean = weights[names.indexOf('batchnorm/moving_mean')];
    const movingVariance = weights[names.indexOf('batchnorm/moving_variance')];
    for (let ch = 0; ch < channels; ch++) {
      movingMean[ch] = BN_MOMENTUM * movingMean[ch] + (1 - BN_MOMENTUM) * mean[ch];
      movingVariance[ch] = BN_MOMENTUM * movingVariance[ch] + (1 - BN_MOMENTUM) * variance[ch];
    }
  };
}

describe('train_step fixtures agree with RMSprop and batch normalization written out by hand', () => {
  for (const variant of ['public', 'hidden'] as const) {
    it(`${variant} cases`, async () => {
      const cases = variant === 'public' ? bank.public.train_step : bank.hidden!.train_step;
      expect(cases.length).toBe(2);
      for (const c of cases) {
        const args = c.args[0] as unknown as StepCaseArgs;
        const got = await replayRmspropByHand(args, { onStep: batchNormByHand });
        const gaps = stepGaps(c.expected as unknown as StepCaseExpected, args.weights, got);
        gaps.losses.forEach((g, s) => expect(g, `${c.name} loss ${s + 1}`).toBeLessThan(1e-5));
        // float32 steps against float64 arithmetic differ by a few float32 ulps of the weights
        gaps.weights.forEach(({ moved, gap }, k) => {
          expect(moved, `${c.name} weight ${k + 1} moved`).toBeGreaterThan(0);
          expect(gap, `${c.name} weight ${k + 1}`).toBeLessThan(1e-3);
        });
      }
    });
  }
});
