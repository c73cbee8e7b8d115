// Each likely slip in the function exports fails exactly the test aimed at it, on the public and on the hidden
// sets: the correct sample with one function replaced, run in this process. The object tests' slips are the
// sample submissions (grading.test.ts); their sets are left out here so that nothing trains.
import { fileURLToPath } from 'node:url';
import ndarray from 'ndarray';
import { beforeAll, describe, expect, it } from 'vitest';
import { failingTests, type FixtureBank, type FixtureCase, loadAssignment, loadFixtureBank } from '@gradient/grader';
import * as correct from './submissions/correct/two_layer_net';

type T = ndarray.NdArray<Float64Array>;
type Config = correct.Config;
const assignment = loadAssignment(fileURLToPath(new URL('.', import.meta.url)));
const FUNCTION_SETS = ['affine_forward', 'affine_backward', 'relu_forward', 'relu_backward', 'softmax_loss', 'svm_loss', 'sgd', 'sgd_momentum', 'rmsprop', 'adam'];
let bank: FixtureBank;
beforeAll(async () => {
  bank = await loadFixtureBank(assignment, true);
});

const only = (sets: Record<string, FixtureCase[]>) => Object.fromEntries(FUNCTION_SETS.map((k) => [k, sets[k]]));

const failedTests = (mutation: Partial<typeof correct>) => failingTests(assignment, { ...correct, ...mutation }, bank, only);

const map = (x: T, f: (v: number, i: number) => number): T => ndarray(Float64Array.from(x.data, f), x.shape.slice());
const num = (c: Config | undefined, k: string, d: number) => (c?.[k] as number | undefined) ?? d;

describe('two-layer-net: each slip fails the test aimed at it', () => {
  it('the correct sample fails nothing', async () => {
    expect(await failedTests({})).toEqual([]);
  });

  it('affine backward averaging db over the batch: 1.2', async () => {
    const affineBackward: typeof correct.affineBackward = (dout, cache) => {
      const [dx, dw, db] = correct.affineBackward(dout, cache);
      return [dx, dw, map(db, (v) => v / dout.shape[0])];
    };
    expect(await failedTests({ affineBackward })).toEqual(['1.2', '1.2h']);
  });

  it('affine forward that reads D from x.shape[1] (no flattening): 1.1 and 1.2', async () => {
    const affineForward: typeof correct.affineForward = (x, w, b) => {
      if (x.shape.length > 2 && x.shape[1] !== w.shape[0]) throw new RangeError(`x has ${x.shape[1]} columns, w ${w.shape[0]} rows`);
      return correct.affineForward(x, w, b);
    };
    expect(await failedTests({ affineForward })).toEqual(['1.1', '1.2', '1.1h', '1.2h']);
  });

  it('relu backward passing the gradient where x == 0 (>= for >): 1.4', async () => {
    const reluBackward: typeof correct.reluBackward = (dout, cache) => map(dout, (g, i) => (cache.x.data[i] >= 0 ? g : 0));
    expect(await failedTests({ reluBackward })).toEqual(['1.4', '1.4h']);
  });

  it('softmax loss summed over rows instead of averaged: 1.5 (the N = 1 cases pass)', async () => {
    const softmaxLoss: typeof correct.softmaxLoss = (s, y) => {
      const [l, d] = correct.softmaxLoss(s, y);
      return [l * s.shape[0], map(d, (v) => v * s.shape[0])];
    };
    expect(await failedTests({ softmaxLoss })).toEqual(['1.5', '1.5h']);
  });

  it('SVM loss counting the correct class (a margin of 1 per row): 1.6', async () => {
    const svmLoss: typeof correct.svmLoss = (s, y) => {
      const [l, d] = correct.svmLoss(s, y);
      return [l + 1, d];
    };
    expect(await failedTests({ svmLoss })).toEqual(['1.6', '1.6h']);
  });

  it('sgd that returns the config without its learning rate filled in: 4.1', async () => {
    const sgd: typeof correct.sgd = (w, dw, config) => [correct.sgd(w, dw, config)[0], { ...config, learningRate: undefined }];
    expect(await failedTests({ sgd })).toEqual(['4.1', '4.1h']);
  });

  it('rmsprop with epsilon inside the square root: 4.3', async () => {
    const rmsprop: typeof correct.rmsprop = (w, dw, config) => {
      const [, next] = correct.rmsprop(w, dw, config);
      const cache = next.cache as T;
      const lr = num(next, 'learningRate', 1e-2);
      const eps = num(next, 'epsilon', 1e-8);
      return [map(w, (v, i) => v - (lr * dw.data[i]) / Math.sqrt(cache.data[i] + eps)), next];
    };
    expect(await failedTests({ rmsprop })).toEqual(['4.3', '4.3h']);
  });

  it('adam without bias correction: 4.4', async () => {
    const adam: typeof correct.adam = (w, dw, config) => {
      const [, next] = correct.adam(w, dw, config);
      const [m, v] = [next.m as T, next.v as T];
      const lr = num(next, 'learningRate', 1e-3);
      const eps = num(next, 'epsilon', 1e-8);
      return [map(w, (x, i) => x - (lr * m.data[i]) / (Math.sqrt(v.data[i]) + eps)), next];
    };
    expect(await failedTests({ adam })).toEqual(['4.4', '4.4h']);
  });
});
