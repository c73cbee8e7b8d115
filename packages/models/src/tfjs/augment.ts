// Training augmentation of a whole NHWC batch as tfjs ops, in torchvision's order: RandomCrop(H, padding)
// with zero padding, RandomHorizontalFlip(p = 0.5), Normalize(mean, std). The random draws come from a
// RandomState in the order of the float64 reference (classical/cifar-augmentation.ts): per image, crop top,
// crop left, then one rand() for the flip. So the same seed gives each image the same crop and flip as the
// reference, and the two can be compared image by image.
import * as tf from '@tensorflow/tfjs';
import type { RandomState } from '@gradient/tensor';
import { CIFAR10_MEAN, CIFAR10_STD } from '../classical/cifar-augmentation';

export interface ChannelNormalization {
  mean: readonly number[];
  std: readonly number[];
}

/** Plain data (no code), so it can sit in a training-settings object or a JSON file. */
export interface AugmentSettings {
  /** Zero padding on every side before a random crop back to the input's size; 0 or absent: no crop. */
  crop?: number;
  /** A horizontal flip with probability 0.5. */
  flip?: boolean;
  /** (x - mean[c]) / std[c] per channel; also applied, alone, to evaluation images. */
  normalize?: ChannelNormalization;
}

export const CIFAR10_NORMALIZE: ChannelNormalization = { mean: CIFAR10_MEAN, std: CIFAR10_STD };
export const CIFAR10_AUGMENT: AugmentSettings = { crop: 4, flip: true, normalize: CIFAR10_NORMALIZE };

/** Per-image crop offsets (in the padded image) and flips of one batch. */
export interface AugmentDraws {
  tops: Int32Array;
  lefts: Int32Array;
  flips: Uint8Array;
}

/** Checks settings read from anywhere; `where` names their source in the error (e.g. "train: augment"). */
export function checkAugmentSettings(settings: AugmentSettings, channels: number, where = 'augment'): void {
  if (typeof settings !== 'object' || settings === null) throw new TypeError(`${where} must be an object, got ${String(settings)}`);
  const { crop, flip, normalize } = settings;
  if (crop !== undefined && (!Number.isInteger(crop) || crop < 0)) throw new RangeError(`${where}.crop must be an integer >= 0 (the padding), got ${crop}`);
  if (flip !== undefined && typeof flip !== 'boolean') throw new TypeError(`${where}.flip must be true or false, got ${String(flip)}`);
  if (normalize !== undefined) checkNormalization(normalize, channels, `${where}.normalize`);
}

function checkNormalization(n: ChannelNormalization, channels: number, where: string): void {
  for (const field of ['mean', 'std'] as const) {
    const v = n?.[field];
    if (!Array.isArray(v) || v.length !== channels || !v.every((x) => Number.isFinite(x))) {
      throw new RangeError(`${where}.${field} must be ${channels} finite numbers (one per channel), got ${JSON.stringify(v)}`);
    }
  }
  n.std.forEach((s, c) => {
    if (!(s > 0)) throw new RangeError(`${where}.std[${c}] must be > 0, got ${s}`);
  });
}

/** Draws crop offsets and flips for n images of h x w, in the reference's order (top, left, flip per image). */
export function drawAugmentation(n: number, settings: AugmentSettings, rs: RandomState): AugmentDraws {
  const pad = settings.crop ?? 0;
  const draws: AugmentDraws = { tops: new Int32Array(n).fill(pad), lefts: new Int32Array(n).fill(pad), flips: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    if (pad > 0) {
      // A crop back to the input's size leaves 2 * pad + 1 offsets on each axis, whatever the size.
      draws.tops[i] = rs.randint(0, 2 * pad + 1);
      draws.lefts[i] = rs.randint(0, 2 * pad + 1);
    }
    if (settings.flip) draws.flips[i] = rs.rand() < 0.5 ? 1 : 0;
  }
  return draws;
}

/** (x - mean) / std per channel, inside tf.tidy. */
export function normalizeBatch(x: tf.Tensor4D, normalize: ChannelNormalization): tf.Tensor4D {
  checkNormalization(normalize, x.shape[3], 'normalizeBatch: normalize');
  return tf.tidy(() => tf.div(tf.sub(x, tf.tensor1d(normalize.mean as number[])), tf.tensor1d(normalize.std as number[])));
}

/**
 * The batch with the given draws applied, without tf.tidy: every intermediate tensor stays allocated.
 * Exported so that the leak test can show its check catches them; call applyAugmentation instead.
 */
export function augmentOpsUntidied(x: tf.Tensor4D, settings: AugmentSettings, draws: AugmentDraws): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const pad = settings.crop ?? 0;
  let out: tf.Tensor4D = x;
  if (pad > 0 || draws.flips.some((f) => f === 1)) {
    // Crop and flip are one gather of pixel rows from the padded batch: output pixel (i, r, col) reads padded
    // pixel (i, top + r, left + col'), col' = w - 1 - col when image i is flipped. Integer indexing moves the
    // float32 values unchanged, so this part is exact.
    const [hp, wp] = [h + 2 * pad, w + 2 * pad];
    const padded = pad > 0 ? tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]) : x;
    const rows = tf.reshape(padded, [n * hp * wp, c]);
    const idx = new Int32Array(n * h * w);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const [top, left, flip] = [draws.tops[i], draws.lefts[i], draws.flips[i] === 1];
      for (let r = 0; r < h; r++) {
        const base = (i * hp + top + r) * wp + left;
        for (let col = 0; col < w; col++) idx[k++] = base + (flip ? w - 1 - col : col);
      }
    }
    out = tf.reshape(tf.gather(rows, tf.tensor1d(idx, 'int32')), [n, h, w, c]);
  }
  if (settings.normalize) {
    out = tf.div(tf.sub(out, tf.tensor1d(settings.normalize.mean as number[])), tf.tensor1d(settings.normalize.std as number[]));
  }
  return out === x ? tf.clone(x) : out;
}

/** The augmented batch for the given draws; one new tensor, nothing else left allocated. */
export function applyAugmentation(x: tf.Tensor4D, settings: AugmentSettings, draws: AugmentDraws): tf.Tensor4D {
  checkAugmentSettings(settings, x.shape[3]);
  const n = x.shape[0];
  if (draws.tops.length !== n || draws.lefts.length !== n || draws.flips.length !== n) {
    throw new RangeError(`applyAugmentation: draws for ${draws.tops.length} images, batch of ${n}`);
  }
  const pad = settings.crop ?? 0;
  for (let i = 0; i < n; i++) {
    for (const [name, v] of [['top', draws.tops[i]], ['left', draws.lefts[i]]] as const) {
      if (v < 0 || v > 2 * pad) throw new RangeError(`applyAugmentation: image ${i}'s crop ${name} ${v} is outside 0..${2 * pad}`);
    }
  }
  return tf.tidy(() => augmentOpsUntidied(x, settings, draws));
}

/** Draws (from rs) and applies the augmentation to an NHWC batch; the caller disposes the result. */
export function augmentBatch(x: tf.Tensor4D, settings: AugmentSettings, rs: RandomState): tf.Tensor4D {
  if (x.rank !== 4) throw new RangeError(`augmentBatch: needs an NHWC batch, got shape [${x.shape.join(', ')}]`);
  checkAugmentSettings(settings, x.shape[3]);
  return applyAugmentation(x, settings, drawAugmentation(x.shape[0], settings, rs));
}
