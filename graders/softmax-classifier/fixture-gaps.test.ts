// Each likely slip is caught by the tests aimed at it and by no other: the correct sample with one method
// replaced by the slip, run in this process on the public and hidden sets of the gradient and SGD tests
// (the accuracy tests are left out: they train for seconds and are covered by grading.test.ts).
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { failingTests, type FixtureBank, loadAssignment, loadFixtureBank } from '@gradient/grader';
import * as correct from './submissions/correct/softmax_classifier';
import type { Labels, LossAndGrads, RandomState, Tensor } from './submissions/correct/softmax_classifier';

const assignment = loadAssignment(fileURLToPath(new URL('.', import.meta.url)));
const QUICK_SETS = ['softmax', 'loss_and_grads', 'sgd_epoch', 'svm_loss_and_grads', 'svm_sgd_epoch'];
let bank: FixtureBank;

beforeAll(async () => {
  bank = await loadFixtureBank(assignment, true);
});

/** The tests (public and hidden) that fail when `patch` replaces exports of the correct sample. */
const failing = (patch: Record<string, unknown>) =>
  failingTests(assignment, { ...correct, ...patch }, bank, (sets) => Object.fromEntries(QUICK_SETS.map((s) => [s, sets[s]])));

const scale = (t: Tensor, s: number) => {
  for (let i = 0; i < t.data.length; i++) t.data[i] *= s;
  return t;
};

describe('softmax-classifier: each slip fails exactly the tests aimed at it', () => {
  it('the correct sample fails none', async () => {
    expect(await failing({})).toEqual([]);
  });

  it('one example order for every epoch (permutation drawn once): the two-epoch SGD test', async () => {
    class OrderOnce extends correct.SoftmaxClassifier {
      private order?: { data: Float64Array };
      override trainEpoch(X: Tensor, y: Labels, learningRate: number) {
        const rng = this.rng!;
        const order = (this.order ??= rng.permutation(X.shape[0]));
        this.rng = { permutation: () => order } as RandomState;
        try {
          return super.trainEpoch(X, y, learningRate);
        } finally {
          this.rng = rng;
        }
      }
    }
    expect(await failing({ SoftmaxClassifier: OrderOnce })).toEqual(['2.2', '2.2h']);
  });

  it('the batch loss summed instead of averaged: the loss test (its one-example cases still pass)', async () => {
    class Summed extends correct.SoftmaxClassifier {
      override loss(X: Tensor, y: Labels): LossAndGrads {
        const n = X.shape[0];
        const r = super.loss(X, y);
        return { loss: r.loss * n, grads: { W: scale(r.grads.W, n), b: scale(r.grads.b, n) } };
      }
    }
    expect(await failing({ SoftmaxClassifier: Summed })).toEqual(['2.1', '2.1h']);
  });

  it('the SVM regularizing b too: the SVM loss test (cases with reg > 0)', async () => {
    class RegB extends correct.MulticlassSVM {
      override loss(F: Tensor, y: Labels, reg = 0): LossAndGrads {
        const r = super.loss(F, y, reg);
        const b = this.params.b.data;
        let squares = 0;
        for (let j = 0; j < b.length; j++) {
          squares += b[j] ** 2;
          r.grads.b.data[j] += reg * b[j];
        }
        return { loss: r.loss + 0.5 * reg * squares, grads: r.grads };
      }
    }
    expect(await failing({ MulticlassSVM: RegB })).toEqual(['4.1', '4.1h']);
  });

  it('the SVM hinge summed over j = y too (a constant 1 added per example): the SVM loss test', async () => {
    class WithOwnClass extends correct.MulticlassSVM {
      override loss(F: Tensor, y: Labels, reg = 0): LossAndGrads {
        const r = super.loss(F, y, reg);
        return { loss: r.loss + 1, grads: r.grads };
      }
    }
    expect(await failing({ MulticlassSVM: WithOwnClass })).toEqual(['4.1', '4.1h']);
  });
});
