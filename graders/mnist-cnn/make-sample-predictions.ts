// Writes a sample's submission.csv as a student would make it: that sample's own model, trained with its own
// settings on the first 20,000 MNIST training images, predicts the 10,000 test images (test-set order, header
// `label`). `pnpm sample-predictions <sample>` (default: correct); it prints the accuracy on rows 0-999 and 1000-9999.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { readMnist } from '@gradient/datasets';
import { HostImages, train, useBestBackend } from '@gradient/models/tfjs';

const sample = process.argv[2] ?? 'correct';
const dir = fileURLToPath(new URL(`./submissions/${sample}/`, import.meta.url));
const mod = (await import(`${dir}mnist_cnn.ts`)) as { buildOwnModel(): tf.LayersModel; trainingSettings(): { optimizer: 'adam' | 'rmsprop' | 'sgd'; learningRate: number; batchSize: number; epochs: number } };
await useBestBackend();
const TRAIN = 20_000;
const trainSet = readMnist('train');
const testSet = readMnist('test');
const settings = mod.trainingSettings();
const model = mod.buildOwnModel();
await train(model, { x: new HostImages(trainSet.pixels.subarray(0, TRAIN * 784), [TRAIN, 28, 28, 1], 255), labels: Int32Array.from(trainSet.labels.subarray(0, TRAIN)) }, {
  epochs: settings.epochs, batchSize: settings.batchSize, optimizer: settings.optimizer, learningRate: settings.learningRate, seed: 1,
});
const test = new HostImages(testSet.pixels, [testSet.count, 28, 28, 1], 255);
const predicted: number[] = [];
for (let start = 0; start < testSet.count; start += 500) {
  const labels = tf.tidy(() => tf.argMax(model.predict(test.slice(start, Math.min(500, testSet.count - start))) as tf.Tensor, -1).dataSync());
  predicted.push(...labels);
}
writeFileSync(`${dir}submission.csv`, `label\n${predicted.join('\n')}\n`);
const right = (from: number, to: number) => predicted.slice(from, to).filter((p, i) => p === testSet.labels[from + i]).length / (to - from);
console.log(`${sample}: rows 0-999 ${right(0, 1000)}, rows 1000-9999 ${right(1000, 10_000)}`);
