// Each likely slip in the training step, as the correct sample with one function replaced, fails the train-step
// test on both the public and the hidden cases, and nothing else; run in this process through the real checks.
import * as tf from '@tensorflow/tfjs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { failingTests, type FixtureBank, loadAssignment, loadFixtureBank } from '@gradient/grader';
import { meanCrossEntropy, minimizeWith } from '@gradient/models/tfjs/testing';
import * as correct from './submissions/correct/cifar_cnn';

const assignment = loadAssignment(fileURLToPath(new URL('.', import.meta.url)));
let bank: FixtureBank;
beforeAll(async () => {
  bank = await loadFixtureBank(assignment, true);
});


const slips: Record<string, Partial<typeof correct>> = {
  'inference mode (training: false)': { trainStep: minimizeWith((m, x, y) => meanCrossEntropy(m.apply(x, { training: false }) as tf.Tensor, y)) },
  'summed loss': { trainStep: minimizeWith((m, x, y) => tf.neg(tf.sum(tf.mul(y, tf.log(m.apply(x, { training: true }) as tf.Tensor)))) as tf.Scalar) },
  'softmax applied again (softmaxCrossEntropy on probabilities)': { trainStep: minimizeWith((m, x, y) => tf.losses.softmaxCrossEntropy(y, m.apply(x, { training: true }) as tf.Tensor) as tf.Scalar) },
  'plain SGD': { makeOptimizer: () => tf.train.sgd(1e-3) },
  'Adam in place of RMSprop': { makeOptimizer: () => tf.train.adam(1e-3) },
  'RMSprop at 1e-2': { makeOptimizer: () => tf.train.rmsprop(1e-2) },
  'a new optimizer each step': { trainStep: (model, _optimizer, x, y) => correct.trainStep(model, tf.train.rmsprop(1e-3), x, y) },
};

const failedTests = (mod: Record<string, unknown>) => failingTests(assignment, mod, bank);

describe('train-step slips fail exactly the train-step tests', () => {
  it('the correct sample fails nothing', async () => {
    expect(await failedTests({ ...correct })).toEqual([]);
  });
  for (const [slip, replaced] of Object.entries(slips)) {
    it(slip, async () => {
      expect(await failedTests({ ...correct, ...replaced })).toEqual(['2.1', '2.1h']);
    });
  }
});
