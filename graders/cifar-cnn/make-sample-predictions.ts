// Writes each sample's submission.csv the way a student makes it: build the sample's own model
// (buildOwnModel), train it with its trainingSettings() on data/train_X.npy with the hand-written training loop
// of @gradient/models/tfjs, and predict data/private_test_X.npy (or, for a sample that names another set below,
// that set: the wrong-rows sample predicts the public test set by mistake). Samples whose own model is the correct
// sample's get a copy of its file (the hostile ones grade as the same student). Weight initializers are seeded by
// replacing Math.random while the model is built, so a rerun on the same backend writes the same file.
// The files are committed; grading.test.ts pins the score each one earns, and this prints each accuracy.
//   pnpm --filter @gradient/grader-cifar-cnn sample-predictions [sample...]
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { readCourseSet, writePredictionCsv, type CourseSetName } from '@gradient/datasets';
import { seededRandom, train, useBestBackend, type LabelledImages } from '@gradient/models/tfjs';
import { readNpyFile } from '@gradient/tensor';
import { dataDir, splitFiles } from './synthetic-set';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Samples whose predictions come from their own model, and the set each predicts. */
const SAMPLES: Record<string, CourseSetName> = {
  correct: 'private_test',
  'wrong-kernel': 'private_test',
  'wrong-rows': 'public_test',
  'over-budget': 'private_test',
};
/** Samples that hand in the correct sample's file. */
const COPIES = ['custom-layer', 'edits-model', 'huge-topology', 'step-in-inference-mode', 'too-much-work'];

function images(name: CourseSetName): LabelledImages {
  const set = readCourseSet(dataDir, name);
  const labels = set.y ?? Array.from(readNpyFile(splitFiles('private_test').y).toTensor().data);
  const x = tf.tensor4d(Float32Array.from(set.X.data, (v) => v / 255), set.X.shape as [number, number, number, number]);
  return { x, labels: Int32Array.from(labels) };
}

interface Sample {
  buildOwnModel(): tf.LayersModel;
  trainingSettings(): { optimizer: 'adam' | 'rmsprop'; learningRate: number; batchSize: number; epochs: number };
}

await useBestBackend();
const trainSet = images('train');
const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(SAMPLES)) {
  const target = SAMPLES[name];
  if (target === undefined) throw new Error(`no sample ${name} here; one of ${Object.keys(SAMPLES).join(', ')}`);
  const sample = (await import(join(here, 'submissions', name, 'cifar_cnn.ts'))) as Sample;
  const random = Math.random;
  Math.random = seededRandom(20261128);
  let model: tf.LayersModel;
  try {
    model = sample.buildOwnModel();
  } finally {
    Math.random = random;
  }
  const settings = sample.trainingSettings();
  await train(model, trainSet, { ...settings, seed: 7 });
  const test = images(target);
  const predicted = tf.tidy(() => tf.argMax(model.predict(test.x) as tf.Tensor, -1).dataSync());
  let right = 0;
  predicted.forEach((p, i) => (right += p === test.labels[i] ? 1 : 0));
  const file = join(here, 'submissions', name, 'submission.csv');
  writePredictionCsv(file, predicted, { classes: 10, header: true });
  console.log(`${name}: ${target} accuracy ${(right / predicted.length).toFixed(4)} (${right}/${predicted.length}) -> ${file}`);
}
for (const name of COPIES) {
  copyFileSync(join(here, 'submissions/correct/submission.csv'), join(here, 'submissions', name, 'submission.csv'));
  console.log(`${name}: a copy of correct's submission.csv`);
}
