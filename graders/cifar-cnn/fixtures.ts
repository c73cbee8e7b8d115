// Fixture sets for cifar-cnn, made by the reference solution. 'public' sets are committed under
// fixtures/cifar-cnn/public; 'hidden' sets use other shapes and are generated at grading time.
// train_step (the contract's train-step case format): a small seeded model with batch normalization
// (train-step-model.ts), seeded weights and a seeded batch; expected are the reference's losses and weights
// after `steps` steps, run on tfjs's cpu backend in float32 as the child runs the student's step.
import * as tf from '@tensorflow/tfjs';
import type { FixtureCase, FixtureContext, FixtureSets } from '@gradient/grader';
import { tensor } from '@gradient/tensor';
import * as ref from './reference';
import { buildStepModel, fromTf, seededWeights, type StepModelShape, toTf, weightNames } from './train-step-model';

// The child steps on the cpu backend; the same backend here keeps the committed files byte-identical everywhere.
// PROD: no "install tfjs-node" banner in the grader's output (it only skips tfjs's debug checks).
tf.env().set('PROD', true);
await tf.setBackend('cpu');

// Public: the exercise's layer sequence on small square images, and a batch of 1 (batch statistics of one
// image: mean over the batch would be a no-op there, over the spatial axes it is not). Hidden: other shapes,
// a non-square image with a 5x5 kernel and three steps.
const shapes: Record<'public' | 'hidden', StepModelShape[]> = {
  public: [
    { name: 'conv3x3-bn-N6-12x12', input: [12, 12, 3], filters: 8, kernel: 3, hidden: 16, classes: 10, batch: 6, steps: 2 },
    { name: 'conv3x3-bn-N1-8x8', input: [8, 8, 3], filters: 4, kernel: 3, hidden: 12, classes: 10, batch: 1, steps: 2 },
  ],
  hidden: [
    { name: 'conv5x5-bn-N5-10x14', input: [10, 14, 3], filters: 6, kernel: 5, hidden: 20, classes: 10, batch: 5, steps: 3 },
    { name: 'conv3x3-bn-N8-9x9', input: [9, 9, 3], filters: 5, kernel: 3, hidden: 10, classes: 10, batch: 8, steps: 2 },
  ],
};

function trainStepCases(ctx: FixtureContext): FixtureCase[] {
  return shapes[ctx.variant].map((s) => {
    const model = buildStepModel(s);
    const weights = seededWeights(model, ctx.rng);
    const [h, w, c] = s.input;
    const x = tensor(Float64Array.from({ length: s.batch * h * w * c }, () => Math.fround(ctx.rng.rand() as number)), [s.batch, h, w, c]);
    const labels = Array.from({ length: s.batch }, () => ctx.rng.randint(0, s.classes) as number);
    const args = {
      topology: JSON.stringify(model.toJSON(null, false)), weights, weightNames: weightNames(model),
      x, labels, classes: s.classes, steps: s.steps,
    };
    const start = weights.map(toTf);
    model.setWeights(start);
    const optimizer = ref.makeOptimizer();
    const xs = toTf(x);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), s.classes);
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
