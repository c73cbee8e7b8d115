import { RandomState, tensor, type Tensor } from '@gradient/tensor';
import type { WireTensor, WireValue } from '../protocol';
import { construct, copyFloats, F64, isArray, ownKeys, protoOf } from './intrinsics';
import { guardedClass, withOriginalBuiltins } from './pristine';
import { MAX_DIMS } from './to-wire';

/** The generator student functions receive: its methods run with the built-ins the runner found. */
const StudentRandomState = guardedClass(RandomState);

type TensorClass = new (...args: unknown[]) => Tensor;

/**
 * ndarray's float64 classes by dimension count, made before the student's module loads: ndarray
 * builds them on first use with `new Function` and array methods, and recognizes data with
 * Object.prototype.toString.call, all of which student code may replace.
 */
const tensorClasses: TensorClass[] = [];

export function prepareTensors(): void {
  for (let d = 0; d <= MAX_DIMS; d++) {
    const shape: number[] = [];
    for (let i = 0; i < d; i++) shape[i] = 1;
    tensorClasses[d] = (protoOf(tensor(new F64(1), shape)) as { constructor: TensorClass }).constructor;
  }
}

/**
 * Turns call arguments into what the student's function receives. Every call gets fresh copies
 * (a function that writes into its input cannot spoil the next call), and every {$rng: seed}
 * becomes a new RandomState(seed), so calling a dropout-like forward twice draws the same mask.
 */
export function fromWire(v: WireValue, classFor?: (name: string) => new (...args: unknown[]) => object): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out[i] = fromWire(v[i], classFor);
    return out;
  }
  if ('$tensor' in v && v.$tensor === true) return tensorFromWire(v as WireTensor);
  if ('$rng' in v && typeof v.$rng === 'number') {
    const seed = v.$rng;
    return withOriginalBuiltins(() => new StudentRandomState(seed));
  }
  if ('$new' in v && typeof v.$new === 'string' && classFor !== undefined) {
    const args = (v as { args?: WireValue }).args;
    return construct(classFor(v.$new), isArray(args) ? (fromWire(args, classFor) as unknown[]) : []);
  }
  const out: Record<string, unknown> = {};
  const keys = ownKeys(v);
  for (let i = 0; i < keys.length; i++) out[keys[i]] = fromWire((v as Record<string, WireValue>)[keys[i]], classFor);
  return out;
}

/** A C-ordered float64 ndarray over a copy of t's data, built as ndarray(data, shape) would. */
export function tensorFromWire(t: WireTensor): Tensor {
  const d = t.shape.length;
  // the child prepares before the student loads; trusted in-process callers (tests, the reference check) on first use
  if (tensorClasses.length === 0) prepareTensors();
  const View = tensorClasses[d];
  if (View === undefined) throw new Error(`grader error: a ${d}-dimensional tensor (at most ${MAX_DIMS} are supported)`);
  // the class takes (data, shape..., stride..., offset)
  const args: unknown[] = [copyOf(t.data)];
  let stride = 1;
  for (let i = d - 1; i >= 0; i--) {
    args[1 + i] = t.shape[i];
    args[1 + d + i] = stride;
    stride *= t.shape[i];
  }
  args[1 + 2 * d] = 0;
  return construct(View, args);
}

export function copyOf(data: Float64Array): Float64Array {
  return copyFloats(data);
}
