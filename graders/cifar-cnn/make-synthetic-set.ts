// Writes the synthetic CIFAR stand-in (how it is made: synthetic-set.ts): data/{train,val,public_test}_{X,y}.npy,
// data/private_test_X.npy and hidden/private_test_y.npy. Deterministic from SYNTHETIC_SEED;
// synthetic-set.test.ts checks the committed files are what this writes.
//   pnpm --filter @gradient/grader-cifar-cnn synthetic-set
import { mkdirSync } from 'node:fs';
import { writeNpyFile } from '@gradient/tensor';
import { dataDir, hiddenDir, makeSyntheticSet, splitFiles, type SplitName } from './synthetic-set';

const set = makeSyntheticSet();
mkdirSync(dataDir, { recursive: true });
mkdirSync(hiddenDir, { recursive: true });
for (const name of Object.keys(set) as SplitName[]) {
  const files = splitFiles(name);
  writeNpyFile(files.X, set[name].X);
  writeNpyFile(files.y, set[name].y);
  console.log(`${name}: ${set[name].y.shape[0]} images -> ${files.X}, ${files.y}`);
}
