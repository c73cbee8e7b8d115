/**
 * The course's .npy data sets (spec B): train_X.npy/train_y.npy, public_test_X.npy/public_test_y.npy,
 * private_test_X.npy (its labels, private_test_y.npy, only on the instructor's side) and val_X.npy/val_y.npy,
 * all in one folder. X keeps its stored shape and values (as float64); y is 1-D (or [N, 1]) integer labels.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readNpyFile, type NpyArray, type Tensor } from '@gradient/tensor';
import { DatasetError } from './errors';

export type CourseSetName = 'train' | 'public_test' | 'private_test' | 'val';
export const COURSE_SET_NAMES: readonly CourseSetName[] = ['train', 'public_test', 'private_test', 'val'];

export interface CourseSet {
  X: Tensor;
  /** Absent only for private_test without private_test_y.npy (the students' copy). */
  y?: number[];
  count: number;
  files: string[];
}

export interface CourseSetOptions {
  /** Labels must lie in 0..classes-1 (default 10). */
  classes?: number;
}

/** One named set from `dir`; a missing X (or a missing y, except private_test's) is an error naming the file. */
export function readCourseSet(dir: string, name: CourseSetName, options: CourseSetOptions = {}): CourseSet {
  if (!COURSE_SET_NAMES.includes(name)) {
    throw new DatasetError('E_DATA_MISSING', dir, 'course set', COURSE_SET_NAMES.join(', '), JSON.stringify(name));
  }
  const xFile = join(dir, `${name}_X.npy`);
  const yFile = join(dir, `${name}_y.npy`);
  const X = readRequired(xFile);
  if (X.shape.length < 1 || X.shape[0] === 0) {
    throw new DatasetError('E_NPY_SHAPE', xFile, 'shape', 'at least one example along axis 0', `(${X.shape.join(', ')})`);
  }
  const count = X.shape[0];
  const hasY = existsSync(yFile);
  if (!hasY && name !== 'private_test') {
    throw new DatasetError('E_DATA_MISSING', dir, `${name}_y.npy`, `the labels for ${name}_X.npy`, 'no such file');
  }
  const out: CourseSet = { X: X.toTensor(), count, files: [xFile] };
  if (hasY) {
    out.y = labelsOf(readRequired(yFile), options.classes ?? 10);
    out.files.push(yFile);
    if (out.y.length !== count) {
      throw new DatasetError('E_COUNT_MISMATCH', yFile, 'label count', `${count} (the example count of ${xFile})`, `${out.y.length}`);
    }
  }
  return out;
}

/** Every set present in `dir` (train required), keyed by name. */
export function readCourseSets(dir: string, options: CourseSetOptions = {}): Partial<Record<CourseSetName, CourseSet>> & { train: CourseSet } {
  const sets: Partial<Record<CourseSetName, CourseSet>> = {};
  for (const name of COURSE_SET_NAMES) {
    if (name === 'train' || existsSync(join(dir, `${name}_X.npy`)) || existsSync(join(dir, `${name}_y.npy`))) {
      sets[name] = readCourseSet(dir, name, options);
    }
  }
  return sets as Partial<Record<CourseSetName, CourseSet>> & { train: CourseSet };
}

function readRequired(file: string): NpyArray {
  if (!existsSync(file)) throw new DatasetError('E_DATA_MISSING', file, 'file', 'a .npy file', 'no such file');
  return readNpyFile(file);
}

function labelsOf(y: NpyArray, classes: number): number[] {
  const file = y.file;
  if (!(y.shape.length === 1 || (y.shape.length === 2 && y.shape[1] === 1))) {
    throw new DatasetError('E_NPY_SHAPE', file, 'shape', '(N,) or (N, 1) integer labels (not one-hot)', `(${y.shape.join(', ')})`);
  }
  const values = y.toTensor().data;
  const labels = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new DatasetError('E_LABEL_RANGE', file, `label ${i}`, `an integer in 0..${classes - 1}`, `${v}`);
    }
    labels[i] = v;
  }
  return labels;
}
