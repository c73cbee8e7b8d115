import { describe, expect, it } from 'vitest';
import { fromNested, toNested } from './tensor';

describe('fromNested', () => {
  it('reads the shape and row-major data of rectangular nested arrays, and round-trips toNested', () => {
    const x = fromNested([[[1, 2, 3]], [[4, 5, 6]]]);
    expect(x.shape).toEqual([2, 1, 3]);
    expect(Array.from(x.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(toNested(x)).toEqual([[[1, 2, 3]], [[4, 5, 6]]]);
    expect(fromNested([]).shape).toEqual([0]);
    expect(fromNested(7).shape).toEqual([]);
  });

  // each of these has as many leaves as its first-entry shape implies, which the old leaf count let through
  it.each([
    ['a longer row after a shorter one', [[1, 2], [3, 4, 5, 6], []], /'nested\[1\]' expected an array of length 2 .*got an array of length 4/],
    ['a leaf that is an array', [[1, 2], [3, [4]]], /'nested\[1\]\[1\]' expected a number .*got an array of length 1/],
    ['a row of numbers where rows of arrays were', [[[1, 2]], [3, 4]], /'nested\[1\]' expected an array of length 1 .*got an array of length 2/],
    ['a short row', [[1, 2], [3]], /'nested\[1\]' expected an array of length 2 .*got an array of length 1/],
    ['a string leaf', [[1, '2']], /'nested\[0\]\[1\]' expected a number .*got string/],
  ])('rejects ragged input: %s', (_what, nested, message) => {
    expect(() => fromNested(nested)).toThrow(message);
  });
});
