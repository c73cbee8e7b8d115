import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { RandomState, type Tensor, tensor } from '@gradient/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentCifar, cropWithPadding, horizontalFlip } from '../classical/cifar-augmentation';
import {
  applyAugmentation, augmentBatch, augmentOpsUntidied, type AugmentSettings, CIFAR10_AUGMENT, drawAugmentation, normalizeBatch,
} from './augment';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('wasm');
});

const draws = (tops: number[], lefts: number[], flips: number[]) =>
  ({ tops: Int32Array.from(tops), lefts: Int32Array.from(lefts), flips: Uint8Array.from(flips) });

const nested = (t: tf.Tensor) => {
  const v = t.arraySync();
  t.dispose();
  return v;
};

// n seeded 32x32x3 images with float32 values, as one NHWC batch and as float64 reference images.
function seededImages(n: number, seed: number): { batch: tf.Tensor4D; images: Tensor[] } {
  const pixels = Float32Array.from((new RandomState(seed).rand(n * 32 * 32 * 3) as Tensor).data);
  const images = Array.from({ length: n }, (_, i) => tensor(Float64Array.from(pixels.subarray(i * 3072, (i + 1) * 3072)), [32, 32, 3]));
  return { batch: tf.tensor4d(pixels, [n, 32, 32, 3]), images };
}

describe('applyAugmentation: crop and flip by hand', () => {
  // The image [[1, 2], [3, 4]] zero-padded by 1 is a 4x4 frame of zeros around it; crops are back to 2x2.
  const img = () => tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);

  it('crops the padded image at (top, left), mirrors when flipped', () => {
    const x = img();
    const at = (top: number, left: number, flip: number) => nested(applyAugmentation(x, { crop: 1, flip: true }, draws([top], [left], [flip])));
    expect(at(0, 0, 0)).toEqual([[[[0], [0]], [[0], [1]]]]);
    expect(at(1, 1, 0)).toEqual([[[[1], [2]], [[3], [4]]]]);
    expect(at(2, 1, 0)).toEqual([[[[3], [4]], [[0], [0]]]]);
    expect(at(1, 1, 1)).toEqual([[[[2], [1]], [[4], [3]]]]);
    // Flip after crop: the crop at (0, 0) is [[0, 0], [0, 1]], mirrored [[0, 0], [1, 0]].
    expect(at(0, 0, 1)).toEqual([[[[0], [0]], [[1], [0]]]]);
    x.dispose();
  });

  it('gives each image of a batch its own offsets and flip', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2, 1]);
    expect(nested(applyAugmentation(x, { crop: 1, flip: true }, draws([1, 2], [1, 0], [1, 0])))).toEqual([
      [[[2], [1]], [[4], [3]]],
      [[[0], [7]], [[0], [0]]],
    ]);
    x.dispose();
  });

  it('normalizes per channel, hand-computed', () => {
    const x = tf.tensor4d([1, 10, 3, 30], [1, 1, 2, 2]);
    const out = normalizeBatch(x, { mean: [1, 10], std: [2, 4] }).arraySync();
    expect(out).toEqual([[[[0, 0], [1, 5]]]]);
    x.dispose();
  });

  it('rejects bad settings naming the field, and draws that leave the padded image', () => {
    const x = img();
    expect(() => augmentBatch(x, { crop: -1 }, new RandomState(0))).toThrow('augment.crop must be an integer >= 0 (the padding), got -1');
    expect(() => augmentBatch(x, { flip: 'yes' as unknown as boolean }, new RandomState(0))).toThrow('augment.flip must be true or false');
    expect(() => augmentBatch(x, { normalize: { mean: [0, 0, 0], std: [1, 1, 1] } }, new RandomState(0))).toThrow(
      'augment.normalize.mean must be 1 finite numbers (one per channel), got [0,0,0]');
    expect(() => augmentBatch(x, { normalize: { mean: [0], std: [0] } }, new RandomState(0))).toThrow('augment.normalize.std[0] must be > 0, got 0');
    expect(() => applyAugmentation(x, { crop: 1 }, draws([3], [0], [0]))).toThrow("image 0's crop top 3 is outside 0..2");
    x.dispose();
  });
});

describe('augmentBatch against the float64 reference (classical/cifar-augmentation.ts)', () => {
  it('draws the same crops and flips from the same RandomState, in the reference order', () => {
    const { images, batch } = seededImages(8, 3);
    const mine = drawAugmentation(8, CIFAR10_AUGMENT, new RandomState(11));
    const rs = new RandomState(11);
    const ref = images.map((im) => augmentCifar(im, rs));
    expect([...mine.tops]).toEqual(ref.map((r) => r.top));
    expect([...mine.lefts]).toEqual(ref.map((r) => r.left));
    expect([...mine.flips]).toEqual(ref.map((r) => (r.flipped ? 1 : 0)));
    // 8 images, 2 * 8 offsets in 0..8 and 8 coin flips: seed 11 gives both flip values and more than one offset.
    expect(new Set(mine.flips).size).toBe(2);
    batch.dispose();
  });

  it('crop and flip alone equal the reference exactly (integer indexing moves float32 values unchanged)', () => {
    const { images, batch } = seededImages(6, 4);
    const d = drawAugmentation(6, { crop: 4, flip: true }, new RandomState(2));
    const out = applyAugmentation(batch, { crop: 4, flip: true }, d);
    const got = out.dataSync();
    images.forEach((im, i) => {
      const cropped = cropWithPadding(im, 32, 4, d.tops[i], d.lefts[i]);
      const want = d.flips[i] ? horizontalFlip(cropped) : cropped;
      expect(Array.from(got.subarray(i * 3072, (i + 1) * 3072))).toEqual(Array.from(want.data));
    });
    tf.dispose([out, batch]);
  });

  it('with normalization, equals augmentCifar per image within float32 rounding', () => {
    const { images, batch } = seededImages(6, 5);
    const out = augmentBatch(batch, CIFAR10_AUGMENT, new RandomState(9));
    const got = out.dataSync();
    const rs = new RandomState(9);
    let worst = 0;
    let largest = 0;
    images.forEach((im, i) => {
      const want = augmentCifar(im, rs).image.data;
      for (let k = 0; k < 3072; k++) {
        worst = Math.max(worst, Math.abs(got[i * 3072 + k] - want[k]));
        largest = Math.max(largest, Math.abs(want[k]));
      }
    });
    // float32 computes (x - mean) / std with mean and std rounded to float32, then rounds the difference and the
    // quotient (or a reciprocal and a product): at most four roundings of half an ulp, each relative to a value of
    // at most |result| <= 2.75 (mean's error is divided by std, 5x, but mean ~0.5 has a 5x finer ulp). 4 ulps of
    // the largest output, 2^-23 relative each, bound them all; a wrong mean, std, crop or flip misses by >1e-3.
    const tolerance = 4 * 2 ** -23 * largest;
    expect(largest).toBeGreaterThan(2);
    expect(worst).toBeLessThanOrEqual(tolerance);
    expect(worst).toBeGreaterThan(0); // float32 really rounded: the comparison is not vacuous
    tf.dispose([out, batch]);
  });
});

describe('no tensor leaks', () => {
  it('augmentBatch leaves only its result; the untidied ops leave their intermediates, so the check can fail', () => {
    const { batch } = seededImages(2, 6);
    const before = tf.memory().numTensors;
    const out = augmentBatch(batch, CIFAR10_AUGMENT, new RandomState(1));
    expect(tf.memory().numTensors).toBe(before + 1);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const normalized = normalizeBatch(batch, CIFAR10_AUGMENT.normalize!);
    expect(tf.memory().numTensors).toBe(before + 1);
    normalized.dispose();

    // The same ops without tf.tidy: the padded batch, its reshape, the index, the gather, mean, std, ... stay.
    const settings: AugmentSettings = CIFAR10_AUGMENT;
    const leaky = augmentOpsUntidied(batch, settings, drawAugmentation(2, settings, new RandomState(1)));
    expect(tf.memory().numTensors).toBeGreaterThan(before + 1);
    leaky.dispose();
    batch.dispose();
  });
});
