import { TensorArgumentError } from './errors';
import { contiguous, sameShape, shapeString, zeros, type Tensor } from './tensor';

/**
 * The one definition of relative error, as the gradient-check utilities of the source courses write it:
 * |a - b| / max(floor, |a| + |b|) with floor 1e-8. NaN when either is NaN (callers decide what a NaN means).
 * The grader passes a larger floor, the scale of the whole tensor, when judging one entry of it.
 */
export function relativeError(a: number, b: number, floor = 1e-8): number {
  return Math.abs(a - b) / Math.max(floor, Math.abs(a) + Math.abs(b));
}

/** relativeError of two numbers, or its max over the entries of two tensors of one shape (NaN anywhere: Infinity). */
export function relError(a: Tensor | number, b: Tensor | number): number {
  if (typeof a === 'number' || typeof b === 'number') {
    if (typeof a !== 'number' || typeof b !== 'number') {
      throw new TensorArgumentError('E_TYPE', 'relError', 'b', 'the same kind as a (both numbers or both tensors)', typeof b);
    }
    return relativeError(a, b);
  }
  if (!sameShape(a.shape, b.shape)) {
    throw new TensorArgumentError('E_SHAPE', 'relError', 'b', `shape ${shapeString(a.shape)} (the shape of a)`, `shape ${shapeString(b.shape)}`);
  }
  const x = contiguous(a).data;
  const y = contiguous(b).data;
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const e = relativeError(x[i], y[i]);
    // NaN anywhere must make the check fail, not vanish in a max()
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e;
  }
  return worst;
}

function contiguousInPlace(op: string, x: Tensor): Float64Array {
  if (contiguous(x) !== x) {
    throw new TensorArgumentError('E_VALUE', op, 'x', 'a C-contiguous tensor (it is perturbed in place)', 'a strided view');
  }
  return x.data;
}

/** (f(x + h e_i) - f(x - h e_i)) / 2h, with entry i of data restored afterwards. */
function centeredDifference(data: Float64Array, i: number, h: number, f: () => number): number {
  const old = data[i];
  data[i] = old + h;
  const fp = f();
  data[i] = old - h;
  const fm = f();
  data[i] = old;
  return (fp - fm) / (2 * h);
}

/**
 * Centered-difference gradient of a scalar function f at x: (f(x+h) - f(x-h)) / 2h per entry.
 * x is perturbed in place and restored, as f usually closes over it.
 */
export function evalNumericalGradient(f: (x: Tensor) => number, x: Tensor, h = 1e-5): Tensor {
  const data = contiguousInPlace('evalNumericalGradient', x);
  const grad = zeros(x.shape);
  for (let i = 0; i < data.length; i++) grad.data[i] = centeredDifference(data, i, h, () => f(x));
  return grad;
}

/** Numerical gradient of sum(f(x) * dout) with respect to x, for array-valued f. */
export function evalNumericalGradientArray(f: (x: Tensor) => Tensor, x: Tensor, dout: Tensor, h = 1e-5): Tensor {
  const data = contiguousInPlace('evalNumericalGradientArray', x);
  const d = contiguous(dout).data;
  const grad = zeros(x.shape);
  for (let i = 0; i < data.length; i++) {
    const old = data[i];
    data[i] = old + h;
    const pos = contiguous(f(x)).data.slice();
    data[i] = old - h;
    const neg = contiguous(f(x)).data;
    data[i] = old;
    if (pos.length !== d.length) {
      throw new TensorArgumentError('E_SHAPE', 'evalNumericalGradientArray', 'dout', `${pos.length} values (the size of f(x))`, `${d.length}`);
    }
    let s = 0;
    for (let j = 0; j < d.length; j++) s += (pos[j] - neg[j]) * d[j];
    grad.data[i] = s / (2 * h);
  }
  return grad;
}

export interface SparseCheck {
  index: number[];
  analytic: number;
  numeric: number;
  relError: number;
}

/** Anything that draws a uniform integer in [low, high): RandomState satisfies it. */
export interface IntegerSource {
  randint(low: number, high: number): number;
}

/**
 * Checks numChecks randomly chosen entries of an analytic gradient against centered differences of f,
 * for parameters too large to check in full. The entries come from rng, so a seed fixes them.
 */
export function gradCheckSparse(
  f: (x: Tensor) => number,
  x: Tensor,
  analytic: Tensor,
  numChecks: number,
  rng: IntegerSource,
  h = 1e-5,
): SparseCheck[] {
  const data = contiguousInPlace('gradCheckSparse', x);
  if (!sameShape(x.shape, analytic.shape)) {
    throw new TensorArgumentError('E_SHAPE', 'gradCheckSparse', 'analytic', `shape ${shapeString(x.shape)} (the shape of x)`, `shape ${shapeString(analytic.shape)}`);
  }
  const grad = contiguous(analytic).data;
  const checks: SparseCheck[] = [];
  for (let k = 0; k < numChecks; k++) {
    const index = x.shape.map((d) => rng.randint(0, d));
    let flat = 0;
    for (let dim = 0; dim < index.length; dim++) flat = flat * x.shape[dim] + index[dim];
    const numeric = centeredDifference(data, flat, h, () => f(x));
    checks.push({ index, analytic: grad[flat], numeric, relError: relError(grad[flat], numeric) });
  }
  return checks;
}
