// The committed synthetic CIFAR stand-in is what its documented, seeded recipe makes, has the course's .npy
// layout, and reads through @gradient/datasets' course-npy loader as the real files would.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCourseSet, readCourseSets } from '@gradient/datasets';
import { readNpyFile, writeNpy } from '@gradient/tensor';
import { CLASSES, dataDir, hiddenDir, hsvToRgb, IMAGE, makeSyntheticSet, SYNTHETIC_SPLITS, splitFiles, type SplitName } from './synthetic-set';

const names = Object.keys(SYNTHETIC_SPLITS) as SplitName[];

describe('synthetic CIFAR set', () => {
  const fresh = makeSyntheticSet();

  it.each(names)('the committed %s files are byte-identical to a regeneration', (name) => {
    const files = splitFiles(name);
    expect(Buffer.compare(readFileSync(files.X), Buffer.from(writeNpy(fresh[name].X)))).toBe(0);
    expect(Buffer.compare(readFileSync(files.y), Buffer.from(writeNpy(fresh[name].y)))).toBe(0);
  });

  it('is uint8 NHWC 32x32x3 with balanced labels 0..9', () => {
    for (const name of names) {
      const { X, y } = fresh[name];
      const n = CLASSES * SYNTHETIC_SPLITS[name];
      expect(X.dtype).toBe('|u1');
      expect(X.shape).toEqual([n, IMAGE.height, IMAGE.width, IMAGE.channels]);
      expect(y.shape).toEqual([n]);
      const perClass = new Array(CLASSES).fill(0);
      for (let i = 0; i < y.data.length; i++) perClass[y.data[i]]++;
      expect(perClass).toEqual(new Array(CLASSES).fill(SYNTHETIC_SPLITS[name]));
    }
  });

  it("keeps the private test labels out of data/ (the students' copy), in hidden/", () => {
    expect(existsSync(`${dataDir}private_test_y.npy`)).toBe(false);
    expect(existsSync(`${hiddenDir}private_test_y.npy`)).toBe(true);
    expect(readNpyFile(`${hiddenDir}private_test_y.npy`).shape).toEqual([CLASSES * SYNTHETIC_SPLITS.private_test]);
  });

  it("reads through the course-npy loader: every set, private_test without labels, pixels as stored", () => {
    const sets = readCourseSets(dataDir);
    expect(Object.keys(sets).sort()).toEqual(['private_test', 'public_test', 'train', 'val']);
    for (const name of names) {
      const set = sets[name]!;
      expect(set.count).toBe(CLASSES * SYNTHETIC_SPLITS[name]);
      expect(set.X.shape).toEqual([set.count, 32, 32, 3]);
      expect(set.X.data[100]).toBe(fresh[name].X.data[100]);
      if (name === 'private_test') expect(set.y).toBeUndefined();
      else expect(set.y).toEqual(Array.from(fresh[name].y.data));
    }
    expect(() => readCourseSet(hiddenDir, 'train')).toThrow(/train_X\.npy/);
  });

  it('converts hue to RGB at the six sectors', () => {
    expect(hsvToRgb(0, 1, 1)).toEqual([1, 0, 0]);
    expect(hsvToRgb(120, 1, 1)).toEqual([0, 1, 0]);
    expect(hsvToRgb(240, 1, 1)).toEqual([0, 0, 1]);
    expect(hsvToRgb(60, 1, 1)).toEqual([1, 1, 0]);
    expect(hsvToRgb(-60, 0.5, 1)).toEqual([1, 0.5, 1]);
  });
});
