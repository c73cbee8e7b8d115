import { RandomState, tensor, type Tensor } from '@gradient/tensor';
import type { WireTensor, WireValue } from '../protocol';
import { F64, isArray, ownKeys } from './intrinsics';

/**
 * Turns call arguments into what the student's function receives. Every call gets fresh copies
 * (a function that writes into its input cannot spoil the next call), and every {$rng: seed}
 * becomes a new RandomState(seed), so calling a dropout-like forward twice draws the same mask.
 */
export function fromWire(v: WireValue): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out[i] = fromWire(v[i]);
    return out;
  }
  if ('$tensor' in v && v.$tensor === true) return tensorFromWire(v as WireTensor);
  if ('$rng' in v && typeof v.$rng === 'number') return new RandomState(v.$rng);
  const out: Record<string, unknown> = {};
  const keys = ownKeys(v);
  for (let i = 0; i < keys.length; i++) out[keys[i]] = fromWire((v as Record<string, WireValue>)[keys[i]]);
  return out;
}

export function tensorFromWire(t: WireTensor): Tensor {
  return tensor(copyOf(t.data), t.shape);
}

export function copyOf(data: Float64Array): Float64Array {
  const out = new F64(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i];
  return out;
}
