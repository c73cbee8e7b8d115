// MNIST rows for the fixtures: what the case holds (X, y as the student's process will receive them) and the
// same rows as values for the reference.
import type { CaseValue, FixtureContext } from '@gradient/grader';
import { mnistSlice } from '@gradient/datasets';
import type { Tensor } from '@gradient/tensor';

export interface Rows { X: Tensor; y: number[] }

/** Rows [from, from + count) of an MNIST split: images [count, 784] as pixel / 255, labels as numbers. */
export function mnistRows(_ctx: FixtureContext, split: 'train' | 'test', from: number, count: number): { X: CaseValue; y: CaseValue; rows: Rows } {
  const rows = mnistSlice(split, from, count);
  return { X: rows.X, y: rows.y, rows };
}
