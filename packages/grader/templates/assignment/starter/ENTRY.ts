// An affine (fully connected) layer, forward and backward. All data is float64 (ndarray over a Float64Array).
// The forward returns [out, cache]; the backward receives (dout, cache). Replace every TODO.
// Run the public tests with `gradient test` (hidden tests use other shapes).
import ndarray from 'ndarray';

export type Tensor = ndarray.NdArray<Float64Array>;

/** A new zero-filled float64 tensor: results must be float64 ndarrays of exactly the expected shape. */
export const zeros = (shape: number[]): Tensor => ndarray(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);

class NotImplemented extends Error {
  constructor(what: string) {
    super(`${what} is not implemented yet (a TODO in your file)`);
    this.name = 'NotImplemented';
  }
}

/**
 * out = x2d @ w + b, each example of x flattened to one row of x2d.
 * x: [N, d1, ..., dk] with D = d1 * ... * dk; w: [D, M]; b: [M] -> out: [N, M].
 */
export function affineForward(x: Tensor, w: Tensor, b: Tensor): [Tensor, unknown] {
  throw new NotImplemented('affineForward'); // TODO
}

/** dout: [N, M], cache from affineForward -> [dx: x's shape, dw: [D, M], db: [M]]. */
export function affineBackward(dout: Tensor, cache: unknown): [Tensor, Tensor, Tensor] {
  throw new NotImplemented('affineBackward'); // TODO
}

/** The number of trainable parameters of an affine layer from D inputs to M outputs. */
export function parameterCount(layer: { D: number; M: number }): number {
  throw new NotImplemented('parameterCount'); // TODO
}
