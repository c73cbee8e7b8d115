import { describe, expect, it } from 'vitest';
import { countLayers, type LayerSpec } from './layer-counts';

// LeNet-5 (LeCun et al. 1998) on a 32x32x1 input. C3's table: maps 0-5 see 3 of S2's maps,
// 6-14 see 4, map 15 sees all 6.
const C3_TABLE = [...Array<number>(6).fill(3), ...Array<number>(9).fill(4), 6];
const lenet = (c3Table?: readonly number[], trainableSubsampling = false): LayerSpec[] => [
  { type: 'conv', name: 'C1', filters: 6, kernel: 5 },
  { type: 'pool', name: 'S2', size: 2, trainable: trainableSubsampling },
  { type: 'conv', name: 'C3', filters: 16, kernel: 5, connectionTable: c3Table },
  { type: 'pool', name: 'S4', size: 2, trainable: trainableSubsampling },
  { type: 'flatten', name: 'flatten' },
  { type: 'dense', name: 'C5', units: 120 },
  { type: 'dense', name: 'F6', units: 84 },
  { type: 'dense', name: 'output', units: 10 },
];

describe('LeNet-5 parameter counts', () => {
  it('per layer: C1 156, C3 1516 (partial table) or 2416 (full), C5 48120, F6 10164, output 850', () => {
    // C1: 6*(5*5*1+1) = 156. C3 table: 25*(6*3+9*4+1*6) + 16 = 1516; full: 16*(25*6+1) = 2416.
    // C5: 400*120+120 = 48120 (= a 5x5 conv on 5x5x16). F6: 120*84+84 = 10164. Output: 84*10+10 = 850.
    const paper = countLayers([32, 32, 1], lenet(C3_TABLE));
    const params = Object.fromEntries(paper.layers.map((l) => [l.name, l.params]));
    expect(params).toEqual({ C1: 156, S2: 0, C3: 1516, S4: 0, flatten: 0, C5: 48120, F6: 10164, output: 850 });
    expect(paper.params).toBe(60806);
    expect(countLayers([32, 32, 1], lenet()).layers[2].params).toBe(2416);
    expect(countLayers([32, 32, 1], lenet()).params).toBe(61706);
  });

  it("with the paper's trainable subsampling (2 per map): S2 12, S4 32, about the paper's 60k", () => {
    const paper = countLayers([32, 32, 1], lenet(C3_TABLE, true));
    expect(paper.layers.map((l) => l.params).slice(0, 4)).toEqual([156, 12, 1516, 32]);
    // The paper's RBF output has 840 weights and no bias: 60850 - 10 = 60840 is its total.
    expect(paper.params).toBe(60850);
  });

  it('activations: 28x28x6, 14x14x6, 10x10x16, 5x5x16, 400, 120, 84, 10', () => {
    const r = countLayers([32, 32, 1], lenet());
    expect(r.layers.map((l) => l.outputShape)).toEqual([[28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16], [400], [120], [84], [10]]);
    expect(r.layers.map((l) => l.activations)).toEqual([4704, 1176, 1600, 400, 400, 120, 84, 10]);
  });
});

const conv = (name: string, filters: number): LayerSpec => ({ type: 'conv', name, filters, kernel: 3, padding: 'same' });
const pool = (name: string): LayerSpec => ({ type: 'pool', name, size: 2 });
const VGG16: LayerSpec[] = [
  conv('conv1_1', 64), conv('conv1_2', 64), pool('pool1'),
  conv('conv2_1', 128), conv('conv2_2', 128), pool('pool2'),
  conv('conv3_1', 256), conv('conv3_2', 256), conv('conv3_3', 256), pool('pool3'),
  conv('conv4_1', 512), conv('conv4_2', 512), conv('conv4_3', 512), pool('pool4'),
  conv('conv5_1', 512), conv('conv5_2', 512), conv('conv5_3', 512), pool('pool5'),
  { type: 'flatten', name: 'flatten' },
  { type: 'dense', name: 'fc6', units: 4096 },
  { type: 'dense', name: 'fc7', units: 4096 },
  { type: 'dense', name: 'fc8', units: 1000 },
];

describe('VGG16 table', () => {
  const r = countLayers([224, 224, 3], VGG16);
  const byName = Object.fromEntries(r.layers.map((l) => [l.name, l]));

  it('138,357,544 parameters, layer by layer', () => {
    // conv: 3*3*in*out + out. fc6: 7*7*512*4096 + 4096.
    expect(byName.conv1_1.params).toBe(1792);
    expect(byName.conv1_2.params).toBe(36928);
    expect(byName.conv2_1.params).toBe(73856);
    expect(byName.conv3_1.params).toBe(295168);
    expect(byName.conv4_1.params).toBe(1180160);
    expect(byName.conv5_3.params).toBe(2359808);
    expect(byName.fc6.params).toBe(102764544);
    expect(byName.fc7.params).toBe(16781312);
    expect(byName.fc8.params).toBe(4097000);
    expect(r.params).toBe(138357544);
    expect(r.trainableParams).toBe(138357544);
  });

  it('activations per layer: 224*224*64 = 3,211,264 for conv1_1, down to 7*7*512 = 25,088 at pool5', () => {
    expect(byName.conv1_1.activations).toBe(3211264);
    expect(byName.pool1.activations).toBe(802816); // 112*112*64
    expect(byName.conv2_1.activations).toBe(1605632); // 112*112*128
    expect(byName.conv3_1.activations).toBe(802816); // 56*56*256
    expect(byName.conv4_1.activations).toBe(401408); // 28*28*512
    expect(byName.conv5_1.activations).toBe(100352); // 14*14*512
    expect(byName.pool5.activations).toBe(25088);
    // 2*3211264 + 802816 + 2*1605632 + 401408 + 3*802816 + 200704 + 3*401408 + 100352
    //   + 3*100352 + 25088 + 4096 + 4096 + 1000 = 15,087,080 (flatten, a reshape, not counted again);
    // with the 150,528 input values 15,237,608. CS231n's notes print "24M" under this very table,
    // which its rows do not add up to.
    expect(byName.flatten.activations).toBe(25088);
    expect(r.activations).toBe(15087080);
  });
});

describe('dense and batchnorm', () => {
  it('BN has 4 params per channel, 2 trainable (Keras: 200 non-trainable for 100 units)', () => {
    const r = countLayers([784], [{ type: 'dense', units: 100 }, { type: 'batchnorm' }, { type: 'dense', units: 10, bias: false }]);
    expect(r.layers.map((l) => [l.params, l.trainableParams])).toEqual([[78500, 78500], [400, 200], [1000, 1000]]);
    expect(r.params).toBe(79900);
    expect(r.trainableParams).toBe(79700);
  });

  it("BN after a conv counts per channel; 'same' padding with stride 2 rounds up; explicit padding floors", () => {
    const r = countLayers([7, 7, 3], [{ type: 'conv', filters: 8, kernel: 3, stride: 2, padding: 'same' }, { type: 'batchnorm' }]);
    expect(r.layers[0].outputShape).toEqual([4, 4, 8]); // ceil(7/2)
    expect(r.layers[1].params).toBe(32);
    expect(countLayers([7, 7, 3], [{ type: 'conv', filters: 1, kernel: 3, stride: 2, padding: 1 }]).layers[0].outputShape).toEqual([4, 4, 1]); // floor((7+2-3)/2)+1
    expect(countLayers([8, 8, 1], [{ type: 'pool', size: 3, stride: 2 }]).layers[0].outputShape).toEqual([3, 3, 1]); // floor(5/2)+1
  });

  it('rejects a dense layer on an unflattened input and a kernel larger than the input', () => {
    expect(() => countLayers([4, 4, 1], [{ type: 'dense', units: 2 }])).toThrow(/flatten/);
    expect(() => countLayers([4, 4, 1], [{ type: 'conv', filters: 1, kernel: 5 }])).toThrow(/does not fit/);
    expect(() => countLayers([4, 4, 6], [{ type: 'conv', filters: 2, kernel: 1, connectionTable: [3] }])).toThrow(/connectionTable/);
  });
});
