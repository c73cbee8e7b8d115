// Writes the synthetic 15-class scene-feature set (how it is made: scene-set.ts) to data/scene/:
// {train,test}-{features,labels}.npy, uint8, the same format as the MNIST arrays. Deterministic from
// SCENE_SEED; scene-set.test.ts checks the committed files are what this writes.
//   pnpm exec tsx graders/softmax-classifier/make-scene-set.ts
import { mkdirSync } from 'node:fs';
import { writeNpyFile } from '@gradient/tensor';
import { makeSceneSet, sceneDir, sceneFiles } from './scene-set';

const set = makeSceneSet();
mkdirSync(sceneDir, { recursive: true });
for (const split of ['train', 'test'] as const) {
  const files = sceneFiles(split);
  writeNpyFile(files.features, set[split].features);
  writeNpyFile(files.labels, set[split].labels);
  console.log(`${split}: ${set[split].labels.shape[0]} examples -> ${files.features}, ${files.labels}`);
}
