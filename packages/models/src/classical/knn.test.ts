import { describe, expect, it } from 'vitest';
import { knn, knnClassify } from './knn';

// ISLR exercise 2.7: six observations, query (0, 0, 0).
const X = [
  [0, 3, 0],
  [2, 0, 0],
  [0, 1, 3],
  [0, 1, 2],
  [-1, 0, 1],
  [1, 1, 1],
];
const Y = ['Red', 'Red', 'Red', 'Green', 'Green', 'Red'];

describe('knn on the six-point table', () => {
  it('distances are 3, 2, sqrt(10), sqrt(5), sqrt(2), sqrt(3)', () => {
    // By hand: sqrt(0+9+0), sqrt(4+0+0), sqrt(0+1+9), sqrt(0+1+4), sqrt(1+0+1), sqrt(1+1+1).
    const { distances } = knnClassify(X, Y, [0, 0, 0], 1);
    const expected = [3, 2, Math.sqrt(10), Math.sqrt(5), Math.sqrt(2), Math.sqrt(3)];
    distances.forEach((d, i) => expect(d).toBeCloseTo(expected[i], 15));
  });

  it('K=1 is Green: the nearest is obs 5 (-1,0,1) at sqrt(2) ~ 1.414', () => {
    const r = knnClassify(X, Y, [0, 0, 0], 1);
    expect(r.neighbors).toEqual([4]);
    expect(r.prediction).toBe('Green');
  });

  it('K=3 is Red: obs 5 Green (1.414), obs 6 Red (1.732), obs 2 Red (2), two Red to one Green', () => {
    const r = knnClassify(X, Y, [0, 0, 0], 3);
    expect(r.neighbors).toEqual([4, 5, 1]);
    expect([...r.votes]).toEqual([['Green', 1], ['Red', 2]]);
    expect(knn(X, Y, [0, 0, 0], 3)).toBe('Red');
  });
});

describe('knn tie rules', () => {
  it('equal distances: the earlier training example is nearer', () => {
    // (1,0) and (-1,0) are both at distance 1 from the origin.
    expect(knn([[1, 0], [-1, 0]], ['a', 'b'], [0, 0], 1)).toBe('a');
    expect(knn([[-1, 0], [1, 0]], ['b', 'a'], [0, 0], 1)).toBe('b');
  });

  it('equal votes: the label of the nearest member wins', () => {
    // K=2 with one 'far' label first in training order and one 'near' label closer: 1 vote each.
    const train = [[5, 0], [1, 0], [9, 9]];
    expect(knnClassify(train, ['far', 'near', 'x'], [0, 0], 2).prediction).toBe('near');
    // K=4 with 2-2 votes: B's nearest (distance 1) beats A's nearest (distance 2).
    expect(knn([[2, 0], [1, 0], [3, 0], [4, 0]], ['A', 'B', 'A', 'B'], [0, 0], 4)).toBe('B');
  });

  it('rejects k outside 1..n and mismatched labels', () => {
    expect(() => knn(X, Y, [0, 0, 0], 0)).toThrow(/k must be/);
    expect(() => knn(X, Y, [0, 0, 0], 7)).toThrow(/k must be/);
    expect(() => knn(X, Y.slice(1), [0, 0, 0], 1)).toThrow(/labels/);
    expect(() => knn(X, Y, [0, 0], 1)).toThrow(/lengths/);
  });
});
