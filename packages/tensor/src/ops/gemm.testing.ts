import { RandomState } from '../random/random-state';
import { gemmNTSimd } from './gemm.simd';

/**
 * Test helper: random operands a [n, k] and b [m, k] from RandomState(seed), and their product computed by the
 * single-thread SIMD kernel, which the threaded and fallback paths must reproduce bit for bit.
 */
export function singleThreadCase(n: number, m: number, k: number, seed: number): { a: Float64Array; b: Float64Array; expected: Float64Array } {
  const rs = new RandomState(seed);
  const a = rs.randn(n * k).data;
  const b = rs.randn(m * k).data;
  const expected = new Float64Array(n * m);
  gemmNTSimd(a, b, expected, n, m, k);
  return { a, b, expected };
}
