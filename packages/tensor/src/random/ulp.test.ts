import { describe, expect, it } from 'vitest';
import { nextToward, ulpDistance } from './ulp';

describe('ulp helpers', () => {
  it('counts representable doubles between two values, across zero', () => {
    expect(ulpDistance(1, 1 + 2 ** -52)).toBe(1);
    expect(ulpDistance(1, 1 - 2 ** -53)).toBe(1); // below 1 the spacing halves
    expect(ulpDistance(0, -0)).toBe(0);
    expect(ulpDistance(Number.MIN_VALUE, -Number.MIN_VALUE)).toBe(2);
    expect(ulpDistance(NaN, 1)).toBeNaN();
  });
  it('steps one double toward a target, in either direction and through zero', () => {
    expect(nextToward(1, 2)).toBe(1 + 2 ** -52);
    expect(nextToward(1, 0)).toBe(1 - 2 ** -53);
    expect(nextToward(-1, -2)).toBe(-1 - 2 ** -52);
    expect(nextToward(0, -1)).toBe(-Number.MIN_VALUE);
    expect(nextToward(Number.MIN_VALUE, -1)).toBe(0);
    expect(nextToward(3, 3)).toBe(3);
  });
});
