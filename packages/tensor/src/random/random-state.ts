import { TensorArgumentError } from '../core/errors';
import { describe, expectTensor } from '../core/checks';
import { clone, sizeOf, tensor, type Tensor } from '../core/tensor';
import { logWithDoubt } from './accurate-log';
import { nextToward, ulpDistance } from './ulp';
import { legacyBoundedInteger } from './legacy-bounded';
import { MT19937, MT19937_STATE_WORDS } from './mt19937';
import { shapeOfSize, type Size } from './size';

export type { Size } from './size';

/** What NumPy's RandomState.get_state() holds, less the 'MT19937' tag. */
export interface RandomStateSnapshot {
  key: Uint32Array;
  pos: number;
  hasGauss: boolean;
  cachedGaussian: number;
}

const MAX_SEED = 2 ** 32 - 1;

function checkSeed(op: string, seed: unknown): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new TensorArgumentError('E_VALUE', op, 'seed', 'an integer in [0, 2**32 - 1]', describe(seed));
  }
}

function checkFinite(op: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TensorArgumentError('E_VALUE', op, name, 'a finite number', describe(v));
  }
}

function checkSafeInteger(op: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new TensorArgumentError('E_VALUE', op, name, 'an integer in [-(2**53 - 1), 2**53 - 1]', describe(v));
  }
}

function entropySeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/**
 * NumPy's legacy `np.random.RandomState`, draw for draw: the same seed gives the same rand, randint,
 * choice, permutation and shuffle results bit for bit. randn and normal go through log, which NumPy
 * takes from the C library; here an accurate log stands in, so they match bit for bit except on rare
 * inputs where glibc's log is itself off by one ulp, and are then one ulp apart.
 */
export class RandomState {
  private readonly mt: MT19937;
  private hasGauss = false;
  private cachedGaussian = 0;
  private readonly logNeighbour = new Float64Array(1);

  /** Without a seed, seeds from OS entropy, as NumPy does with None. */
  constructor(seed?: number) {
    this.mt = new MT19937(0);
    this.seed(seed);
  }

  seed(seed?: number): void {
    const s = seed === undefined ? entropySeed() : seed;
    checkSeed('RandomState.seed', s);
    this.mt.seed(s);
    this.hasGauss = false;
    this.cachedGaussian = 0;
  }

  /** Uniform doubles in [0, 1): rand() a number, rand(2, 3) a [2, 3] tensor. */
  rand(): number;
  rand(...shape: number[]): Tensor;
  rand(...shape: number[]): number | Tensor {
    if (shape.length === 0) return this.mt.nextDouble();
    return this.fill(shapeOfSize('RandomState.rand', 'shape', shape), () => this.mt.nextDouble());
  }

  /** Standard normal values: randn() a number, randn(2, 3) a [2, 3] tensor. */
  randn(): number;
  randn(...shape: number[]): Tensor;
  randn(...shape: number[]): number | Tensor {
    if (shape.length === 0) return this.gauss();
    return this.fill(shapeOfSize('RandomState.randn', 'shape', shape), () => this.gauss());
  }

  /** random_sample: rand taking a size. */
  randomSample(): number;
  randomSample(size: Size): Tensor;
  randomSample(size?: Size): number | Tensor;
  randomSample(size?: Size): number | Tensor {
    return this.draw('RandomState.randomSample', size, () => this.mt.nextDouble());
  }

  uniform(low?: number, high?: number): number;
  uniform(low: number | undefined, high: number | undefined, size: Size): Tensor;
  uniform(low?: number, high?: number, size?: Size): number | Tensor;
  uniform(low = 0, high = 1, size?: Size): number | Tensor {
    const op = 'RandomState.uniform';
    checkFinite(op, 'low', low);
    checkFinite(op, 'high', high);
    const range = high - low;
    checkFinite(op, 'high - low', range);
    return this.draw(op, size, () => low + range * this.mt.nextDouble());
  }

  normal(loc?: number, scale?: number): number;
  normal(loc: number | undefined, scale: number | undefined, size: Size): Tensor;
  normal(loc?: number, scale?: number, size?: Size): number | Tensor;
  normal(loc = 0, scale = 1, size?: Size): number | Tensor {
    const op = 'RandomState.normal';
    checkFinite(op, 'loc', loc);
    checkFinite(op, 'scale', scale);
    if (scale < 0) throw new TensorArgumentError('E_VALUE', op, 'scale', 'a number >= 0', describe(scale));
    return this.draw(op, size, () => loc + scale * this.gauss());
  }

  /** Integers in [low, high), or [0, low) without high; a tensor of them (as doubles) when size is given. */
  randint(low: number, high?: number): number;
  randint(low: number, high: number | undefined, size: Size): Tensor;
  randint(low: number, high?: number, size?: Size): number | Tensor;
  randint(low: number, high?: number, size?: Size): number | Tensor {
    const op = 'RandomState.randint';
    if (high === undefined) {
      checkSafeInteger(op, 'low', low);
      if (low < 1) throw new TensorArgumentError('E_VALUE', op, 'low', 'an integer >= 1 (without high the range is [0, low))', describe(low));
      [low, high] = [0, low];
    }
    checkSafeInteger(op, 'low', low);
    checkSafeInteger(op, 'high', high);
    if (high <= low) throw new TensorArgumentError('E_VALUE', op, 'high', `an integer > low (${low})`, describe(high));
    if (!Number.isSafeInteger(high - low)) {
      throw new TensorArgumentError('E_VALUE', op, 'high', `at most low + 2**53 - 1, so the range is exact in a double (low ${low})`, describe(high));
    }
    const max = high - low - 1;
    const start = low;
    return this.draw(op, size, () => start + legacyBoundedInteger(this.mt, max));
  }

  /** Samples of range(a): with replacement as randint(0, a); without, a prefix of permutation(a) as legacy NumPy does. */
  choice(a: number, size?: undefined, replace?: boolean): number;
  choice(a: number, size: Size, replace?: boolean): Tensor;
  choice(a: number, size?: Size, replace?: boolean): number | Tensor;
  choice(a: number, size?: Size, replace = true): number | Tensor {
    const op = 'RandomState.choice';
    if (typeof a !== 'number' || !Number.isSafeInteger(a) || a < 0) {
      throw new TensorArgumentError('E_VALUE', op, 'a', 'a population size, an integer >= 0', describe(a));
    }
    const shape = size === undefined ? undefined : shapeOfSize(op, 'size', size);
    const count = shape === undefined ? 1 : sizeOf(shape);
    if (a === 0 && count > 0) {
      throw new TensorArgumentError('E_VALUE', op, 'a', 'a population size >= 1 when samples are taken', describe(a));
    }
    if (replace) {
      if (shape === undefined) return this.randint(0, a);
      return count === 0 ? tensor(new Float64Array(0), shape) : this.randint(0, a, shape);
    }
    if (count > a) {
      throw new TensorArgumentError('E_VALUE', op, 'size', `at most ${a} samples (the population) without replacement`, `${count} samples`);
    }
    // NumPy shuffles the whole population even when it keeps a few, so do the same draws.
    const order = this.permutation(a).data;
    return shape === undefined ? order[0] : tensor(order.slice(0, count), shape);
  }

  /** A shuffled 0..n-1, or a shuffled copy of a tensor along axis 0. */
  permutation(x: number | Tensor): Tensor {
    if (typeof x === 'number') {
      if (!Number.isSafeInteger(x) || x < 0) {
        throw new TensorArgumentError('E_VALUE', 'RandomState.permutation', 'x', 'an integer >= 0 or a tensor', describe(x));
      }
      const order = new Float64Array(x);
      for (let i = 0; i < x; i++) order[i] = i;
      const out = tensor(order, [x]);
      this.shuffle(out);
      return out;
    }
    this.expectShufflable('RandomState.permutation', x);
    const copy = clone(x);
    this.shuffle(copy);
    return copy;
  }

  /** Shuffles in place along axis 0: Fisher-Yates from the end, as NumPy's legacy shuffle. */
  shuffle(x: Tensor | number[]): void {
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i > 0; i--) {
        const j = legacyBoundedInteger(this.mt, i);
        [x[i], x[j]] = [x[j], x[i]];
      }
      return;
    }
    this.expectShufflable('RandomState.shuffle', x);
    const rowOffsets = offsetsWithinRow(x);
    const data = x.data;
    for (let i = x.shape[0] - 1; i > 0; i--) {
      const j = legacyBoundedInteger(this.mt, i);
      if (j === i) continue;
      const a = x.offset + i * x.stride[0];
      const b = x.offset + j * x.stride[0];
      for (const r of rowOffsets) {
        const t = data[a + r];
        data[a + r] = data[b + r];
        data[b + r] = t;
      }
    }
  }

  getState(): RandomStateSnapshot {
    return { key: Uint32Array.from(this.mt.key), pos: this.mt.pos, hasGauss: this.hasGauss, cachedGaussian: this.cachedGaussian };
  }

  setState(state: RandomStateSnapshot): void {
    const op = 'RandomState.setState';
    if (state?.key?.length !== MT19937_STATE_WORDS) {
      throw new TensorArgumentError('E_VALUE', op, 'state.key', `${MT19937_STATE_WORDS} 32-bit words`, describe(state?.key));
    }
    if (!Number.isInteger(state.pos) || state.pos < 0 || state.pos > MT19937_STATE_WORDS) {
      throw new TensorArgumentError('E_VALUE', op, 'state.pos', `an integer in [0, ${MT19937_STATE_WORDS}]`, describe(state.pos));
    }
    this.mt.key.set(state.key);
    this.mt.pos = state.pos;
    this.hasGauss = Boolean(state.hasGauss);
    this.cachedGaussian = this.hasGauss ? state.cachedGaussian : 0;
  }

  /** legacy_gauss: the polar method; the second value of each pair is kept for the next call. */
  private gauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const cached = this.cachedGaussian;
      this.cachedGaussian = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.mt.nextDouble() - 1;
      x2 = 2 * this.mt.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const log = logWithDoubt(r2, this.logNeighbour);
    const f = Math.sqrt((-2 * log) / r2);
    let g1 = f * x1;
    let g2 = f * x2;
    if (!Number.isNaN(this.logNeighbour[0])) {
      // glibc may have returned the neighbouring log: answer within 1 ulp of either outcome
      const fAlt = Math.sqrt((-2 * this.logNeighbour[0]) / r2);
      g1 = hedge(g1, fAlt * x1);
      g2 = hedge(g2, fAlt * x2);
    }
    this.cachedGaussian = g1;
    this.hasGauss = true;
    return g2;
  }

  /** One value without size, else a tensor of that size filled in row-major order. */
  private draw(op: string, size: Size | undefined, next: () => number): number | Tensor {
    if (size === undefined) return next();
    return this.fill(shapeOfSize(op, 'size', size), next);
  }

  private fill(shape: number[], next: () => number): Tensor {
    const data = new Float64Array(sizeOf(shape));
    for (let i = 0; i < data.length; i++) data[i] = next();
    return tensor(data, shape);
  }

  private expectShufflable(op: string, x: unknown): asserts x is Tensor {
    expectTensor(op, 'x', x);
    if (x.shape.length === 0) throw new TensorArgumentError('E_RANK', op, 'x', 'rank >= 1 (shuffled along axis 0)', 'rank 0');
  }
}

/** Data offsets of the elements of one axis-0 slice of x, relative to the slice's start. */
function offsetsWithinRow(x: Tensor): number[] {
  let offsets = [0];
  for (let d = 1; d < x.shape.length; d++) {
    const next: number[] = [];
    for (const o of offsets) for (let i = 0; i < x.shape[d]; i++) next.push(o + i * x.stride[d]);
    offsets = next;
  }
  return offsets;
}

/** The NumPy-style module state for ported notebooks (`np.random.seed(0); np.random.rand(3)`); the only global RNG. */
export const numpyRandom = new RandomState();

/**
 * Of two candidates (from the correctly rounded log and from its neighbour), the first when they are at
 * most 1 ulp apart, else the double between them: 1 ulp from each, whichever log NumPy's libm returned.
 */
function hedge(ours: number, alternative: number): number {
  return ulpDistance(ours, alternative) <= 1 ? ours : nextToward(ours, alternative);
}
