import { describe, expect, it } from 'vitest';
import { caught } from './testing/caught';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, readIdx, readImageSet } from './idx';
import { imageSetSlice } from './image-set-slice';
import { idxBytes, tempDir, writeTemp } from './testing/idx-files';

const dir = tempDir();
// Two 2x3 images with hand-chosen pixels and labels 3, 7.
const pixels = [0, 51, 102, 153, 204, 255, 1, 2, 3, 4, 5, 6];
const imagesFile = writeTemp(dir, 'small-images', idxBytes(IDX_IMAGES_MAGIC, [2, 2, 3], pixels));
const labelsFile = writeTemp(dir, 'small-labels', idxBytes(IDX_LABELS_MAGIC, [2], [3, 7]));

describe('readIdx', () => {
  it('reads the header and data of a well-formed file', () => {
    const a = readIdx(imagesFile, IDX_IMAGES_MAGIC);
    expect(a.magic).toBe(2051);
    expect(a.dims).toEqual([2, 2, 3]);
    expect(Array.from(a.data)).toEqual(pixels);
  });

  it('rejects a truncated file, naming the file and the bytes expected vs found', () => {
    const full = idxBytes(IDX_IMAGES_MAGIC, [2, 2, 3], pixels);
    const file = writeTemp(dir, 'truncated-images', full.subarray(0, full.length - 5));
    const e = caught(() => readIdx(file, IDX_IMAGES_MAGIC));
    expect(e.code).toBe('E_IDX_TRUNCATED');
    expect(e.file).toBe(file);
    expect(e.message).toContain(file);
    expect(e.expected).toBe('28 bytes for dimensions [2, 2, 3]');
    expect(e.actual).toBe('23 bytes');
  });

  it('rejects a file cut inside its header', () => {
    const file = writeTemp(dir, 'cut-header', idxBytes(IDX_IMAGES_MAGIC, [2, 2, 3], []).subarray(0, 9));
    const e = caught(() => readIdx(file));
    expect(e.code).toBe('E_IDX_TRUNCATED');
    expect(e.expected).toBe('16 bytes for 3 dimensions');
  });

  it('rejects trailing bytes beyond the data', () => {
    const file = writeTemp(dir, 'long-labels', idxBytes(IDX_LABELS_MAGIC, [2], [3, 7, 9]));
    const e = caught(() => readIdx(file, IDX_LABELS_MAGIC));
    expect(e.code).toBe('E_IDX_SIZE');
    expect(e.actual).toContain('1 trailing');
  });

  it('rejects a labels file where images are expected, and a file that is not IDX at all', () => {
    const e = caught(() => readIdx(labelsFile, IDX_IMAGES_MAGIC));
    expect(e.code).toBe('E_IDX_MAGIC');
    expect(e.message).toContain(labelsFile);
    expect(e.expected).toBe('magic 2051 (0x00000803)');
    expect(e.actual).toBe('2049 (0x00000801)');
    const png = writeTemp(dir, 'not-idx.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    expect(caught(() => readIdx(png)).code).toBe('E_IDX_MAGIC');
    expect(caught(() => readIdx(writeTemp(dir, 'empty', new Uint8Array(0)))).code).toBe('E_IDX_TRUNCATED');
  });

  it('names a missing file', () => {
    const e = caught(() => readIdx(`${dir}/nope-idx3-ubyte`));
    expect(e.code).toBe('E_DATA_MISSING');
    expect(e.message).toContain('nope-idx3-ubyte');
    expect(e.actual).toBe('ENOENT');
  });
});

describe('readImageSet', () => {
  it('pairs images with labels and slices them as pixel / 255', () => {
    const set = readImageSet(imagesFile, labelsFile);
    expect([set.count, set.rows, set.cols]).toEqual([2, 2, 3]);
    expect(Array.from(set.labels)).toEqual([3, 7]);
    const { X, y } = imageSetSlice(set, 1, 1);
    expect(X.shape).toEqual([1, 6]);
    expect(Array.from(X.data)).toEqual([1 / 255, 2 / 255, 3 / 255, 4 / 255, 5 / 255, 6 / 255]);
    expect(y).toEqual([7]);
    expect(Array.from(imageSetSlice(set, 0, 1).X.data)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('rejects labels of another count than the images', () => {
    const three = writeTemp(dir, 'three-labels', idxBytes(IDX_LABELS_MAGIC, [3], [1, 2, 3]));
    const e = caught(() => readImageSet(imagesFile, three));
    expect(e.code).toBe('E_COUNT_MISMATCH');
    expect(e.file).toBe(three);
    expect(e.expected).toContain(`2 (the image count of ${imagesFile})`);
    expect(e.actual).toBe('3');
  });

  it('rejects a label outside the classes, naming its index', () => {
    const bad = writeTemp(dir, 'bad-labels', idxBytes(IDX_LABELS_MAGIC, [2], [3, 10]));
    const e = caught(() => readImageSet(imagesFile, bad));
    expect(e.code).toBe('E_LABEL_RANGE');
    expect(e.field).toBe('label 1');
    expect(e.actual).toBe('10');
  });

  it('refuses slices outside the set', () => {
    const set = readImageSet(imagesFile, labelsFile);
    expect(caught(() => imageSetSlice(set, 1, 2)).code).toBe('E_RANGE');
    expect(caught(() => imageSetSlice(set, -1, 1)).code).toBe('E_RANGE');
    expect(caught(() => imageSetSlice(set, 0.5, 1)).code).toBe('E_RANGE');
    expect(imageSetSlice(set, 2, 0).X.shape).toEqual([0, 6]);
  });
});
