import { describe, expect, it } from 'vitest';
import { RandomState } from '@gradient/tensor';
import { relu, zeroWhereNotPositive } from './branch-free';

// every kind of double: zeros of both signs, subnormals, the largest finite values (2v overflows), infinities, NaN
const EDGES = [0, -0, 5e-324, -5e-324, 1e-310, -1e-310, 1, -1, 2 ** 1023, -(2 ** 1023), Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, NaN];

describe('relu', () => {
  it('is `v <= 0 ? 0 : v` bit for bit (Object.is) on edge values and random ones', () => {
    const rs = new RandomState(3);
    const values = [...EDGES, ...Array.from(rs.randn(1000).data, (v) => v * 1e3)];
    for (const v of values) expect(Object.is(relu(v), v <= 0 ? 0 : v), `relu(${v})`).toBe(true);
  });
});

describe('zeroWhereNotPositive', () => {
  it('is `if (!(x > 0)) g = 0` bit for bit on every pair of edge values', () => {
    const pairs = EDGES.flatMap((x) => EDGES.map((g) => [x, g]));
    const x = Float64Array.from(pairs, ([xv]) => xv);
    const g = Float64Array.from(pairs, ([, gv]) => gv);
    const expected = g.map((gv, i) => (x[i] > 0 ? gv : 0));
    zeroWhereNotPositive(g, x);
    for (let i = 0; i < g.length; i++) expect(Object.is(g[i], expected[i]), `x ${x[i]}, g ${pairs[i][1]}`).toBe(true);
  });
});
