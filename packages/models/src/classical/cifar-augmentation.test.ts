import { RandomState, type Tensor, tensor, toNested } from '@gradient/tensor';
import { describe, expect, it } from 'vitest';
import { augmentCifar, CIFAR10_MEAN, CIFAR10_STD, cropWithPadding, horizontalFlip, normalizeChannels, randomCrop, randomHorizontalFlip } from './cifar-augmentation';

const seededImage = (seed: number): Tensor => new RandomState(seed).rand(32, 32, 3) as Tensor;

describe('CIFAR augmentation', () => {
  it('a 2x2 crop of a zero-padded 2x2 image, by hand', () => {
    // [[1, 2], [3, 4]] padded by 1 is a 4x4 frame of zeros around it.
    const img = tensor([1, 2, 3, 4], [2, 2, 1]);
    expect(toNested(cropWithPadding(img, 2, 1, 0, 0))).toEqual([[[0], [0]], [[0], [1]]]);
    expect(toNested(cropWithPadding(img, 2, 1, 1, 1))).toEqual([[[1], [2]], [[3], [4]]]);
    expect(toNested(cropWithPadding(img, 2, 1, 2, 1))).toEqual([[[3], [4]], [[0], [0]]]);
    expect(() => cropWithPadding(img, 2, 1, 3, 0)).toThrow(/leaves/);
  });

  it('a crop at known offsets equals the image shifted by (top - 4, left - 4) with zeros outside', () => {
    const img = seededImage(0);
    const [top, left] = [1, 7];
    const out = cropWithPadding(img, 32, 4, top, left);
    for (let i = 0; i < 32; i++) {
      for (let j = 0; j < 32; j++) {
        const [si, sj] = [i + top - 4, j + left - 4];
        const inside = si >= 0 && si < 32 && sj >= 0 && sj < 32;
        for (let k = 0; k < 3; k++) expect(out.get(i, j, k)).toBe(inside ? img.get(si, sj, k) : 0);
      }
    }
    // Offsets (4, 4) are the identity.
    expect(toNested(cropWithPadding(img, 32, 4, 4, 4))).toEqual(toNested(img));
  });

  it('random crop offsets are 0..8 each, drawn top then left from the RandomState', () => {
    const rs = new RandomState(5);
    const expected = new RandomState(5);
    const seen = new Set<number>();
    for (let n = 0; n < 200; n++) {
      const { top, left } = randomCrop(tensor(new Float64Array(32 * 32), [32, 32, 1]), 32, 4, rs);
      expect([top, left]).toEqual([expected.randint(0, 9), expected.randint(0, 9)]);
      seen.add(top);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('flip reverses the width axis; flipping twice is the identity', () => {
    const img = tensor([1, 2, 3, 4, 5, 6], [1, 3, 2]);
    expect(toNested(horizontalFlip(img))).toEqual([[[5, 6], [3, 4], [1, 2]]]);
    const seeded = seededImage(1);
    expect(toNested(horizontalFlip(horizontalFlip(seeded)))).toEqual(toNested(seeded));
    expect(toNested(horizontalFlip(seeded))).not.toEqual(toNested(seeded));
  });

  it('random flip follows one rand() < p draw; p = 0 and p = 1 are never and always', () => {
    const img = seededImage(2);
    const rs = new RandomState(3);
    const draws = new RandomState(3);
    let flips = 0;
    for (let n = 0; n < 100; n++) {
      const { flipped } = randomHorizontalFlip(img, 0.5, rs);
      expect(flipped).toBe(draws.rand() < 0.5);
      if (flipped) flips++;
    }
    expect(flips).toBeGreaterThan(30); // seeded, so exact; the bounds only say "about half"
    expect(flips).toBeLessThan(70);
    expect(randomHorizontalFlip(img, 0, rs).flipped).toBe(false);
    expect(randomHorizontalFlip(img, 1, rs).flipped).toBe(true);
  });

  it('normalizing a constant 0.5 image gives (0.5 - mean_c) / std_c per channel', () => {
    // (0.5 - 0.4914) / 0.2023 = 0.042511, (0.5 - 0.4822) / 0.1994 = 0.089268, (0.5 - 0.4465) / 0.2010 = 0.266169
    const out = normalizeChannels(tensor(new Float64Array(4 * 4 * 3).fill(0.5), [4, 4, 3]), CIFAR10_MEAN, CIFAR10_STD);
    const hand = [0.042511, 0.089268, 0.266169];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 3; k++) expect(out.get(i, j, k)).toBeCloseTo(hand[k], 6);
    expect(() => normalizeChannels(out, [0, 0], [1, 1])).toThrow(/3 channels/);
  });

  it('the same seed gives the same augmentation, another seed another one', () => {
    const img = seededImage(4);
    const a = augmentCifar(img, new RandomState(42));
    const b = augmentCifar(img, new RandomState(42));
    expect([b.top, b.left, b.flipped]).toEqual([a.top, a.left, a.flipped]);
    expect(toNested(b.image)).toEqual(toNested(a.image));
    const draws = [1, 2, 3, 4, 5].map((s) => augmentCifar(img, new RandomState(s))).map((r) => `${r.top},${r.left},${r.flipped}`);
    expect(new Set(draws).size).toBeGreaterThan(1);
    // The pipeline is crop, then flip, then normalize, with the offsets it reports.
    let expected = cropWithPadding(img, 32, 4, a.top, a.left);
    if (a.flipped) expected = horizontalFlip(expected);
    expect(toNested(a.image)).toEqual(toNested(normalizeChannels(expected, CIFAR10_MEAN, CIFAR10_STD)));
  });
});
