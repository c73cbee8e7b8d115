// MNIST rows for the fixtures: what the case holds ({"$dataset"} refs, which the grader resolves in its own
// process, so committed fixtures stay small) and the same rows as values, for the reference.
import type { CaseValue, FixtureContext } from '@gradient/grader';
import type { Tensor } from '@gradient/tensor';

export interface Rows { X: Tensor; y: number[] }

/** Rows [from, from + count) of an MNIST split: images [count, 784] as pixel / 255, labels as numbers. */
export function mnistRows(ctx: FixtureContext, split: 'train' | 'test', from: number, count: number): { X: CaseValue; y: CaseValue; rows: Rows } {
  const images = { $dataset: 'mnist', split, take: 'images' as const, from, count };
  const labels = { ...images, take: 'labels' as const };
  return { X: images, y: labels, rows: { X: ctx.dataset(images) as Tensor, y: ctx.dataset(labels) as number[] } };
}
