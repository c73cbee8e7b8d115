import type { MT19937 } from './mt19937';

const TWO_32 = 4294967296;

/** Smallest 2**k - 1 >= v, for v in [0, 2**32). */
function mask32(v: number): number {
  v |= v >>> 1;
  v |= v >>> 2;
  v |= v >>> 4;
  v |= v >>> 8;
  v |= v >>> 16;
  return v >>> 0;
}

/**
 * An integer in [0, max] by masked rejection, drawn as NumPy's legacy generator draws it — both
 * `random_interval` (shuffle, permutation) and masked `random_bounded_uint64_fill` (randint, choice):
 * max = 0 draws nothing; max < 2**32 masks one 32-bit output per try; larger max masks a 64-bit
 * value made of two outputs, high word first. max must be a safe integer (< 2**53).
 */
export function legacyBoundedInteger(mt: MT19937, max: number): number {
  if (max === 0) return 0;
  if (max < TWO_32) {
    const mask = mask32(max);
    let v: number;
    do v = (mt.nextUint32() & mask) >>> 0;
    while (v > max);
    return v;
  }
  const highMask = mask32(Math.floor(max / TWO_32));
  let v: number;
  do {
    const high = (mt.nextUint32() & highMask) >>> 0;
    v = high * TWO_32 + mt.nextUint32();
  } while (v > max);
  return v;
}
