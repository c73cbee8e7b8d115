import { tensor } from '@gradient/tensor';
import { describe, expect, it } from 'vitest';
import { caseParams } from './case-params';

describe('caseParams', () => {
  it('shows tensor arguments by shape and an options object by its own keys (stride, pad), not an opaque case name', () => {
    const x = tensor(new Array(2 * 3 * 4 * 4).fill(0), [2, 3, 4, 4]);
    const w = tensor(new Array(5 * 3 * 2 * 2).fill(0), [5, 3, 2, 2]);
    expect(caseParams([x, w, { stride: 2, pad: 1, rng: { $rng: 7 } }, 'train', [3, 4]])).toEqual([
      { name: 'argument 1', kind: 'tensor', shape: [2, 3, 4, 4] },
      { name: 'argument 2', kind: 'tensor', shape: [5, 3, 2, 2] },
      { name: 'stride', kind: 'value', value: 2 },
      { name: 'pad', kind: 'value', value: 1 },
      { name: 'rng', kind: 'rng', seed: 7 },
      { name: 'argument 4', kind: 'value', value: 'train' },
      { name: 'argument 5', kind: 'value', value: '[3, 4]' },
    ]);
  });
  it('keeps a bounded list for a case with very many arguments', () => {
    expect(caseParams(Array.from({ length: 100 }, (_, i) => i))).toHaveLength(16);
  });
});
