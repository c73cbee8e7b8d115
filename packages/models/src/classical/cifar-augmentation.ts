/*
 * CIFAR-style training augmentation on one [H, W, C] float64 image, in torchvision's order:
 * RandomCrop(32, padding=4) (zero padding), RandomHorizontalFlip(p=0.5), Normalize(mean, std).
 * Randomness comes only from the RandomState passed in, drawn in a fixed order (crop top, crop
 * left, then one rand() for the flip), so the same seed gives the same augmentation.
 */
import { type RandomState, type Tensor, zeros } from '@gradient/tensor';

export const CIFAR10_MEAN = [0.4914, 0.4822, 0.4465] as const;
export const CIFAR10_STD = [0.2023, 0.1994, 0.201] as const;

function hwc(op: string, image: Tensor): [number, number, number] {
  if (image.shape.length !== 3) throw new RangeError(`${op}: needs an [H, W, C] image, got shape [${image.shape.join(', ')}]`);
  return [image.shape[0], image.shape[1], image.shape[2]];
}

function nonNegativeInteger(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${op}: ${name} must be an integer >= 0, got ${v}`);
}

/** The size x size window whose top-left corner is (top, left) in the image zero-padded by `padding` on every side. */
export function cropWithPadding(image: Tensor, size: number, padding: number, top: number, left: number): Tensor {
  const op = 'cropWithPadding';
  const [h, w, c] = hwc(op, image);
  nonNegativeInteger(op, 'padding', padding);
  nonNegativeInteger(op, 'top', top);
  nonNegativeInteger(op, 'left', left);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`${op}: size must be an integer >= 1, got ${size}`);
  if (top + size > h + 2 * padding || left + size > w + 2 * padding) {
    throw new RangeError(`${op}: a ${size}x${size} window at (${top}, ${left}) leaves the ${h + 2 * padding}x${w + 2 * padding} padded image`);
  }
  const out = zeros([size, size, c]);
  for (let i = 0; i < size; i++) {
    const si = top + i - padding;
    if (si < 0 || si >= h) continue;
    for (let j = 0; j < size; j++) {
      const sj = left + j - padding;
      if (sj < 0 || sj >= w) continue;
      for (let k = 0; k < c; k++) out.set(i, j, k, image.get(si, sj, k));
    }
  }
  return out;
}

/** Random crop: top then left drawn uniformly from 0..(side + 2 padding - size). */
export function randomCrop(image: Tensor, size: number, padding: number, rs: RandomState): { image: Tensor; top: number; left: number } {
  const [h, w] = hwc('randomCrop', image);
  const top = rs.randint(0, h + 2 * padding - size + 1);
  const left = rs.randint(0, w + 2 * padding - size + 1);
  return { image: cropWithPadding(image, size, padding, top, left), top, left };
}

/** Mirror left to right (reverse the W axis). */
export function horizontalFlip(image: Tensor): Tensor {
  const [h, w, c] = hwc('horizontalFlip', image);
  const out = zeros([h, w, c]);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let k = 0; k < c; k++) out.set(i, w - 1 - j, k, image.get(i, j, k));
  return out;
}

/** Flips when one rand() draw is below p. */
export function randomHorizontalFlip(image: Tensor, p: number, rs: RandomState): { image: Tensor; flipped: boolean } {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`randomHorizontalFlip: p must be in [0, 1], got ${p}`);
  const flipped = rs.rand() < p;
  return { image: flipped ? horizontalFlip(image) : image, flipped };
}

/** (x - mean[c]) / std[c] per channel. */
export function normalizeChannels(image: Tensor, mean: readonly number[], std: readonly number[]): Tensor {
  const [h, w, c] = hwc('normalizeChannels', image);
  if (mean.length !== c || std.length !== c) throw new RangeError(`normalizeChannels: ${c} channels need ${c} means and stds, got ${mean.length} and ${std.length}`);
  std.forEach((s, k) => {
    if (!(s > 0)) throw new RangeError(`normalizeChannels: std[${k}] must be > 0, got ${s}`);
  });
  const out = zeros([h, w, c]);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let k = 0; k < c; k++) out.set(i, j, k, (image.get(i, j, k) - mean[k]) / std[k]);
  return out;
}

export interface CifarAugmentation {
  image: Tensor;
  top: number;
  left: number;
  flipped: boolean;
}

/** Crop 32 with padding 4, flip with p = 0.5, normalize with the CIFAR-10 statistics. */
export function augmentCifar(image: Tensor, rs: RandomState): CifarAugmentation {
  const crop = randomCrop(image, 32, 4, rs);
  const flip = randomHorizontalFlip(crop.image, 0.5, rs);
  return { image: normalizeChannels(flip.image, CIFAR10_MEAN, CIFAR10_STD), top: crop.top, left: crop.left, flipped: flip.flipped };
}
