import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherRows, HostImages, sliceRows } from './host-images';
import { evaluate, type TrainingImages } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// 5 images of 2x3x1 bytes: image i holds 10 * i + j
const bytes = Uint8Array.from({ length: 30 }, (_, k) => 10 * Math.floor(k / 6) + (k % 6));

describe('HostImages', () => {
  it('gathers and slices the same rows as a tensor of the same values (bytes / 255, bit for bit)', () => {
    const host = new HostImages(bytes, [5, 2, 3, 1], 255);
    const tensor = tf.tensor(Float32Array.from(bytes, (v) => v / 255), [5, 2, 3, 1]);
    const idx = Int32Array.from([4, 0, 2]);
    const [a, b] = [gatherRows(host, idx), gatherRows(tensor, idx)];
    expect(a.shape).toEqual([3, 2, 3, 1]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    const [c, d] = [sliceRows(host, 1, 3), sliceRows(tensor, 1, 3)];
    expect(Array.from(c.dataSync())).toEqual(Array.from(d.dataSync()));
    expect(c.dataSync()[0]).toBe(Math.fround(10 / 255));
    tf.dispose([a, b, c, d, tensor]);
  });

  it('copies float32 rows as they are, and refuses values that do not fill the shape', () => {
    const floats = Float32Array.from({ length: 12 }, (_, k) => k / 2);
    const rows = new HostImages(floats, [3, 4]).gather(Int32Array.from([2]));
    expect(Array.from(rows.dataSync())).toEqual([4, 4.5, 5, 5.5]);
    rows.dispose();
    expect(() => new HostImages(floats, [5, 4])).toThrow('12 values do not fill shape [5, 4]');
  });

  it('evaluates a model on host images as on the tensor, leaving no tensor behind', () => {
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [2, 3, 1] }), tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })] });
    const labels = Int32Array.from([0, 1, 2, 1, 0]);
    const tensor = tf.tensor(Float32Array.from(bytes, (v) => v / 255), [5, 2, 3, 1]);
    const before = tf.memory().numTensors;
    const onHost: TrainingImages = { x: new HostImages(bytes, [5, 2, 3, 1], 255), labels };
    expect(evaluate(model, onHost, 2)).toBe(evaluate(model, { x: tensor, labels }, 2));
    expect(tf.memory().numTensors).toBe(before);
    tensor.dispose();
    model.dispose();
  });
});
