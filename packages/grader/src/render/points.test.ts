import { describe, expect, it } from 'vitest';
import { formatPoints, roundPoints } from './points';

describe('roundPoints', () => {
  it('rounds to 4 decimals, half up, once', () => {
    expect(roundPoints(58 / 3)).toBe(19.3333);
    expect(roundPoints(2 / 3)).toBe(0.6667);
    expect(roundPoints(0.1 + 0.2)).toBe(0.3);
    expect(roundPoints(1 / 32)).toBe(0.0313);
  });
  it('is not tipped across a half by float noise from an exact sum', () => {
    // 1/64 + 1/64 + ... made as 0.03125 - 1e-17 would round down at the 4th decimal without the cleanup
    expect(roundPoints(0.03125 - 1e-17)).toBe(0.0313);
    expect(roundPoints(2 / 3 + 2 / 3 + 2 / 3)).toBe(2);
  });
  it('formats without trailing zeros or a negative zero', () => {
    expect(formatPoints(2.5)).toBe('2.5');
    expect(formatPoints(-0)).toBe('0');
    expect(formatPoints(24)).toBe('24');
  });
});
