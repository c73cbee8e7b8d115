// Fixture sets for mnist-cnn, made by the reference solution. 'public' sets are committed under
// fixtures/mnist-cnn/public; 'hidden' sets use other shapes and rows and are generated at grading time.
// train_step: a small seeded model (train-step-model.ts), seeded weights and a batch of real MNIST training
// images (rows drawn from the set's seed); expected are the reference's losses and weights after `steps` steps,
// run on tfjs's cpu backend in float32 as the child runs the student's step.
import * as tf from '@tensorflow/tfjs';
import type { FixtureCase, FixtureContext, FixtureSets } from '@gradient/grader';
import { tensor, type Tensor } from '@gradient/tensor';
import * as ref from './reference';
import { buildStepModel, CLASSES, fromTf, IMAGE, seededWeights, type StepModelShape, toTf, weightNames } from './train-step-model';

// The child steps on the cpu backend; the same backend here keeps the committed files byte-identical everywhere.
// PROD: no "install tfjs-node" banner in the grader's output (it only skips tfjs's debug checks).
tf.env().set('PROD', true);
await tf.setBackend('cpu');

const shapes: Record<'public' | 'hidden', StepModelShape[]> = {
  public: [
    { name: 'conv5x5-f4-h16-N8', filters: 4, kernel: 5, hidden: 16, batch: 8, steps: 2 },
    { name: 'conv3x3-f3-h8-N1', filters: 3, kernel: 3, hidden: 8, batch: 1, steps: 2 },
  ],
  hidden: [
    { name: 'conv5x5-f5-h12-N6', filters: 5, kernel: 5, hidden: 12, batch: 6, steps: 3 },
    { name: 'conv3x3-f2-h10-N4', filters: 2, kernel: 3, hidden: 10, batch: 4, steps: 2 },
  ],
};

/** `count` consecutive MNIST training rows from a seeded start, as [count, 28, 28, 1] float32 values. */
function mnistBatch(ctx: FixtureContext, count: number): { x: Tensor; labels: number[] } {
  const from = ctx.rng.randint(0, 60_000 - count) as number;
  const images = ctx.dataset({ $dataset: 'mnist', split: 'train', take: 'images', from, count }) as Tensor;
  const labels = ctx.dataset({ $dataset: 'mnist', split: 'train', take: 'labels', from, count }) as number[];
  return { x: tensor(Float64Array.from(images.data, (v) => Math.fround(v)), [count, ...IMAGE]), labels };
}

function trainStepCases(ctx: FixtureContext): FixtureCase[] {
  return shapes[ctx.variant].map((s) => {
    const model = buildStepModel(s);
    const weights = seededWeights(model, ctx.rng);
    const { x, labels } = mnistBatch(ctx, s.batch);
    const args = { topology: JSON.stringify(model.toJSON(null, false)), weights, weightNames: weightNames(model), x, labels, classes: CLASSES, steps: s.steps };
    const start = weights.map(toTf);
    model.setWeights(start);
    const optimizer = ref.makeOptimizer();
    const xs = toTf(x);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES);
    const losses = Array.from({ length: s.steps }, () => ref.trainStep(model, optimizer, xs, y));
    const after = model.getWeights().map(fromTf);
    tf.dispose([...start, xs, y]);
    optimizer.dispose();
    model.dispose();
    return { name: s.name, args: [args], expected: { losses, weights: after } } as unknown as FixtureCase;
  });
}

export const fixtureSets: FixtureSets = {
  train_step: trainStepCases,
};
