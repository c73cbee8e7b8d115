import { describe, expect, it } from 'vitest';
import { RandomState, TensorArgumentError, tensor } from '@gradient/tensor';
import { epochBatches, sampledBatch, shuffledOrder, takeLabels, takeRows, trainValSplit } from './order';
import { numpyAvailable, runNumpy } from '@gradient/tensor/testing';

describe('seeded data order', () => {
  it('is a permutation, and the same seed gives the same order', () => {
    const a = shuffledOrder(1000, new RandomState(7));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffledOrder(1000, new RandomState(7))).toEqual(a);
    expect(shuffledOrder(1000, new RandomState(8))).not.toEqual(a);
  });

  it('splits into disjoint validation and training rows covering all', () => {
    const { train, val } = trainValSplit(50, 10, new RandomState(1));
    expect(val.length).toBe(10);
    expect(train.length).toBe(40);
    expect([...val, ...train].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(() => trainValSplit(5, 6, new RandomState(1))).toThrow(TensorArgumentError);
  });

  it('cuts an epoch into batches, the last one shorter unless dropped', () => {
    expect(epochBatches(10, 4, new RandomState(3)).map((b) => b.length)).toEqual([4, 4, 2]);
    expect(epochBatches(10, 4, new RandomState(3), { dropLast: true }).map((b) => b.length)).toEqual([4, 4]);
    expect(epochBatches(10, 4, new RandomState(3)).flat()).toEqual(shuffledOrder(10, new RandomState(3)));
    expect(() => epochBatches(10, 0, new RandomState(3))).toThrow(TensorArgumentError);
  });

  it('gathers rows and labels as X[index], y[index]', () => {
    const X = tensor([0, 1, 10, 11, 20, 21], [3, 2]);
    const picked = takeRows(X, [2, 0, 2]);
    expect(picked.shape).toEqual([3, 2]);
    expect(Array.from(picked.data)).toEqual([20, 21, 0, 1, 20, 21]);
    expect(Array.from(takeRows(X.transpose(1, 0), [1]).data)).toEqual([1, 11, 21]);
    expect(takeLabels([5, 6, 7], [2, 0])).toEqual([7, 5]);
    expect(() => takeRows(X, [3])).toThrow(/index\[0\]/);
    expect(() => takeLabels([5], [0, 1.5])).toThrow(/index\[1\]/);
  });

  it.skipIf(!numpyAvailable)('reproduces NumPy: permutation, split, two epochs of batches, choice', () => {
    const py = runNumpy(`
out = {}
out['perm'] = np.random.RandomState(0).permutation(1000).tolist()
rng = np.random.RandomState(42)
perm = rng.permutation(60)
out['split'] = {'val': perm[:12].tolist(), 'train': perm[12:].tolist()}
rng = np.random.RandomState(5)
epochs = []
for _ in range(2):
    perm = rng.permutation(23)
    epochs.append([perm[i:i + 8].tolist() for i in range(0, 23, 8)])
out['epochs'] = epochs
rng = np.random.RandomState(9)
out['choice'] = [rng.choice(60000, 64).tolist() for _ in range(2)]
print(json.dumps(out))
`) as { perm: number[]; split: { val: number[]; train: number[] }; epochs: number[][][]; choice: number[][] };
    expect(shuffledOrder(1000, new RandomState(0))).toEqual(py.perm);
    expect(trainValSplit(60, 12, new RandomState(42))).toEqual(py.split);
    const rng = new RandomState(5);
    expect([epochBatches(23, 8, rng), epochBatches(23, 8, rng)]).toEqual(py.epochs);
    const rc = new RandomState(9);
    expect([sampledBatch(60000, 64, rc), sampledBatch(60000, 64, rc)]).toEqual(py.choice);
  });
});
