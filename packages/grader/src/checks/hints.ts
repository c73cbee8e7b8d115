/**
 * When every entry of `actual` is the same multiple of `expected`, say so: a clean factor
 * usually means a sum where a mean was meant (or the reverse), or a forgotten 1/(1-p).
 */
export function factorHint(actual: ArrayLike<number>, expected: ArrayLike<number>, batchSize?: number): string | undefined {
  let ratio: number | undefined;
  let used = 0;
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(expected[i]) < 1e-6) {
      if (Math.abs(actual[i]) > 1e-6) return undefined;
      continue;
    }
    const r = actual[i] / expected[i];
    if (ratio === undefined) ratio = r;
    else if (Math.abs(r - ratio) > 1e-6 * Math.abs(ratio)) return undefined;
    used++;
  }
  if (ratio === undefined || used < 2 || Math.abs(ratio - 1) < 1e-6) return undefined;
  if (Math.abs(ratio) < 1e-12) return 'your values are all zero where the expected ones are not';
  if (Math.abs(ratio + 1) < 1e-6) return 'off by a sign: every entry has the opposite sign';
  const whole = Math.round(ratio);
  const inverse = Math.round(1 / ratio);
  const batch = batchSize !== undefined ? (n: number) => (n === batchSize ? ` (N = ${n}, the batch size): sum vs mean?` : '') : () => '';
  if (Math.abs(ratio - whole) < 1e-6) return `off by a factor of ${whole}${batch(whole)}`;
  if (Math.abs(1 / ratio - inverse) < 1e-6) return `off by a factor of 1/${inverse}${batch(inverse)}`;
  return `off by a constant factor of ${ratio.toPrecision(4)}`;
}
