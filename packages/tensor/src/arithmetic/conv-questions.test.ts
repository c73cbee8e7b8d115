import { describe, expect, it } from 'vitest';
import { convOutputShape, trainableParameters } from './conv-questions';

describe('conv arithmetic questions', () => {
  it('output shape of a 32x32 input, 5x5 filters, pad 2, stride 1, 16 filters is 32x32x16 (same padding)', () => {
    expect(convOutputShape({ W: 32, H: 32, F: 5, Z: 2, S: 1, N: 16 })).toEqual([32, 32, 16]);
  });
  it('non-square input with stride 2: (227-11)/4+1 = 55 wide (AlexNet conv1), (131-11)/4+1 = 31 high', () => {
    expect(convOutputShape({ W: 227, H: 131, F: 11, Z: 0, S: 4, N: 96 })).toEqual([55, 31, 96]);
  });
  it('rejects a stride that does not tile the input, naming the side', () => {
    expect(() => convOutputShape({ W: 10, H: 10, F: 3, Z: 0, S: 2, N: 1 })).toThrow(/'W'/);
  });
  it('parameters, counted by listing each weight tensor: 28x28x1 input, 8 filters 3x3, no pad, stride 1, Dense 10, Dense 2', () => {
    // conv filters 3*3*1*8 = 72; conv output 26x26x8 = 5408 -> dense 5408*10 + 10 = 54090; dense 10*2 + 2 = 22
    expect(trainableParameters({ M: 28, C: 1, F: 3, N: 8, Z: 0, S: 1, K1: 10, K2: 2 })).toBe(72 + 54090 + 22);
  });
});
