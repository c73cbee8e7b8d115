// The train-step fixtures' expected values, cross-checked by a second route: every case (public from disk,
// hidden generated) is replayed from its topology with RMSprop written out by hand in float64
// (ms = 0.9 ms + 0.1 g^2; w -= 1e-3 g / sqrt(ms + 1e-7)) from tf.variableGrads' gradients, none of it through
// the reference's trainStep or optimizer.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadAssignment, loadFixtureBank, type FixtureBank } from '@gradient/grader';
import { replayRmspropByHand, stepGaps, type StepCaseArgs, type StepCaseExpected } from '@gradient/models/tfjs/testing';

let bank: FixtureBank;
beforeAll(async () => {
  await tf.setBackend('cpu');
  bank = await loadFixtureBank(loadAssignment(fileURLToPath(new URL('.', import.meta.url))), true);
});

describe('train_step fixtures agree with RMSprop written out by hand', () => {
  for (const variant of ['public', 'hidden'] as const) {
    it(`${variant} cases`, async () => {
      const cases = variant === 'public' ? bank.public.train_step : bank.hidden!.train_step;
      expect(cases.length).toBe(2);
      for (const c of cases) {
        const args = c.args[0] as unknown as StepCaseArgs;
        const gaps = stepGaps(c.expected as unknown as StepCaseExpected, args.weights, await replayRmspropByHand(args));
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
