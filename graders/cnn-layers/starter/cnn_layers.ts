// cnn-layers: convolution, pooling, activation and dropout layers, forward and backward.
// Layout NHWC: x [N, H, W, C]; filters w [FH, FW, Cin, Cout]; bias b [Cout]. All data is float64.
// Each forward returns [out, cache]; its backward receives (dout, cache). Replace every TODO.
// Run the public tests with `npm install` once, then `npm test` (one test: `npm test -- 5.1`); see README.md.
// They compare with fixtures/public; the hidden tests use other shapes and seeds.
import ndarray from 'ndarray';

// Your variant of the public tests: put your username and any seed (0 to 4294967295) here, as literals.
// The tests read this call from the file's text; see "Your variant" in README.md.
exercise({ username: 'your-username', seed: 0 });

export type Tensor = ndarray.NdArray<Float64Array>;

/** A new zero-filled float64 tensor: results must be float64 ndarrays of exactly the expected shape. */
export const zeros = (shape: number[]): Tensor => ndarray(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);

class NotImplemented extends Error {
  constructor(what: string) {
    super(`${what} is not implemented yet (TODO in cnn_layers.ts)`);
    this.name = 'NotImplemented';
  }
}

/**
 * Convolution forward with zero padding.
 * x: [N, H, W, Cin]; w: [FH, FW, Cin, Cout]; b: [Cout]; stride >= 1; pad >= 0.
 * out: [N, floor((H + 2 pad - FH) / stride) + 1, floor((W + 2 pad - FW) / stride) + 1, Cout].
 */
export function convolution(x: Tensor, w: Tensor, b: Tensor, params: { stride: number; pad: number }): [Tensor, unknown] {
  throw new NotImplemented('convolution');
}

/** dout: [N, Ho, Wo, Cout], cache from convolution -> [dx: x's shape, dw: w's shape, db: [Cout]]. */
export function convolutionBackward(dout: Tensor, cache: unknown): [Tensor, Tensor, Tensor] {
  throw new NotImplemented('convolutionBackward');
}

/**
 * w: [FH, FW, 3, Cout] (FH, FW odd, Cout >= 2) -> a copy whose output channel 1 (the second) computes the Luma
 * 0.299 R + 0.587 G + 0.114 B of the pixel under the filter centre: those weights at the centre tap
 * [floor(FH/2), floor(FW/2), c, 1] for c = 0, 1, 2, and zero everywhere else in channel 1. Other channels unchanged.
 */
export function grayscaleFilter(w: Tensor): Tensor {
  throw new NotImplemented('grayscaleFilter');
}

/** x: any shape -> [max(0, x), cache]. */
export function relu(x: Tensor): [Tensor, unknown] {
  throw new NotImplemented('relu');
}

/** dout: the shape of x -> dx (the gradient is 0 where x <= 0). */
export function reluBackward(dout: Tensor, cache: unknown): Tensor {
  throw new NotImplemented('reluBackward');
}

/** x: [N, H, W, C] -> out [N, floor((H - size) / stride) + 1, floor((W - size) / stride) + 1, C], the max of each window. */
export function maxpool(x: Tensor, params: { size: number; stride: number }): [Tensor, unknown] {
  throw new NotImplemented('maxpool');
}

/** dout: out's shape -> dx: x's shape; each window's gradient goes to its max (the first one, row-major, on ties). */
export function maxpoolBackward(dout: Tensor, cache: unknown): Tensor {
  throw new NotImplemented('maxpoolBackward');
}

/** The seeded generator the grader passes in: rand(...shape) draws uniform [0, 1) values in row-major order. */
export interface Rng {
  rand(...shape: number[]): Tensor;
}

/**
 * Inverted dropout; p is the probability of DROPPING a unit, 0 <= p < 1.
 * train: draw u = rng.rand(...x.shape) once; keep x[i] where u[i] >= p, scaled by 1 / (1 - p); zero elsewhere.
 * test: return a copy of x, draw nothing.
 */
export function dropout(x: Tensor, params: { p: number; mode: 'train' | 'test'; rng: Rng }): [Tensor, unknown] {
  throw new NotImplemented('dropout');
}

/** dout: x's shape -> dx. */
export function dropoutBackward(dout: Tensor, cache: unknown): Tensor {
  throw new NotImplemented('dropoutBackward');
}

/** Output volume [width, height, depth] of N filters FxF with padding Z and stride S on a W x H input. */
export function convOutputShape(q: { W: number; H: number; F: number; Z: number; S: number; N: number }): [number, number, number] {
  throw new NotImplemented('convOutputShape');
}

/** Trainable parameters of [Conv(N filters FxF, no bias, pad Z, stride S) on M x M x C, Dense K1, Dense K2]. */
export function trainableParameters(q: { M: number; C: number; F: number; N: number; Z: number; S: number; K1: number; K2: number }): number {
  throw new NotImplemented('trainableParameters');
}

/** Names your variant of the public tests (README.md, "Your variant"); it does nothing when your code runs. */
function exercise(variant: { username: string; seed: number }): void {
  void variant;
}
