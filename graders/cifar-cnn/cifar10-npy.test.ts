// The CIFAR-10 converter on tiny batches in the genuine binary format: what it writes reads back through the
// course-npy loader, and its NHWC pixels equal @gradient/datasets' own NHWC slice of the same batches.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CIFAR10_RECORD_BYTES, cifar10Slice, readCifar10, readCourseSet, readCourseSets } from '@gradient/datasets';
import { readNpyFile } from '@gradient/tensor';
import { writeCifar10Npy } from './cifar10-npy';

const root = mkdtempSync(join(tmpdir(), 'gradient-cifar10-npy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function batch(labels: number[], seed: number): Uint8Array {
  const out = new Uint8Array(labels.length * CIFAR10_RECORD_BYTES);
  labels.forEach((label, i) => {
    out[i * CIFAR10_RECORD_BYTES] = label;
    for (let p = 0; p < 3072; p++) out[i * CIFAR10_RECORD_BYTES + 1 + p] = (p * 7 + i * 31 + seed * 13) % 256;
  });
  return out;
}

const bins = join(root, 'cifar-10-batches-bin');
const trainLabels = [[0, 1], [2], [3, 4, 5], [6], [7, 8]];
const testLabels = [9, 3, 5, 1];
mkdirSync(bins, { recursive: true });
trainLabels.forEach((labels, b) => writeFileSync(join(bins, `data_batch_${b + 1}.bin`), batch(labels, b + 1)));
writeFileSync(join(bins, 'test_batch.bin'), batch(testLabels, 6));

describe('CIFAR-10 binary batches to the course .npy layout', () => {
  it('splits train/val and public/private test, keeps private labels apart, and transposes CHW to HWC', () => {
    const out = join(root, 'course');
    const hidden = join(root, 'course-hidden');
    expect(writeCifar10Npy({ dir: root, out, hiddenOut: hidden, val: 2, publicTest: 1 })).toEqual({ train: 7, val: 2, public_test: 1, private_test: 3 });

    const sets = readCourseSets(out);
    expect(sets.train.y).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sets.val!.y).toEqual([7, 8]);
    expect(sets.public_test!.y).toEqual([9]);
    expect(sets.private_test!.y).toBeUndefined();
    expect(Array.from(readNpyFile(join(hidden, 'private_test_y.npy')).toTensor().data)).toEqual([3, 5, 1]);
    expect(readCourseSet(out, 'val').X.shape).toEqual([2, 32, 32, 3]);

    // second route: the datasets package's NHWC slice (pixel / 255) of the same records
    const train = readCifar10('train', { dir: root });
    const want = cifar10Slice(train, 7, 2, 'NHWC').X.data;
    const got = sets.val!.X.data;
    expect(got.length).toBe(want.length);
    for (let i = 0; i < got.length; i++) if (got[i] / 255 !== want[i]) throw new Error(`val pixel ${i}: ${got[i]} / 255 != ${want[i]}`);
    const privateX = readCourseSet(out, 'private_test').X;
    expect(privateX.data[3 * 5 + 2]).toBe(Math.round(cifar10Slice(readCifar10('test', { dir: root }), 1, 1, 'NHWC').X.data[3 * 5 + 2] * 255));
  });

  it('refuses a split that leaves nothing to train or to keep private', () => {
    expect(() => writeCifar10Npy({ dir: root, out: join(root, 'x'), hiddenOut: join(root, 'y'), val: 9 })).toThrow(/val: expected 1\.\.8/);
    expect(() => writeCifar10Npy({ dir: root, out: join(root, 'x'), hiddenOut: join(root, 'y'), val: 1, publicTest: 4 })).toThrow(/publicTest: expected 1\.\.3/);
  });
});
