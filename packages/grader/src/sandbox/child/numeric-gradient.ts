import { F64 } from './intrinsics';

/**
 * Centered differences of sum(f(x) * dout) for every entry of x: (f(x+h) - f(x-h)) . dout / 2h.
 * The runner's own copy of the course formula, on flat data and captured intrinsics, because it
 * runs after the student's module has loaded and may have replaced globals.
 * f receives x perturbed in one entry and must not keep it; x is restored after each entry.
 */
export function numericGradient(f: (x: Float64Array) => Float64Array, x: Float64Array, dout: Float64Array, h: number): Float64Array {
  const grad = new F64(x.length);
  for (let i = 0; i < x.length; i++) {
    const old = x[i];
    x[i] = old + h;
    const plus = f(x);
    x[i] = old - h;
    const minus = f(x);
    x[i] = old;
    let s = 0;
    for (let j = 0; j < dout.length; j++) s += (plus[j] - minus[j]) * dout[j];
    grad[i] = s / (2 * h);
  }
  return grad;
}
