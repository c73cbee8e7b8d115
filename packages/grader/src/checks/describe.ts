import { shapeString } from '@gradient/tensor';
import type { WireValue } from '../sandbox/protocol';
import { isWireTensor } from '../fixtures/wire';

/** A short phrase for what a student returned: "an ndarray of shape [2, 3]", "undefined", "a string". */
export function describeWire(v: WireValue | undefined): string {
  if (v === undefined) return 'undefined (did you forget to return?)';
  if (v === null) return 'null';
  if (isWireTensor(v)) return `an ndarray of shape ${shapeString(v.shape)}${v.dtype && v.dtype !== 'float64' ? ` (${v.dtype})` : ''}`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'object') return `an object with keys {${Object.keys(v).slice(0, 5).join(', ')}}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}
