import ndarray from 'ndarray';
import { TensorArgumentError } from './errors';

/** The one array type of this package: a float64 ndarray. Ops return C-contiguous results. */
export type Tensor = ndarray.NdArray<Float64Array>;
export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function tensor(data: Float64Array | ArrayLike<number>, shape: Shape): Tensor {
  const buf = data instanceof Float64Array ? data : Float64Array.from(data);
  if (buf.length !== sizeOf(shape)) {
    throw new TensorArgumentError('E_SHAPE', 'tensor', 'data', `${sizeOf(shape)} values for shape ${shapeString(shape)}`, `${buf.length} values`);
  }
  return ndarray(buf, [...shape]);
}

export function zeros(shape: Shape): Tensor {
  return ndarray(new Float64Array(sizeOf(shape)), [...shape]);
}

export function zerosLike(x: Tensor): Tensor {
  return zeros(x.shape);
}

export function shapeString(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** True when x's data is exactly its elements in row-major order (offset 0, C strides, no extra data). */
export function isContiguous(x: Tensor): boolean {
  if (x.offset !== 0 || x.data.length !== x.size) return false;
  let expected = 1;
  for (let i = x.shape.length - 1; i >= 0; i--) {
    if (x.shape[i] !== 1 && x.stride[i] !== expected) return false;
    expected *= x.shape[i];
  }
  return true;
}

/** x itself when already C-contiguous, otherwise a C-contiguous copy. Ops call this on every input. */
export function contiguous(x: Tensor): Tensor {
  if (isContiguous(x)) return x;
  const out = zeros(x.shape);
  const rank = x.shape.length;
  const idx = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < out.size; flat++) {
    let src = x.offset;
    for (let d = 0; d < rank; d++) src += idx[d] * x.stride[d];
    out.data[flat] = x.data[src];
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < x.shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

export function clone(x: Tensor): Tensor {
  const c = contiguous(x);
  return tensor(c === x ? Float64Array.from(c.data) : c.data, c.shape);
}

/** A view of a contiguous tensor with a new shape of the same size. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  if (sizeOf(shape) !== x.size) {
    throw new TensorArgumentError('E_SHAPE', 'reshape', 'shape', `a shape of ${x.size} elements`, shapeString(shape));
  }
  return ndarray(contiguous(x).data, [...shape]);
}

export function map(x: Tensor, f: (v: number) => number): Tensor {
  const src = contiguous(x).data;
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  return ndarray(out, [...x.shape]);
}

/**
 * Nested JS arrays (as NumPy's tolist()) to a tensor. The shape is read along the first entries; every
 * array must then have its depth's length and every leaf must be a number, so ragged input is rejected
 * with the path of the first entry that breaks the shape. A plain number is a rank-0 tensor.
 */
export function fromNested(nested: unknown): Tensor {
  const shape: number[] = [];
  for (let probe = nested; Array.isArray(probe); probe = probe[0]) shape.push(probe.length);
  const data = new Float64Array(sizeOf(shape));
  let filled = 0;
  const visit = (value: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof value !== 'number') {
        const got = Array.isArray(value) ? `an array of length ${value.length} (deeper than the shape)` : typeof value;
        throw new TensorArgumentError('E_SHAPE', 'fromNested', path, `a number (shape ${shapeString(shape)})`, got);
      }
      data[filled++] = value;
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[depth]) {
      const got = Array.isArray(value) ? `an array of length ${value.length}` : typeof value;
      throw new TensorArgumentError('E_SHAPE', 'fromNested', path, `an array of length ${shape[depth]} (ragged input: shape ${shapeString(shape)})`, got);
    }
    for (let i = 0; i < value.length; i++) visit(value[i], depth + 1, `${path}[${i}]`);
  };
  visit(nested, 0, 'nested');
  return tensor(data, shape);
}

export function toNested(x: Tensor): unknown {
  const c = contiguous(x);
  const build = (dim: number, offset: number): unknown => {
    if (dim === c.shape.length) return c.data[offset];
    const step = sizeOf(c.shape.slice(dim + 1));
    return Array.from({ length: c.shape[dim] }, (_, i) => build(dim + 1, offset + i * step));
  };
  return build(0, 0);
}
