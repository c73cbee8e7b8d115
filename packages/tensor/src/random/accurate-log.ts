import { nextToward } from './ulp';
import { dd, ddAdd, ddDiv, ddMul, productError, sumError, type DoubleDouble } from './double-double';

/*
 * The natural log, correctly rounded in all but astronomically rare cases: evaluated in double-double
 * (~100 bits) and rounded once. NumPy's legacy Gaussian calls the C library's log, which glibc gets
 * right nearly always (< 0.52 ulp); V8's Math.log is off by one ulp far more often. So this log
 * agrees with NumPy's except where glibc itself rounds wrongly, and then by one ulp.
 *
 * Method: x = 2**k * m with m in [0.75, 1.5); c = j/128 is the nearest multiple of 1/128 to m;
 * log x = k*log 2 + log c + 2*atanh(s) with s = (m - c)/(m + c), |s| < 1/384. log 2 and the
 * log c table come from the same atanh series, summed in double-double at load time.
 */

const TABLE_STEP = 128;
const TABLE_FIRST = 96; // 0.75 * 128
const TABLE_LAST = 192; // 1.5 * 128

/** 2*atanh(s) = 2*(s + s^3/3 + s^5/5 + ...) in double-double, for |s| <= 1/3. */
function twiceAtanh(s: DoubleDouble): DoubleDouble {
  const s2 = ddMul(s, s);
  let power = s;
  let sum = s;
  for (let n = 3; n < 200; n += 2) {
    power = ddMul(power, s2);
    const term = ddDiv(power, dd(n));
    sum = ddAdd(sum, term);
    if (Math.abs(term.hi) < Math.abs(sum.hi) * 2 ** -110) break;
  }
  return ddAdd(sum, sum);
}

const LN2 = twiceAtanh(ddDiv(dd(1), dd(3)));
const ONE_THIRD = ddDiv(dd(1), dd(3));
const LOG_C_HI = new Float64Array(TABLE_LAST - TABLE_FIRST + 1);
const LOG_C_LO = new Float64Array(TABLE_LAST - TABLE_FIRST + 1);
for (let j = TABLE_FIRST; j <= TABLE_LAST; j++) {
  const logC = twiceAtanh(ddDiv(dd(j - TABLE_STEP), dd(j + TABLE_STEP)));
  LOG_C_HI[j - TABLE_FIRST] = logC.hi;
  LOG_C_LO[j - TABLE_FIRST] = logC.lo;
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer); // [low word, high word] on little-endian hosts

export function accurateLog(x: number): number {
  if (!(x > 0) || x === Infinity) return x === 0 ? -Infinity : x === Infinity ? x : NaN;
  logParts(x);
  return parts[0] + parts[1];
}

/**
 * glibc's log is within 0.52 ulp of the exact value, so it can differ from the correctly rounded one
 * only where the exact value lies within 0.02 ulp of a rounding midpoint. There this returns the other
 * candidate too: the value glibc may have returned instead, written to neighbour[0] (NaN when there is
 * no doubt; an out-parameter because this runs once per Gaussian pair). x must be a positive finite double.
 */
export function logWithDoubt(x: number, neighbour: Float64Array): number {
  logParts(x);
  const value = parts[0] + parts[1];
  const residual = sumError(parts[0], parts[1], value); // exact log ~= value + residual
  neighbour[0] = NaN;
  // ulp(value) > |value| * 2**-53, so most draws are cleared here without finding the neighbour
  if (Math.abs(residual) < (0.5 - GLIBC_LOG_SLACK) * Math.abs(value) * 2 ** -53) return value;
  const next = nextToward(value, residual > 0 ? Infinity : -Infinity);
  if (Math.abs(residual) >= (0.5 - GLIBC_LOG_SLACK) * Math.abs(next - value)) neighbour[0] = next;
  return value;
}

/** 0.52 - 0.5 ulp (glibc's documented bound), plus a margin for this double-double evaluation. */
const GLIBC_LOG_SLACK = 0.021;

/** log x as an unevaluated sum parts[0] + parts[1] (about 100 bits). */
const parts = new Float64Array(2);
function logParts(x: number): void {
  let k = 0;
  if (x < 2 ** -1022) {
    x *= 2 ** 54;
    k = -54;
  }
  scratch[0] = x;
  const high = scratchWords[1];
  k += (high >>> 20) - 1023;
  scratchWords[1] = (high & 0x000fffff) | 0x3ff00000;
  let m = scratch[0]; // in [1, 2)
  if (m >= 1.5) {
    m *= 0.5;
    k += 1;
  }
  const j = Math.round(m * TABLE_STEP);
  const c = j / TABLE_STEP;

  // s = sh + sl = (m - c) / (m + c); m - c is exact (c/2 <= m <= 2c), m + c is (sum, sumLo).
  const d = m - c;
  const sum = m + c;
  const sumLo = sumError(m, c, sum);
  const sh = d / sum;
  const p = sh * sum;
  const sl = (d - p - productError(sh, sum, p) - sh * sumLo) / sum;

  // log(m/c) = 2s + w*q with w = 2s*z, z = s^2, q = 1/3 + z/5 + z^2/7 + ...; w*q < 2**-18 of 2s.
  const zh = sh * sh;
  const zl = productError(sh, sh, zh) + 2 * sh * sl;
  const rest = zh * (1 / 5 + zh * (1 / 7 + zh * (1 / 9 + zh * (1 / 11))));
  const qh = ONE_THIRD.hi + rest;
  const ql = ONE_THIRD.lo + (ONE_THIRD.hi - qh + rest);
  const wh = 2 * sh * zh;
  const wl = productError(2 * sh, zh, wh) + 2 * sh * zl + 2 * sl * zh;
  const th = wh * qh;
  const tl = productError(wh, qh, th) + wh * ql + wl * qh;

  // k*log 2 + log c + 2s + w*q: big parts summed exactly, their errors gathered with the small parts.
  const kh = k * LN2.hi;
  let lo = productError(k, LN2.hi, kh) + k * LN2.lo + LOG_C_LO[j - TABLE_FIRST] + 2 * sl + tl;
  const logCh = LOG_C_HI[j - TABLE_FIRST];
  const h1 = kh + logCh;
  lo += sumError(kh, logCh, h1);
  const h2 = h1 + 2 * sh;
  lo += sumError(h1, 2 * sh, h2);
  const h3 = h2 + th;
  lo += sumError(h2, th, h3);
  parts[0] = h3;
  parts[1] = lo;
}
