import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NpyArray, tensor, writeNpyFile } from '@gradient/tensor';
import { readCourseSet, readCourseSets } from './course-npy';
import { caught } from './testing/caught';
import { tempDir } from './testing/idx-files';
import { numpyAvailable, runNumpy } from '@gradient/tensor/testing';

function images(n: number): NpyArray {
  const data = new Uint8Array(n * 2 * 2 * 3);
  data.forEach((_, i) => (data[i] = (i * 5) % 256));
  return new NpyArray('|u1', [n, 2, 2, 3], data);
}

function labels(values: number[], dtype: '<i8' | '<i4' = '<i8'): NpyArray {
  return dtype === '<i8' ? new NpyArray('<i8', [values.length], BigInt64Array.from(values.map(BigInt))) : new NpyArray('<i4', [values.length], Int32Array.from(values));
}

function courseDir(): string {
  const dir = tempDir('gradient-course-');
  writeNpyFile(join(dir, 'train_X.npy'), images(4));
  writeNpyFile(join(dir, 'train_y.npy'), labels([3, 1, 4, 1]));
  writeNpyFile(join(dir, 'public_test_X.npy'), images(2));
  writeNpyFile(join(dir, 'public_test_y.npy'), labels([5, 9], '<i4'));
  writeNpyFile(join(dir, 'private_test_X.npy'), images(3));
  return dir;
}

describe("the course's .npy sets", () => {
  it('reads X as float64 in its stored shape and y as labels; private_test has no labels on the student side', () => {
    const sets = readCourseSets(courseDir());
    expect(Object.keys(sets)).toEqual(['train', 'public_test', 'private_test']);
    expect(sets.train.X.shape).toEqual([4, 2, 2, 3]);
    expect(sets.train.X.data[13]).toBe(65);
    expect(sets.train.y).toEqual([3, 1, 4, 1]);
    expect(sets.public_test?.y).toEqual([5, 9]);
    expect(sets.private_test?.count).toBe(3);
    expect(sets.private_test?.y).toBeUndefined();
    expect(sets.val).toBeUndefined();
  });

  it('rejects X and y of different counts, naming both files', () => {
    const dir = courseDir();
    writeNpyFile(join(dir, 'val_X.npy'), images(3));
    writeNpyFile(join(dir, 'val_y.npy'), labels([1, 2]));
    const e = caught(() => readCourseSets(dir));
    expect(e.code).toBe('E_COUNT_MISMATCH');
    expect(e.file).toBe(join(dir, 'val_y.npy'));
    expect(e.expected).toBe(`3 (the example count of ${join(dir, 'val_X.npy')})`);
    expect(e.actual).toBe('2');
  });

  it('names a missing labels file, a missing train set, one-hot labels and labels out of range', () => {
    const dir = courseDir();
    writeNpyFile(join(dir, 'val_X.npy'), images(2));
    expect(caught(() => readCourseSet(dir, 'val')).message).toContain('val_y.npy');
    expect(caught(() => readCourseSets(tempDir())).message).toContain('train_X.npy');
    writeNpyFile(join(dir, 'val_y.npy'), tensor(new Float64Array(20), [2, 10]));
    expect(caught(() => readCourseSet(dir, 'val')).code).toBe('E_NPY_SHAPE');
    writeNpyFile(join(dir, 'val_y.npy'), labels([0, 10]));
    const range = caught(() => readCourseSet(dir, 'val'));
    expect([range.code, range.field, range.actual]).toEqual(['E_LABEL_RANGE', 'label 1', '10']);
    writeNpyFile(join(dir, 'val_y.npy'), tensor([0, 1.5], [2]));
    expect(caught(() => readCourseSet(dir, 'val')).field).toBe('label 1');
    writeNpyFile(join(dir, 'val_y.npy'), tensor([0, 7], [2, 1]));
    expect(readCourseSet(dir, 'val').y).toEqual([0, 7]);
  });

  it.skipIf(!numpyAvailable)('reads files written by np.save', () => {
    const dir = tempDir('gradient-course-np-');
    runNumpy(`
rng = np.random.RandomState(0)
np.save(${JSON.stringify(join(dir, 'train_X.npy'))}, rng.randint(0, 256, size=(5, 32, 32, 3)).astype(np.uint8))
np.save(${JSON.stringify(join(dir, 'train_y.npy'))}, np.array([6, 9, 9, 4, 1]))
np.save(${JSON.stringify(join(dir, 'val_X.npy'))}, np.full((2, 32, 32, 3), 0.5, dtype=np.float32))
np.save(${JSON.stringify(join(dir, 'val_y.npy'))}, np.array([[2], [3]], dtype=np.uint8))
print('null')
`);
    const py = runNumpy(`print(json.dumps(int(np.load(${JSON.stringify(join(dir, 'train_X.npy'))}).astype(np.int64).sum())))`);
    const sets = readCourseSets(dir);
    expect(sets.train.X.shape).toEqual([5, 32, 32, 3]);
    expect(sets.train.X.data.reduce((a, b) => a + b, 0)).toBe(py);
    expect(sets.train.y).toEqual([6, 9, 9, 4, 1]);
    expect(sets.val?.y).toEqual([2, 3]);
    expect(sets.val?.X.data[0]).toBe(0.5);
  });
});
