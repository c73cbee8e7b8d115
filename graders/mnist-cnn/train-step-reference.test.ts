// The train-step fixtures' expected values, cross-checked by a second route: every case (public from disk,
// hidden generated) is replayed from its topology with RMSprop written out by hand in float64
// (ms = 0.9 ms + 0.1 g^2; w -= 1e-3 g / sqrt(ms + 1e-7)) from tf.variableGrads' gradients, none of it through
// the reference's trainStep or optimizer.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadAssignment, loadFixtureBank, type FixtureBank, type FixtureCase } from '@gradient/grader';
import type { Tensor } from '@gradient/tensor';

const here = fileURLToPath(new URL('.', import.meta.url));
const LR = 1e-3;
const DECAY = 0.9;
const EPS = 1e-7;

interface StepArgs { topology: string; weights: Tensor[]; weightNames: string[]; x: Tensor; labels: number[]; classes: number; steps: number }
interface StepExpected { losses: number[]; weights: Tensor[] }

let bank: FixtureBank;
beforeAll(async () => {
  await tf.setBackend('cpu');
  bank = await loadFixtureBank(loadAssignment(here), true);
});

const toTf = (data: Float64Array, shape: number[]) => tf.tensor(Float32Array.from(data), shape);

async function byHand(c: FixtureCase): Promise<{ losses: number[]; weights: Float64Array[] }> {
  const a = c.args[0] as unknown as StepArgs;
  const model = await tf.models.modelFromJSON(JSON.parse(a.topology));
  const names = model.weights.map((v) => v.originalName);
  expect(names).toEqual(a.weightNames);
  const w = a.weights.map((t) => Float64Array.from(t.data));
  const shapes = a.weights.map((t) => t.shape as number[]);
  const ms = w.map((v) => new Float64Array(v.length));
  const x = toTf(a.x.data, a.x.shape as number[]);
  const y = tf.oneHot(tf.tensor1d(a.labels, 'int32'), a.classes);
  const trainable = model.trainableWeights.map((v) => v.originalName);
  const losses: number[] = [];
  for (let s = 0; s < a.steps; s++) {
    model.setWeights(w.map((v, k) => toTf(v, shapes[k])));
    const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => {
      const p = model.apply(x, { training: true }) as tf.Tensor;
      return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(p)), -1))) as tf.Scalar;
    }, vars);
    losses.push(value.dataSync()[0]);
    vars.forEach((v, j) => {
      const k = names.indexOf(trainable[j]);
      const g = grads[v.name].dataSync();
      for (let i = 0; i < g.length; i++) {
        ms[k][i] = DECAY * ms[k][i] + (1 - DECAY) * g[i] * g[i];
        w[k][i] -= (LR * g[i]) / Math.sqrt(ms[k][i] + EPS);
      }
    });
    tf.dispose([value, ...Object.values(grads)]);
  }
  tf.dispose([x, y]);
  model.dispose();
  return { losses, weights: w };
}

describe('train_step fixtures agree with RMSprop written out by hand', () => {
  for (const variant of ['public', 'hidden'] as const) {
    it(`${variant} cases`, async () => {
      const cases = variant === 'public' ? bank.public.train_step : bank.hidden!.train_step;
      expect(cases.length).toBe(2);
      for (const c of cases) {
        const want = c.expected as unknown as StepExpected;
        const start = (c.args[0] as unknown as StepArgs).weights;
        const got = await byHand(c);
        got.losses.forEach((l, s) => expect(Math.abs(l - want.losses[s]) / Math.abs(want.losses[s]), `${c.name} loss ${s + 1}`).toBeLessThan(1e-5));
        want.weights.forEach((t, k) => {
          // update against update, scaled by the largest expected update of the tensor (the check's own floor):
          // float32 steps against float64 arithmetic differ by a few float32 ulps of the weights
          let worst = 0;
          let scale = 0;
          for (let i = 0; i < t.data.length; i++) {
            worst = Math.max(worst, Math.abs(t.data[i] - got.weights[k][i]));
            scale = Math.max(scale, Math.abs(t.data[i] - start[k].data[i]));
          }
          expect(scale, `${c.name} weight ${k + 1} moved`).toBeGreaterThan(0);
          expect(worst / scale, `${c.name} weight ${k + 1}`).toBeLessThan(1e-3);
        });
      }
    });
  }
});
