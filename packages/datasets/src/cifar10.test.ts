import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CIFAR10_ENV, CIFAR10_RECORD_BYTES, cifar10Dir, cifar10Slice, readCifar10, readCifar10Batch } from './cifar10';
import { caught } from './testing/caught';
import { tempDir, writeTemp } from './testing/idx-files';
import { numpyAvailable, runNumpy } from '@gradient/tensor/testing';

/** A batch in the genuine format: per record one label byte, then 3072 pixel bytes (CHW) from a formula. */
function batchBytes(labels: number[], seed: number): Uint8Array {
  const out = new Uint8Array(labels.length * CIFAR10_RECORD_BYTES);
  labels.forEach((label, i) => {
    out[i * CIFAR10_RECORD_BYTES] = label;
    for (let p = 0; p < 3072; p++) out[i * CIFAR10_RECORD_BYTES + 1 + p] = (p * 7 + i * 31 + seed * 13) % 256;
  });
  return out;
}

const dir = tempDir('gradient-cifar-');
const trainLabels = [[0, 1], [2], [3, 4, 5], [6], [7, 8]];
trainLabels.forEach((labels, b) => writeTemp(dir, `data_batch_${b + 1}.bin`, batchBytes(labels, b + 1)));
writeTemp(dir, 'test_batch.bin', batchBytes([9, 3], 6));

// The variable may be set on an instructor's machine: each test starts without it.
const clearEnv = () => {
  delete process.env[CIFAR10_ENV];
};
beforeEach(clearEnv);
afterEach(clearEnv);

describe('CIFAR-10 binary batches', () => {
  it('reads the five training batches in order and the test batch', () => {
    const train = readCifar10('train', { dir });
    expect(train.count).toBe(9);
    expect(Array.from(train.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(train.files.map((f) => f.slice(dir.length + 1))).toEqual(['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin']);
    // Record 1 of data_batch_3 is image 4 overall: pixel p is (p*7 + 1*31 + 3*13) % 256.
    expect(train.pixels[4 * 3072 + 100]).toBe((100 * 7 + 31 + 39) % 256);
    const test = readCifar10('test', { dir });
    expect([test.count, ...test.labels]).toEqual([2, 9, 3]);
  });

  it('slices as NCHW or NHWC pixel / 255', () => {
    const test = readCifar10('test', { dir });
    const nchw = cifar10Slice(test, 1, 1);
    const nhwc = cifar10Slice(test, 1, 1, 'NHWC');
    expect(nchw.X.shape).toEqual([1, 3, 32, 32]);
    expect(nhwc.X.shape).toEqual([1, 32, 32, 3]);
    expect(nchw.y).toEqual([3]);
    // Green (c = 1), row 2, column 5 of record 1: byte p = 1*1024 + 2*32 + 5 of its pixels.
    const p = 1024 + 2 * 32 + 5;
    const want = ((p * 7 + 31 + 78) % 256) / 255;
    expect(nchw.X.get(0, 1, 2, 5)).toBe(want);
    expect(nhwc.X.get(0, 2, 5, 1)).toBe(want);
    expect(() => cifar10Slice(test, 1, 2)).toThrow(/the set has 2/);
  });

  it('finds the folder from GRADIENT_CIFAR10_DIR, or from a parent holding cifar-10-batches-bin/', () => {
    process.env[CIFAR10_ENV] = dir;
    expect(readCifar10('test').count).toBe(2);
    const parent = tempDir('gradient-cifar-parent-');
    const nested = join(parent, 'cifar-10-batches-bin');
    mkdirSync(nested);
    writeTemp(nested, 'test_batch.bin', batchBytes([1], 0));
    expect(cifar10Dir({ dir: parent })).toBe(nested);
    expect(readCifar10('test', { dir: parent }).count).toBe(1); // the option wins over the variable
  });

  it('says how to name the folder when none is given, and names a missing folder', () => {
    const none = caught(() => readCifar10('test'));
    expect(none.code).toBe('E_DATA_MISSING');
    expect(none.message).toContain(CIFAR10_ENV);
    expect(caught(() => readCifar10('test', { dir: join(dir, 'nope') })).message).toContain(join(dir, 'nope'));
  });

  it('names the folder and the missing batch files', () => {
    const partial = tempDir('gradient-cifar-partial-');
    writeTemp(partial, 'data_batch_1.bin', batchBytes([0], 0));
    writeTemp(partial, 'data_batch_3.bin', batchBytes([0], 0));
    const e = caught(() => readCifar10('train', { dir: partial }));
    expect(e.code).toBe('E_DATA_MISSING');
    expect(e.file).toBe(partial);
    expect(e.actual).toBe('missing data_batch_2.bin, data_batch_4.bin, data_batch_5.bin');
    expect(caught(() => readCifar10('test', { dir: partial })).message).toContain('missing test_batch.bin');
  });

  it('rejects a batch that is not whole records, and a label over 9', () => {
    const bad = tempDir('gradient-cifar-bad-');
    const cut = writeTemp(bad, 'test_batch.bin', batchBytes([1, 2], 0).subarray(0, 2 * CIFAR10_RECORD_BYTES - 10));
    const e = caught(() => readCifar10Batch(cut));
    expect(e.code).toBe('E_CIFAR_SIZE');
    expect(e.message).toContain(cut);
    expect(e.actual).toBe('6136 bytes (1 whole records and 3063 bytes over)');
    const label = writeTemp(bad, 'label.bin', batchBytes([1, 10], 0));
    const l = caught(() => readCifar10Batch(label));
    expect([l.code, l.field, l.actual]).toEqual(['E_LABEL_RANGE', 'label of record 1 (byte 3073)', '10']);
    expect(caught(() => readCifar10Batch(writeTemp(bad, 'empty.bin', new Uint8Array(0)))).code).toBe('E_CIFAR_SIZE');
  });

  it.skipIf(!numpyAvailable)('matches the usual NumPy reading (reshape to records, CHW -> HWC)', () => {
    const py = runNumpy(`
raw = np.fromfile(${JSON.stringify(join(dir, 'data_batch_3.bin'))}, dtype=np.uint8).reshape(-1, 3073)
X = raw[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1) / 255.0
print(json.dumps({'y': raw[:, 0].tolist(), 'X': X.ravel().tolist()}))
`) as { y: number[]; X: number[] };
    const batch = readCifar10Batch(join(dir, 'data_batch_3.bin'));
    const ours = cifar10Slice(batch, 0, 3, 'NHWC');
    expect(ours.y).toEqual(py.y);
    expect(Array.from(ours.X.data)).toEqual(py.X);
  });
});
