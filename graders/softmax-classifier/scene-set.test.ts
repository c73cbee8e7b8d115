// The committed scene-feature set is what its documented, seeded recipe makes, and has the promised format.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writeNpy } from '@gradient/tensor';
import { loadScene, makeSceneSet, SCENE_CLASSES, SCENE_SPLITS, SCENE_WORDS, sceneFiles } from './scene-set';

describe('scene-feature set', () => {
  const fresh = makeSceneSet();

  it.each(['train', 'test'] as const)('the committed %s files are byte-identical to a regeneration', (split) => {
    const files = sceneFiles(split);
    expect(Buffer.compare(readFileSync(files.features), Buffer.from(writeNpy(fresh[split].features)))).toBe(0);
    expect(Buffer.compare(readFileSync(files.labels), Buffer.from(writeNpy(fresh[split].labels)))).toBe(0);
  });

  it('is balanced over the 15 classes, uint8 features [N, 128] with each row\'s largest word at 255', () => {
    for (const split of ['train', 'test'] as const) {
      const { features, labels } = fresh[split];
      expect(features.dtype).toBe('|u1');
      expect(features.shape).toEqual([SCENE_CLASSES.length * SCENE_SPLITS[split], SCENE_WORDS]);
      const perClass = new Array(SCENE_CLASSES.length).fill(0);
      for (let i = 0; i < labels.data.length; i++) perClass[labels.data[i]]++;
      expect(perClass.every((n) => n === SCENE_SPLITS[split])).toBe(true);
      for (let i = 0; i < labels.shape[0]; i++) expect(Math.max(...features.data.subarray(i * SCENE_WORDS, (i + 1) * SCENE_WORDS))).toBe(255);
    }
  });

  it('loads rows as value / 255 and refuses rows it does not have, naming the file', () => {
    const { X, y } = loadScene('test', 10, 5);
    expect(X.shape).toEqual([5, SCENE_WORDS]);
    expect(X.get(2, 7)).toBe(fresh.test.features.data[12 * SCENE_WORDS + 7] / 255);
    expect(y).toEqual(Array.from(fresh.test.labels.data.subarray(10, 15)));
    expect(() => loadScene('test', 290, 20)).toThrow(/test-labels\.npy: rows \[290, 310\) requested; the test split has 300 rows/);
  });
});
