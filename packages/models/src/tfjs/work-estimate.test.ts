import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCifar8Layer, buildMnistCnn } from './builders';
import { modelFromTopology, TopologyError } from './topology-model';
import { estimateWork, trainingFlopsPerEpoch } from './work-estimate';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

describe('estimateWork, against FLOPs counted by hand', () => {
  it('spec-B MNIST model', () => {
    const m = buildMnistCnn(0);
    const conv = 2 * 24 * 24 * 5 * 5 * 1 * 32; // 921,600 multiply-adds x 2
    const convBiasRelu = 2 * 24 * 24 * 32; // 18,432 each
    const pool = 12 * 12 * 32 * 4; // 4608 outputs, each reads a 2x2 window
    const dropout = 4608;
    const dense1 = 2 * 4608 * 128 + 2 * 128; // 1,179,648 + bias + relu
    const dense2 = 2 * 128 * 10 + 2 * 10; // + bias + softmax
    expect(conv).toBe(921_600);
    const expected = conv + convBiasRelu + pool + dropout + dense1 + dense2;
    expect(expected).toBe(2_163_988);
    expect(estimateWork(m)).toEqual({ params: 592_074, forwardFlopsPerExample: expected });
    expect(estimateWork(m).params).toBe(m.countParams());
    m.dispose();
  });

  it('spec-B CIFAR model (BatchNormalization, a linear Dense, a separate Softmax)', () => {
    const m = buildCifar8Layer(0);
    const conv = 2 * 26 * 26 * 7 * 7 * 3 * 32 + 2 * 26 * 26 * 32;
    const bn = 2 * 26 * 26 * 32;
    const pool = 13 * 13 * 32 * 4;
    const dense1 = 2 * 5408 * 1024 + 2 * 1024;
    const dense2 = 2 * 1024 * 10 + 10; // bias, no activation
    const softmax = 10;
    expect(estimateWork(m)).toEqual({ params: m.countParams(), forwardFlopsPerExample: conv + bn + pool + dense1 + dense2 + softmax });
    m.dispose();
  });

  it('strides, same padding, depthwise, separable and transposed convolutions, a Dense on a sequence', () => {
    const m = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [9, 9, 2], filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: false }), // -> 5x5x4
        tf.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, useBias: false }), // -> 4x4x8
        tf.layers.separableConv2d({ filters: 3, kernelSize: 3, useBias: false }), // -> 2x2x3
        tf.layers.conv2dTranspose({ filters: 5, kernelSize: 2, useBias: false }), // -> 3x3x5
        tf.layers.reshape({ targetShape: [9, 5] }),
        tf.layers.dense({ units: 6, useBias: false }), // -> 9x6
      ],
    });
    expect(m.layers.map((l) => l.outputShape)).toEqual([[null, 5, 5, 4], [null, 4, 4, 8], [null, 2, 2, 3], [null, 3, 3, 5], [null, 9, 5], [null, 9, 6]]);
    const expected = 2 * 25 * 9 * 2 * 4 // conv: 25 outputs x 3x3x2 window x 4 filters
      + 2 * 16 * 4 * 4 * 2 // depthwise: 16 outputs x 2x2 window x 4 channels x multiplier 2
      + 2 * 4 * 9 * 8 * 1 + 2 * 4 * 8 * 3 // separable: depthwise (multiplier 1), then pointwise 8 -> 3
      + 2 * 4 * 4 * 3 * 5 // transposed: each of 2x2 inputs through the 2x2 kernel, 3 -> 5 channels
      + 2 * 9 * 5 * 6; // dense on each of 9 rows
    expect(estimateWork(m).forwardFlopsPerExample).toBe(expected);
    m.dispose();
  });

  it('a layer shared by two calls counts twice; global pooling reads its input once', () => {
    const input = tf.input({ shape: [4] });
    const shared = tf.layers.dense({ units: 4, useBias: false });
    const twice = shared.apply(shared.apply(input)) as tf.SymbolicTensor;
    const m = tf.model({ inputs: input, outputs: twice });
    expect(estimateWork(m).forwardFlopsPerExample).toBe(2 * (2 * 4 * 4));
    m.dispose();
    const g = tf.sequential({ layers: [tf.layers.globalAveragePooling2d({ inputShape: [6, 6, 3] })] });
    expect(estimateWork(g).forwardFlopsPerExample).toBe(6 * 6 * 3);
    g.dispose();
  });

  it('refuses a model with a free input dimension (it would count as 1)', () => {
    const m = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [null, null, 1] as unknown as number[], filters: 8, kernelSize: 3 })] });
    expect(() => estimateWork(m)).toThrow(TopologyError);
    expect(() => estimateWork(m)).toThrow(/free dimension/);
    m.dispose();
  });

  it('the same on a model rebuilt from its topology; an epoch of training is 3x forward per example', async () => {
    const m = buildMnistCnn(0);
    const rebuilt = await modelFromTopology(m.toJSON(null, false), 1);
    expect(estimateWork(rebuilt)).toEqual(estimateWork(m));
    expect(trainingFlopsPerEpoch(estimateWork(m), 1000)).toBe(3 * 2_163_988 * 1000);
    m.dispose();
    rebuilt.dispose();
  });
});
