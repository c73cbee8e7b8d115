// train-step tests end to end: the student's step runs in the sandbox child on the submission's own tfjs, on a
// model rebuilt from the case's topology with the case's weights; the grader compares losses and weight updates.
// The expected values come from tfjs's own RMSprop here, and are cross-checked against the update rule written
// out by hand in float64 (ms = 0.9 ms + 0.1 g^2; w -= lr g / sqrt(ms + 1e-7)) from the same gradients.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { tensor, type Tensor } from '@gradient/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FixtureCase } from '../fixtures/case';
import { gradeSubmission } from '../grade';
import type { Assignment, TrainStepTestSpec } from '../spec/types';
import { tempDirs } from '../testing/temp-dirs';

const tempDir = tempDirs();

const STEPS = 2;
const LR = 1e-3;

function smallModel(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }), biasInitializer: tf.initializers.randomNormal({ seed: 3, stddev: 0.1 }) }));
  return m;
}

const meanCrossEntropy = (probs: tf.Tensor, y: tf.Tensor) => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(probs)), -1))) as tf.Scalar;
const toTensor = (t: tf.Tensor): Tensor => tensor(Float64Array.from(t.dataSync()), t.shape);

let stepCase: FixtureCase;
let byHand: { losses: number[]; weights: Float64Array[] };

beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = smallModel();
  const x = tf.randomUniform([5, 6, 6, 1], 0, 1, 'float32', 11);
  const labels = [0, 3, 1, 2, 3];
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 4);
  const start = model.getWeights().map(toTensor);
  const args = { topology: JSON.stringify(model.toJSON(null, false)), weights: start, x: toTensor(x), labels, classes: 4, steps: STEPS };

  // the update rule by hand, in float64, from tfjs's gradients of the same loss
  const w = start.map((t) => Float64Array.from(t.data));
  const ms = w.map((a) => new Float64Array(a.length));
  const losses: number[] = [];
  const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
  for (let s = 0; s < STEPS; s++) {
    model.setWeights(w.map((a, k) => tf.tensor(Float32Array.from(a), start[k].shape as number[])));
    const { value, grads } = tf.variableGrads(() => meanCrossEntropy(model.apply(x, { training: true }) as tf.Tensor, y), vars);
    losses.push(value.dataSync()[0]);
    vars.forEach((v, k) => {
      const g = grads[v.name].dataSync();
      for (let i = 0; i < g.length; i++) {
        ms[k][i] = 0.9 * ms[k][i] + 0.1 * g[i] * g[i];
        w[k][i] -= (LR * g[i]) / Math.sqrt(ms[k][i] + 1e-7);
      }
    });
  }
  byHand = { losses, weights: w };

  // the reference: tfjs's RMSprop through optimizer.minimize, on a model rebuilt from the topology as the child does
  const ref = await tf.models.modelFromJSON(JSON.parse(args.topology));
  ref.setWeights(start.map((t) => tf.tensor(Float32Array.from(t.data), t.shape as number[])));
  const opt = tf.train.rmsprop(LR);
  const refLosses: number[] = [];
  for (let s = 0; s < STEPS; s++) refLosses.push((opt.minimize(() => meanCrossEntropy(ref.apply(x, { training: true }) as tf.Tensor, y), true) as tf.Scalar).dataSync()[0]);
  stepCase = { name: 'small-conv-N5', args: [args], expected: { losses: refLosses, weights: ref.getWeights().map(toTensor) } };
});

const trainStepTest: TrainStepTestSpec = { number: '1', name: 'RMSprop step', points: 3, set: 'public', kind: 'train-step', call: 'trainStep', optimizer: 'makeOptimizer', fixture: 'train_step', tolerance: 1e-4 };

function assignment(): Assignment {
  const dir = tempDir('gradient-train-step-assignment-');
  return {
    spec: {
      name: 'steps', title: 'steps', entry: 'solution.ts', exports: ['trainStep', 'makeOptimizer'], fixtures: { generator: 'none', publicSeed: 0 },
      libraries: ['@tensorflow/tfjs'], limits: { timeMs: 20_000 }, tests: [trainStepTest],
    },
    dir, specFile: join(dir, 'assignment.json'), publicFixturesDir: dir,
  };
}

const solution = (opts: { optimizer?: string; loss?: string; perStep?: boolean } = {}) => `import * as tf from '@tensorflow/tfjs';
export function makeOptimizer() {
  return ${opts.optimizer ?? 'tf.train.rmsprop(1e-3)'};
}
export function trainStep(model, optimizer, x, y) {
  const opt = ${opts.perStep ? 'tf.train.rmsprop(1e-3)' : 'optimizer'};
  return opt.minimize(() => {
    const probs = model.apply(x, { training: true });
    return ${opts.loss ?? 'tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(probs)), -1)))'};
  }, true);
}
`;

async function grade(source: string) {
  const dir = tempDir('gradient-train-step-sub-');
  writeFileSync(join(dir, 'solution.ts'), source);
  const r = await gradeSubmission(assignment(), dir, { public: { train_step: [stepCase] } }, { hidden: false });
  if (process.env.DEBUG_GRADE) console.log(r.output, r.tests[0].output);
  return r.tests[0];
}

describe('train-step test', { timeout: 60_000 }, () => {
  it('has a reference that agrees with the RMSprop rule written out by hand', () => {
    const want = stepCase.expected as { losses: number[]; weights: Tensor[] };
    want.losses.forEach((l, s) => expect(Math.abs(l - byHand.losses[s]) / Math.abs(l)).toBeLessThan(1e-6));
    want.weights.forEach((t, k) => {
      const start = (stepCase.args[0] as { weights: Tensor[] }).weights[k].data;
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < t.data.length; i++) {
        worst = Math.max(worst, Math.abs(t.data[i] - byHand.weights[k][i]));
        scale = Math.max(scale, Math.abs(byHand.weights[k][i] - start[i]));
      }
      // float32 weights against float64 arithmetic: a few ulps of the weights, far under 1e-4 of the update
      expect(worst / scale).toBeLessThan(1e-3);
    });
  });

  it('passes a step written with optimizer.minimize and a mean cross-entropy', async () => {
    const t = await grade(solution());
    expect(t).toMatchObject({ score: 3, status: 'passed' });
  });

  it('passes the same loss written another way (tf.losses.softmaxCrossEntropy is not it: the model already ends in softmax)', async () => {
    const t = await grade(solution({ loss: 'tf.mean(tf.neg(tf.sum(tf.mul(tf.log(tf.clipByValue(probs, 1e-12, 1)), y), 1)))' }));
    expect(t).toMatchObject({ score: 3, status: 'passed' });
  });

  it('fails plain SGD in place of RMSprop on the weight updates (and so on the second step\'s loss)', async () => {
    const t = await grade(solution({ optimizer: 'tf.train.sgd(1e-3)' }));
    expect(t).toMatchObject({ score: 0, status: 'failed' });
    expect(t.output).toContain('update of weight 1');
    expect(t.output).toContain('loss of step 2');
    expect(t.output).not.toContain('loss of step 1');
  });

  it('fails a summed loss on the loss values', async () => {
    const t = await grade(solution({ loss: 'tf.neg(tf.sum(tf.mul(y, tf.log(probs))))' }));
    expect(t).toMatchObject({ score: 0, status: 'failed' });
    expect(t.output).toContain('loss of step 1: expected');
  });

  it('fails a step that makes a new optimizer every call (its second step forgets the running average)', async () => {
    const t = await grade(solution({ perStep: true }));
    expect(t).toMatchObject({ score: 0, status: 'failed' });
    expect(t.output).toContain('update of weight');
  });

  it('says what a step must return when it returns nothing', async () => {
    const t = await grade(solution().replace('return opt.minimize(', 'opt.minimize('));
    expect(t).toMatchObject({ score: 0, status: 'failed' });
    expect(t.output).toContain("must return the batch's loss (a number or a tf.Scalar); it returned undefined (a missing return?)");
  });
});
