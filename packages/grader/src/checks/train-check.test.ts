// train tests end to end: the builder and the settings run in the sandbox child; the trusted trainer process
// rebuilds the model from its topology, trains it within the budget and evaluates it on held-out data that lives
// in the assignment folder (8x8 one-channel images of 4 classes, writeStrokes).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RandomState, tensor, writeNpyFile } from '@gradient/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gradeSubmission } from '../grade';
import type { Assignment, TrainTestSpec } from '../spec/types';
import { beatsBaseline } from './train-check';
import { tempDirs } from '../testing/temp-dirs';

const tempDir = tempDirs();

// class k: a 3-pixel stroke (horizontal, vertical, diagonal, anti-diagonal) at a random place, over noise; a
// convolution finds strokes anywhere, a linear model on the raw pixels cannot, so the conv net beats it
const STROKES = [[[0, 0], [0, 1], [0, 2]], [[0, 0], [1, 0], [2, 0]], [[0, 0], [1, 1], [2, 2]], [[0, 2], [1, 1], [2, 0]]];

function writeStrokes(dir: string, name: string, n: number, seed: number): void {
  const rng = new RandomState(seed);
  const x = new Float64Array(n * 64);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = Number(rng.randint(0, 4));
    y[i] = k;
    for (let p = 0; p < 64; p++) x[i * 64 + p] = Math.floor(Number(rng.rand()) * 60);
    const [r0, c0] = [Number(rng.randint(0, 6)), Number(rng.randint(0, 6))];
    for (const [r, c] of STROKES[k]) x[i * 64 + (r0 + r) * 8 + c0 + c] = 255;
  }
  writeNpyFile(join(dir, `${name}_X.npy`), tensor(x, [n, 8, 8, 1]), '|u1');
  writeNpyFile(join(dir, `${name}_y.npy`), tensor(y, [n]), '<i4');
}

let assignmentDir: string;
beforeAll(async () => {
  assignmentDir = tempDir('gradient-train-assignment-');
  mkdirSync(join(assignmentDir, 'data'));
  writeStrokes(join(assignmentDir, 'data'), 'train', 1500, 1);
  writeStrokes(join(assignmentDir, 'data'), 'eval', 200, 2);
  // the fixed model of the comparison tests: one dense layer on the raw pixels
  await tf.setBackend('cpu');
  const fixed = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [8, 8, 1] }), tf.layers.dense({ units: 4, activation: 'softmax' })] });
  writeFileSync(join(assignmentDir, 'fixed-model.json'), JSON.stringify(fixed.toJSON(null, false)));
});

const base: TrainTestSpec = {
  number: '1', name: 'own model', points: 10, set: 'public', kind: 'train', call: 'buildModel', settings: 'trainingSettings',
  data: { train: { x: 'data/train_X.npy', y: 'data/train_y.npy' }, eval: { x: 'data/eval_X.npy', y: 'data/eval_y.npy' } },
  classes: 4, budget: { epochs: 4, maxParams: 5000, timeMs: 60_000 }, seed: 3,
  credit: { thresholds: [[0.5, 3], [0.9, 10]] },
};

function assignment(test: TrainTestSpec): Assignment {
  return {
    spec: {
      name: 'own', title: 'own', entry: 'solution.ts', exports: ['buildModel', 'trainingSettings'], fixtures: { generator: 'none', publicSeed: 0 },
      libraries: ['@tensorflow/tfjs'], limits: { timeMs: 20_000 }, tests: [test],
    },
    dir: assignmentDir, specFile: join(assignmentDir, 'assignment.json'), publicFixturesDir: assignmentDir,
  };
}

const CONV = `tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu' }), tf.layers.flatten(), tf.layers.dense({ units: 4, activation: 'softmax' })`;
const SETTINGS = `{ optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 4 }`;

const solution = (layers = CONV, settings = SETTINGS, extra = '') => `import * as tf from '@tensorflow/tfjs';
${extra}
export function buildModel() {
  return tf.sequential({ layers: [${layers}] });
}
export function trainingSettings() {
  return ${settings};
}
`;

async function grade(source: string, test: TrainTestSpec = base) {
  const dir = tempDir('gradient-train-sub-');
  writeFileSync(join(dir, 'solution.ts'), source);
  const r = await gradeSubmission(assignment(test), dir, { public: {} }, { hidden: false });
  if (process.env.DEBUG_GRADE) console.log(r.output, r.tests[0].output);
  return r.tests[0];
}

describe('beatsBaseline (spec B)', () => {
  it('passes a higher final accuracy, or the baseline\'s final accuracy reached in fewer epochs', () => {
    expect(beatsBaseline([0.8, 0.91], [0.85, 0.9])).toBe(true);
    expect(beatsBaseline([0.9, 0.89], [0.85, 0.9])).toBe(true); // 0.9 after epoch 1, the fixed model after 2
    expect(beatsBaseline([0.85, 0.9], [0.85, 0.9])).toBe(false); // equal, in as many epochs
    // the fixed model plateaus at 0.9 from epoch 2: reaching 0.9 at epoch 2 is not faster
    expect(beatsBaseline([0.5, 0.9, 0.9, 0.9], [0.6, 0.9, 0.9, 0.9])).toBe(false);
    expect(beatsBaseline([0.9, 0.9, 0.9, 0.9], [0.6, 0.9, 0.9, 0.9])).toBe(true);
    expect(beatsBaseline([0.95], [0.96])).toBe(false);
    expect(beatsBaseline([], [0.5])).toBe(false);
  });
});

// each grading bundles tfjs for the child and starts a trainer process (tsx, tfjs, the backend): seconds each
describe('train test', { timeout: 120_000 }, () => {
  it('trains the student\'s model from its topology and scores the held-out accuracy by the credit table', async () => {
    const t = await grade(solution());
    expect(t).toMatchObject({ score: 10, status: 'passed' });
    expect(t.output).toMatch(/^measured (1|0\.9\d*): 10 of 10 points/m);
    expect(t.output).toMatch(/trained 4 of 4 epochs on (wasm|cpu|node|node-gpu) in [\d.]+ s \(620 parameters\); held-out accuracy by epoch: [\d.]+ %, [\d.]+ %, [\d.]+ %, [\d.]+ %/);
  });

  it('refuses settings that do not fit the schema, naming the field, before anything trains', async () => {
    const t = await grade(solution(CONV, `{ optimizer: 'adamw', learningRate: 0.01, batchSize: 16, epochs: 2 }`));
    expect(t).toMatchObject({ score: 0, status: 'failed' });
    expect(t.output).toContain('the settings trainingSettings() returned: expected valid training settings, got optimizer: must be one of "adam", "rmsprop", "sgd"');
    expect(t.output).not.toContain('trained ');
  });

  it('refuses a model over the parameter budget with both numbers', async () => {
    const big = `tf.layers.flatten({ inputShape: [8, 8, 1] }), tf.layers.dense({ units: 128, activation: 'relu' }), tf.layers.dense({ units: 4, activation: 'softmax' })`;
    const t = await grade(solution(big));
    expect(t).toMatchObject({ score: 0, status: 'failed' });
    // 64 * 128 + 128 + 128 * 4 + 4
    expect(t.output).toContain('not trained: the model has 8,836 parameters; at most 5,000 are allowed');
  });

  it('refuses a layer class tfjs does not have built in, even one the student registered', async () => {
    const custom = `class Doubler extends tf.layers.Layer {
  static className = 'Doubler';
  call(inputs) { return tf.tidy(() => tf.mul(Array.isArray(inputs) ? inputs[0] : inputs, 2)); }
}
tf.serialization.registerClass(Doubler);`;
    const t = await grade(solution(`tf.layers.flatten({ inputShape: [8, 8, 1] }), new Doubler({}), tf.layers.dense({ units: 4, activation: 'softmax' })`, SETTINGS, custom));
    expect(t).toMatchObject({ score: 0, status: 'failed' });
    expect(t.output).toContain('not trained: ');
    expect(t.output).toContain('custom layers are not supported');
    expect(t.output).toContain('Doubler');
  });

  it('stops at the time budget and scores the model as far as it trained', async () => {
    const t = await grade(solution(CONV, `{ optimizer: 'adam', learningRate: 0.01, batchSize: 1, epochs: 1000 }`), { ...base, budget: { epochs: 1000, timeMs: 1000 } });
    expect(t.output).toContain('(stopped at the time budget)');
  });

  describe('with spec B\'s comparison rule', () => {
    const compared: TrainTestSpec = { ...base, credit: undefined, baseline: 'fixed-model.json' };

    it('passes a model that beats the fixed one trained with the same seed, data and settings', async () => {
      const t = await grade(solution(CONV, `{ optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 2 }`), compared);
      expect(t.output).toMatch(/the fixed model, same seed, data and settings: [\d.]+ %, [\d.]+ %/);
      expect(t).toMatchObject({ score: 10, status: 'passed' });
    });

    it('fails the fixed model itself: equal accuracy in as many epochs is not better', async () => {
      const t = await grade(solution(`tf.layers.flatten({ inputShape: [8, 8, 1] }), tf.layers.dense({ units: 4, activation: 'softmax' })`), compared);
      expect(t).toMatchObject({ score: 0, status: 'failed' });
      expect(t.output).toMatch(/your model reached [\d.]+ % after 4 epochs, the fixed model [\d.]+ % after 4 epochs: beat its accuracy, or reach it in fewer epochs/);
    });
  });
});
