import { F64 } from './intrinsics';

/**
 * Centered differences of sum(f(x) * dout) at the given flat entries of x:
 * (f(x + h e_i) - f(x - h e_i)) . dout / 2h for each i in entries, in that order.
 * The runner's own copy of the course formula, on flat data and captured intrinsics, because it
 * runs after the student's module has loaded and may have replaced globals.
 * f receives x perturbed in one entry and must not keep it; x is restored after each entry.
 */
export function numericGradient(f: (x: Float64Array) => Float64Array, x: Float64Array, dout: Float64Array, h: number, entries: readonly number[]): Float64Array {
  const grad = new F64(entries.length);
  for (let k = 0; k < entries.length; k++) {
    const i = entries[k];
    const old = x[i];
    x[i] = old + h;
    const plus = f(x);
    x[i] = old - h;
    const minus = f(x);
    x[i] = old;
    let s = 0;
    for (let j = 0; j < dout.length; j++) s += (plus[j] - minus[j]) * dout[j];
    grad[k] = s / (2 * h);
  }
  return grad;
}
