import { describe, expect, it } from 'vitest';
import type { LayerSpec } from './layer-counts';
import { receptiveField } from './receptive-field';

/**
 * The second route: which input positions (1-D, one axis) can reach output unit 0 of the last layer,
 * found by walking every window back to the input, with no formula. Its span is the receptive field;
 * the start of unit 1's span minus unit 0's is the jump.
 */
function bruteForce(layers: readonly { k: number; s: number }[], unit: number): { lo: number; hi: number } {
  let positions = new Set([unit]);
  for (let l = layers.length - 1; l >= 0; l--) {
    const { k, s } = layers[l];
    const below = new Set<number>();
    for (const p of positions) for (let q = 0; q < k; q++) below.add(p * s + q);
    positions = below;
  }
  return { lo: Math.min(...positions), hi: Math.max(...positions) };
}

const conv = (kernel: number, stride = 1): LayerSpec => ({ type: 'conv', filters: 8, kernel, stride, padding: 'same' });
const pool = (size: number, stride?: number): LayerSpec => ({ type: 'pool', size, stride });
const ks = (layers: LayerSpec[]) =>
  layers.filter((l) => l.type === 'conv' || l.type === 'pool').map((l) => (l.type === 'conv' ? { k: l.kernel, s: l.stride ?? 1 } : { k: (l as { size: number }).size, s: (l as { stride?: number }).stride ?? (l as { size: number }).size }));

describe('receptiveField', () => {
  it('three stacked 3x3 convolutions see 7x7, like one 7x7 (VGG\'s argument)', () => {
    expect(receptiveField([conv(3), conv(3), conv(3)])).toEqual({ size: 7, jump: 1 });
    expect(receptiveField([conv(7)])).toEqual({ size: 7, jump: 1 });
    expect(receptiveField([conv(3), conv(3)])).toEqual({ size: 5, jump: 1 });
  });

  it('hand-computed with strides: conv3 s1, pool2 s2, conv3 s1 -> 1 + 2 + 1 + 2*2 = 8, jump 2', () => {
    expect(receptiveField([conv(3), pool(2), conv(3)])).toEqual({ size: 8, jump: 2 });
  });

  it('agrees with walking the windows back to the input, on mixed stacks', () => {
    const stacks: LayerSpec[][] = [
      [conv(5), pool(2), conv(5), pool(2)], // LeNet-5's convolutional part: 16, jump 4
      [conv(3), conv(3), pool(2), conv(3), conv(3), pool(2), conv(3), conv(3), conv(3), pool(2)],
      [conv(11, 4), pool(3, 2), conv(5), pool(3, 2), conv(3), conv(3), conv(3), pool(3, 2)], // AlexNet-like
      [conv(7, 2), pool(3, 2), conv(3), { type: 'batchnorm' }, conv(3, 2), conv(1)],
    ];
    for (const layers of stacks) {
      const a = bruteForce(ks(layers), 0);
      const b = bruteForce(ks(layers), 1);
      expect(receptiveField(layers)).toEqual({ size: a.hi - a.lo + 1, jump: b.lo - a.lo });
    }
    expect(receptiveField(stacks[0])).toEqual({ size: 16, jump: 4 });
  });

  it('refuses dense and flatten layers, naming the layer', () => {
    expect(() => receptiveField([conv(3), { type: 'flatten' }])).toThrow(/layers\[1\] is a flatten layer/);
    expect(() => receptiveField([{ type: 'conv', filters: 1, kernel: 0 }])).toThrow(/layers\[0\]\.kernel must be an integer >= 1/);
  });
});
