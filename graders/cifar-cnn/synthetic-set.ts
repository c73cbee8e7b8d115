// The small synthetic stand-in for CIFAR-10 (CIFAR-10 is not on these machines): the course's .npy layout
// (spec B: train_X/train_y, public_test_X/public_test_y, private_test_X, val_X/val_y; X uint8 NHWC
// (N, 32, 32, 3), y uint8 (N,), 10 classes). Written by make-synthetic-set.ts; read through
// @gradient/datasets' course-npy loader like the real files.
//
// Each image is a grey background with a striped square "object" on it, at a random size and place:
// - class k's colour is hue k x 36 degrees, jittered per image by N(0, HUE_JITTER) degrees, so neighbouring
//   hues overlap: colour alone (what a linear or dense model on pixels mostly learns) separates about 3 images
//   in 4;
// - the stripes are horizontal for even k and vertical for odd k, with a random phase and a random contrast,
//   so a class's two hue neighbours always have the other orientation: a convolutional model that sees the
//   stripes' orientation tells almost every confusable pair apart; faint stripes under the pixel noise stay
//   ambiguous, which keeps even a good model below 100 %;
// - per-pixel Gaussian noise, then clipped to [0, 1] and rounded to bytes.
// The private test labels (private_test_y.npy) go to hidden/, which never ships to students.
// Draw order (NumPy legacy RandomState(seed)): per split in SYNTHETIC_SPLITS order, the labels (a seeded
// permutation of a balanced list), then per image: hue jitter, saturation, value, background grey, object
// size, its row and column, stripe contrast, stripe phase, then 3072 noise values (row-major, channel last).
import { fileURLToPath } from 'node:url';
import { NpyArray, RandomState, tensor, type Tensor } from '@gradient/tensor';

export const SYNTHETIC_SEED = 10;
export const IMAGE = { height: 32, width: 32, channels: 3 } as const;
export const CLASSES = 10;
/** Images per class in each split (the course's set names). */
export const SYNTHETIC_SPLITS = { train: 100, val: 10, public_test: 20, private_test: 40 } as const;
export type SplitName = keyof typeof SYNTHETIC_SPLITS;

const HUE_JITTER = 15; // degrees; half the hue spacing (18) is 1.2 sigma: ~77 % of images nearer their own hue
const STRIPE_PERIOD = 5; // pixels
const NOISE = 0.1;

export const dataDir = fileURLToPath(new URL('./data/', import.meta.url));
export const hiddenDir = fileURLToPath(new URL('./hidden/', import.meta.url));

type Uint8Npy = NpyArray & { readonly data: Uint8Array };
export interface SyntheticSplit {
  X: Uint8Npy;
  y: Uint8Npy;
}

/** HSV (hue in degrees) to RGB in [0, 1]. */
export function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const hh = (((h % 360) + 360) % 360) / 60;
  const i = Math.floor(hh);
  const f = hh - i;
  const p = v * (1 - s);
  const q = v * (1 - s * f);
  const t = v * (1 - s * (1 - f));
  return ([[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]] as const)[i % 6].slice() as [number, number, number];
}

function makeSplit(rng: RandomState, perClass: number): SyntheticSplit {
  const { height: H, width: W, channels: C } = IMAGE;
  const balanced = tensor(Array.from({ length: CLASSES * perClass }, (_, i) => i % CLASSES), [CLASSES * perClass]);
  const labels = Uint8Array.from(rng.permutation(balanced).data);
  const n = labels.length;
  const X = new Uint8Array(n * H * W * C);
  for (let i = 0; i < n; i++) {
    const k = labels[i];
    const hue = k * 36 + (rng.normal(0, HUE_JITTER) as number);
    const rgb = hsvToRgb(hue, rng.uniform(0.5, 0.9) as number, rng.uniform(0.55, 0.95) as number);
    const grey = rng.uniform(0.25, 0.75) as number;
    const size = rng.randint(14, 25) as number;
    const top = rng.randint(0, H - size + 1) as number;
    const left = rng.randint(0, W - size + 1) as number;
    const contrast = rng.uniform(0.15, 0.6) as number;
    const phase = rng.uniform(0, STRIPE_PERIOD) as number;
    const noise = (rng.randn(H * W * C) as Tensor).data;
    const horizontal = k % 2 === 0;
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        const inside = r >= top && r < top + size && c >= left && c < left + size;
        // a square wave: the stripes' pixels are brighter or darker by the contrast
        const along = (horizontal ? r : c) + phase;
        const stripe = along % STRIPE_PERIOD < STRIPE_PERIOD / 2 ? 1 + contrast : 1 - contrast;
        for (let ch = 0; ch < C; ch++) {
          const at = ((r * W + c) * C + ch);
          const clean = inside ? rgb[ch] * stripe : grey;
          const v = Math.min(1, Math.max(0, clean + NOISE * noise[at]));
          X[i * H * W * C + at] = Math.round(v * 255);
        }
      }
    }
  }
  return {
    X: new NpyArray('|u1', [n, H, W, C], X) as Uint8Npy,
    y: new NpyArray('|u1', [n], labels) as Uint8Npy,
  };
}

/** Every split from the seed: deterministic, so the committed files can be checked byte for byte. */
export function makeSyntheticSet(seed = SYNTHETIC_SEED): Record<SplitName, SyntheticSplit> {
  const rng = new RandomState(seed);
  const out = {} as Record<SplitName, SyntheticSplit>;
  for (const name of Object.keys(SYNTHETIC_SPLITS) as SplitName[]) out[name] = makeSplit(rng, SYNTHETIC_SPLITS[name]);
  return out;
}

/** Where each split's files go: the private labels in hidden/, everything else in data/. */
export function splitFiles(name: SplitName): { X: string; y: string } {
  return { X: `${dataDir}${name}_X.npy`, y: `${name === 'private_test' ? hiddenDir : dataDir}${name}_y.npy` };
}
