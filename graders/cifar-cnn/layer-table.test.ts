// Test 1.1's expected layer table (assignment.json) against the parameter counts worked out by hand, and
// against the reference builder's own count (fixture generation also runs the reference through the test).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCifar8Layer } from '@gradient/models/tfjs';

interface Row { type: string; outputShape: (number | null)[]; params: number }
const spec = JSON.parse(readFileSync(new URL('./assignment.json', import.meta.url), 'utf8')) as { tests: { number: string; layers?: Row[] }[] };
const table = spec.tests.find((t) => t.number === '1.1')!.layers!;

// By hand, input 32x32x3:
//   Conv2D 32 filters 7x7, stride 1, valid: 32 - 7 + 1 = 26 -> 26x26x32; 7*7*3*32 + 32 = 4,704 + 32 = 4,736
//   BatchNormalization over 32 channels: gamma, beta, moving mean, moving variance: 4*32 = 128
//   MaxPooling2D 2x2 stride 2: 26 / 2 = 13 -> 13x13x32; 0
//   Flatten: 13*13*32 = 5,408; 0
//   Dense 1024: 5,408*1024 + 1024 = 5,537,792 + 1,024 = 5,538,816
//   Dense 10: 1,024*10 + 10 = 10,250
//   Softmax: 0
//   total: 4,736 + 128 + 5,538,816 + 10,250 = 5,553,930
const byHand: Row[] = [
  { type: 'Conv2D', outputShape: [null, 26, 26, 32], params: 4736 },
  { type: 'BatchNormalization', outputShape: [null, 26, 26, 32], params: 128 },
  { type: 'MaxPooling2D', outputShape: [null, 13, 13, 32], params: 0 },
  { type: 'Flatten', outputShape: [null, 5408], params: 0 },
  { type: 'Dense', outputShape: [null, 1024], params: 5538816 },
  { type: 'Dense', outputShape: [null, 10], params: 10250 },
  { type: 'Softmax', outputShape: [null, 10], params: 0 },
];

describe("the 8-layer CIFAR model's table", () => {
  it('is the hand-computed one', () => {
    expect(table.map(({ type, outputShape, params }) => ({ type, outputShape, params }))).toEqual(byHand);
    expect(byHand.reduce((s, r) => s + r.params, 0)).toBe(5553930);
  });

  it("matches the reference builder's layers and parameter count", () => {
    const model = buildCifar8Layer(0);
    expect(model.layers.map((l) => ({ type: l.getClassName(), outputShape: l.outputShape, params: l.countParams() }))).toEqual(byHand);
    expect(model.countParams()).toBe(5553930);
    model.dispose();
  });
});
