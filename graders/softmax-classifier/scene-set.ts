// The small synthetic 15-class scene-feature set of spec D ("bring your own features; test on a small
// synthetic set in the same format"). Same format as the MNIST arrays: features [N, D] as uint8 (read as
// value / 255, like pixels) and labels [N] as uint8. Written by make-scene-set.ts; read by the fixtures.
//
// Each example is a bag-of-visual-words histogram, the classic scene-recognition feature: D = 128 visual
// words; a shared background distribution q = softmax(0.5 z) and, per scene class c, a topic distribution
// p_c = softmax(1.2 z_c) (z, z_c standard normal). An image of class c draws M = 80 words, each from p_c
// with probability alpha (alpha ~ U(0.15, 0.4) per image) and from q otherwise; its feature vector is the
// word counts scaled so that the largest is 255, rounded. Labels are a seeded shuffle of a balanced list.
// These settings make the classes overlap as real scene features do: a linear model reaches about 0.7
// held-out accuracy from 300 training examples (BoW + linear SVM on the real 15-scene set: about 0.65-0.75).
// Draw order (NumPy legacy RandomState(seed)): q's z, then z_c for c = 0..14, then the train split
// (labels, then per example alpha and its M uniforms for the mixture and M for the word), then the test split.
import { fileURLToPath } from 'node:url';
import { NpyArray, readNpyFile, RandomState, tensor, type Tensor } from '@gradient/tensor';

export const SCENE_CLASSES = [
  'bedroom', 'suburb', 'industrial', 'kitchen', 'livingroom', 'coast', 'forest', 'highway',
  'insidecity', 'mountain', 'opencountry', 'street', 'tallbuilding', 'office', 'store',
] as const;
export const SCENE_SEED = 15;
export const SCENE_WORDS = 128;
const WORDS_PER_IMAGE = 80;
export const SCENE_SPLITS = { train: 40, test: 20 } as const; // examples per class

export const sceneDir = fileURLToPath(new URL('./data/scene/', import.meta.url));

type Uint8Npy = NpyArray & { readonly data: Uint8Array };

export interface SceneSplit {
  /** [N, 128] uint8 word counts scaled to 0..255. */
  features: Uint8Npy;
  /** [N] uint8 class indices into SCENE_CLASSES. */
  labels: Uint8Npy;
}

/** A cumulative distribution of softmax(scale * z). */
function cumulative(z: Tensor, scale: number): Float64Array {
  const e = Array.from(z.data, (v) => Math.exp(scale * v));
  const total = e.reduce((a, b) => a + b, 0);
  const cdf = new Float64Array(e.length);
  let run = 0;
  e.forEach((v, i) => (cdf[i] = run += v / total));
  cdf[cdf.length - 1] = 1;
  return cdf;
}

/** The first index whose cumulative probability exceeds u (inverse-CDF sampling). */
function draw(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function makeSplit(rng: RandomState, background: Float64Array, topics: Float64Array[], perClass: number): SceneSplit {
  const c = topics.length;
  const balanced = tensor(Array.from({ length: c * perClass }, (_, i) => i % c), [c * perClass]);
  const labels = Uint8Array.from(rng.permutation(balanced).data);
  const n = labels.length;
  const features = new Uint8Array(n * SCENE_WORDS);
  const counts = new Float64Array(SCENE_WORDS);
  for (let i = 0; i < n; i++) {
    const alpha = rng.uniform(0.15, 0.4);
    const mixture = rng.rand(WORDS_PER_IMAGE).data;
    const words = rng.rand(WORDS_PER_IMAGE).data;
    counts.fill(0);
    for (let m = 0; m < WORDS_PER_IMAGE; m++) counts[draw(mixture[m] < alpha ? topics[labels[i]] : background, words[m])]++;
    const max = Math.max(...counts);
    for (let k = 0; k < SCENE_WORDS; k++) features[i * SCENE_WORDS + k] = Math.round((255 * counts[k]) / max);
  }
  return { features: new NpyArray('|u1', [n, SCENE_WORDS], features) as Uint8Npy, labels: new NpyArray('|u1', [n], labels) as Uint8Npy };
}

/** The whole set from its seed: deterministic, so the committed files can be checked byte for byte. */
export function makeSceneSet(seed = SCENE_SEED): { train: SceneSplit; test: SceneSplit } {
  const rng = new RandomState(seed);
  const background = cumulative(rng.randn(SCENE_WORDS), 0.5);
  const topics = SCENE_CLASSES.map(() => cumulative(rng.randn(SCENE_WORDS), 1.2));
  const train = makeSplit(rng, background, topics, SCENE_SPLITS.train);
  const test = makeSplit(rng, background, topics, SCENE_SPLITS.test);
  return { train, test };
}

export const sceneFiles = (split: 'train' | 'test') => ({ features: `${sceneDir}${split}-features.npy`, labels: `${sceneDir}${split}-labels.npy` });

/** Rows [from, from + count) of a committed split: features as float64 value / 255 [count, 128], labels as numbers. */
export function loadScene(split: 'train' | 'test', from: number, count: number): { X: Tensor; y: number[] } {
  const files = sceneFiles(split);
  const features = readUint8(files.features);
  const labels = readUint8(files.labels);
  const n = labels.shape[0];
  if (!Number.isInteger(from) || !Number.isInteger(count) || from < 0 || count < 1 || from + count > n) {
    throw new Error(`${files.labels}: rows [${from}, ${from + count}) requested; the ${split} split has ${n} rows`);
  }
  const d = features.shape[1];
  const X = new Float64Array(count * d);
  for (let k = 0; k < X.length; k++) X[k] = features.data[from * d + k] / 255;
  return { X: tensor(X, [count, d]), y: Array.from(labels.data.subarray(from, from + count)) };
}

function readUint8(file: string): Uint8Npy {
  const a = readNpyFile(file);
  if (a.dtype !== '|u1') throw new Error(`${file}: dtype ${a.dtype}, expected '|u1' (uint8, as make-scene-set.ts writes)`);
  return a as Uint8Npy;
}
