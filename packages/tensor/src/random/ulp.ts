const scratch = new Float64Array(1);
const bits = new BigInt64Array(scratch.buffer);

/** The position of a double on the number line in ulps (monotonic across zero). */
function ordinal(x: number): bigint {
  scratch[0] = x;
  const b = bits[0];
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}

/** How many representable doubles apart a and b are: 0 for equal values (+0 and -0 too), NaN if either is. */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

/** The double next to a in the direction of b (a itself when they are equal). */
export function nextToward(a: number, b: number): number {
  if (a === b || Number.isNaN(a) || Number.isNaN(b)) return a;
  let o = ordinal(a) + (b > a ? 1n : -1n);
  if (o < 0n) o = -o | -0x8000000000000000n;
  bits[0] = o;
  return scratch[0];
}
