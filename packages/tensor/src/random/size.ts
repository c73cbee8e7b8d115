import { TensorArgumentError } from '../core/errors';
import { describe } from '../core/checks';

/** NumPy's `size` argument: one length, or a shape. */
export type Size = number | readonly number[];

function isLength(d: unknown): d is number {
  return typeof d === 'number' && Number.isSafeInteger(d) && d >= 0;
}

/** The shape a `size` (or a rest list of dims, as rand(2, 3)) asks for; every dim a non-negative integer. */
export function shapeOfSize(op: string, name: string, size: Size): number[] {
  const shape = typeof size === 'number' ? [size] : Array.isArray(size) ? [...size] : null;
  if (shape === null || !shape.every(isLength)) {
    throw new TensorArgumentError('E_VALUE', op, name, 'a non-negative integer or an array of them', describe(size) + (Array.isArray(size) ? ` [${size.join(', ')}]` : ''));
  }
  return shape;
}
