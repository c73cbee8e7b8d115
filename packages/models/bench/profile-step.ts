// One-off profile of a training step of spec B's MNIST model (batch 64, Adam) on the picked backend:
// per-kernel time summed over the step, largest first. Run: pnpm exec tsx bench/profile-step.ts
import * as tf from '@tensorflow/tfjs';
import { useBestBackend } from '../src/tfjs/backend';
import { buildMnistCnn } from '../src/tfjs/builders';
import { makeOptimizer, trainStep } from '../src/tfjs/trainer';

await useBestBackend();
const model = buildMnistCnn(1);
const opt = makeOptimizer('adam');
const x = tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32', 2), 10);
trainStep(model, opt, x, y, 0); // warm-up: optimizer slots, XNNPACK operators
const t0 = performance.now();
const info = await tf.profile(() => { trainStep(model, opt, x, y, 1); });
const total = performance.now() - t0;
const byKernel = new Map<string, number>();
for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
console.log(`step ${total.toFixed(1)} ms (profiled), ${info.kernels.length} kernel calls`);
for (const [name, ms] of [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${name.padEnd(24)} ${ms.toFixed(1)} ms`);
