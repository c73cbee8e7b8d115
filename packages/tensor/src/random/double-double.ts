/**
 * Double-double arithmetic: a value is hi + lo, the two doubles not overlapping, ~106 bits.
 * Just enough of it for an accurate log; every result is normalized (|lo| <= ulp(hi) / 2).
 */
export interface DoubleDouble {
  readonly hi: number;
  readonly lo: number;
}

const SPLITTER = 134217729; // 2**27 + 1: splits a double into two 26-bit halves (Dekker)

export function dd(hi: number, lo = 0): DoubleDouble {
  return { hi, lo };
}

/** a + b exactly, for |a| >= |b| or a = 0. */
export function fastTwoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

/** (a + b) - fl(a + b) exactly, given s = fl(a + b); any order (Knuth). No allocation, for hot paths. */
export function sumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

/** a * b - fl(a * b) exactly, given p = fl(a * b), without fused multiply-add (Dekker). */
export function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  return aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

export function twoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  return { hi: s, lo: sumError(a, b, s) };
}

export function twoProduct(a: number, b: number): DoubleDouble {
  const p = a * b;
  return { hi: p, lo: productError(a, b, p) };
}

export function ddAdd(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  const u = fastTwoSum(s.hi, s.lo + t.hi);
  return fastTwoSum(u.hi, u.lo + t.lo);
}

export function ddMul(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const p = twoProduct(a.hi, b.hi);
  return fastTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

export function ddDiv(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const q1 = a.hi / b.hi;
  let r = ddAdd(a, ddMul(b, dd(-q1)));
  const q2 = r.hi / b.hi;
  r = ddAdd(r, ddMul(b, dd(-q2)));
  const q3 = r.hi / b.hi;
  return ddAdd(fastTwoSum(q1, q2), dd(q3));
}
