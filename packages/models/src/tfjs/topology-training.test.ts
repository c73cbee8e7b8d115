import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelFromTopology, TopologyError } from './topology-model';
import { channelStatistics, toAugmentSettings, type TopologyTrainingJob, trainTopology, type TrainingSettings, TrainingSettingsError } from './topology-training';
import { type LabelledImages, seededRandom } from './trainer';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

// Class k in 0..2: a bright 3x3 square in one of three places of a noisy 8x8 image; learnable in a few epochs.
function squares(count: number, seed: number, flat = false): LabelledImages {
  const rand = seededRandom(seed);
  const pixels = new Float32Array(count * 64);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const k = Math.floor(rand() * 3);
    labels[i] = k;
    for (let p = 0; p < 64; p++) pixels[i * 64 + p] = rand() * 0.4;
    for (let r = 1; r < 4; r++) for (let c = 0; c < 3; c++) pixels[i * 64 + (r + 2 * (k % 2)) * 8 + 1 + 2 * k + c] = 1;
  }
  return { x: flat ? tf.tensor2d(pixels, [count, 64]) : tf.tensor4d(pixels, [count, 8, 8, 1]), labels };
}

function tinyTopology(opts: { flat?: boolean; logits?: boolean } = {}): string {
  const m = tf.sequential({
    layers: [
      ...(opts.flat ? [tf.layers.reshape({ inputShape: [64], targetShape: [8, 8, 1] })] : []),
      tf.layers.conv2d({ ...(opts.flat ? {} : { inputShape: [8, 8, 1] }), filters: 4, kernelSize: 3, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.25 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: opts.logits ? 'linear' : 'softmax' }),
    ],
  });
  const text = JSON.stringify(m.toJSON(null, false));
  m.dispose();
  return text;
}

let train: LabelledImages;
let held: LabelledImages;
beforeAll(() => {
  [train, held] = [squares(200, 1), squares(60, 2)];
});
const settings: TrainingSettings = { optimizer: 'adam', learningRate: 0.01, batchSize: 20, epochs: 3, augment: { cropPadding: 1, flip: true, normalize: true } };
afterAll(() => tf.dispose([train.x, held.x]));

async function run(over: Partial<TopologyTrainingJob> = {}, topology = tinyTopology()) {
  const model = await modelFromTopology(topology, 5);
  const result = await trainTopology({ model, settings, seed: 3, train, eval: held, maxEpochs: 10, ...over });
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  model.dispose();
  return { ...result, weights, runs: result.history.map(({ seconds: _, ...rest }) => rest) };
}

describe('trainTopology (cpu backend, a 3-class toy set of 200 8x8 images)', () => {
  it('same seed: the same history and weights; another seed: another history; it learns the task', async () => {
    const [a, b, c] = [await run(), await run(), await run({ seed: 4 })];
    expect(a.runs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(b.runs).toEqual(a.runs);
    expect(b.weights).toEqual(a.weights);
    expect(c.runs.map((e) => e.loss)).not.toEqual(a.runs.map((e) => e.loss));
    expect(a.stoppedBy).toBe('epochs');
    // Chance is 1/3; the squares do not overlap, so three epochs separate them.
    expect(a.runs[2].evalAccuracy).toBeGreaterThan(0.8);
    expect(a.runs[2].loss).toBeLessThan(a.runs[0].loss);
  });

  it("dropout masks come from the job's seed, not from the seed the model was built with", async () => {
    const [a, b] = [await modelFromTopology(tinyTopology(), 5), await modelFromTopology(tinyTopology(), 6)];
    b.setWeights(a.getWeights());
    const job = { settings: { ...settings, augment: undefined }, seed: 2, train, eval: held, maxEpochs: 2 };
    const [ra, rb] = [await trainTopology({ model: a, ...job }), await trainTopology({ model: b, ...job })];
    expect(rb.history.map((e) => e.loss)).toEqual(ra.history.map((e) => e.loss));
    a.dispose();
    b.dispose();
  });

  it('leaves no tensor behind (optimizer state, augmentation, normalization statistics, evaluation)', async () => {
    const model = await modelFromTopology(tinyTopology(), 5);
    const before = tf.memory().numTensors;
    await trainTopology({ model, settings: { ...settings, optimizer: 'rmsprop' }, seed: 1, train, eval: held, maxEpochs: 2 });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('runs min(settings.epochs, maxEpochs) epochs and reports each to onEpoch', async () => {
    const seen: number[] = [];
    const capped = await run({ settings: { ...settings, epochs: 5 }, maxEpochs: 2, onEpoch: (e) => seen.push(e.epoch) });
    expect(capped.runs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(seen).toEqual([1, 2]);
    expect((await run({ settings: { ...settings, epochs: 1 }, maxEpochs: 3 })).runs.length).toBe(1);
    // The cap changes nothing about the epochs that do run.
    expect(capped.runs).toEqual((await run()).runs.slice(0, 2));
  });

  it('stops on the time budget between batches', async () => {
    const r = await run({ budgetSeconds: 0 });
    expect(r.stoppedBy).toBe('time');
    expect(r.history).toEqual([]);
  });

  it('the optimizer and the augment flags change the run (sgd is supported)', async () => {
    const base = (await run()).runs;
    const sgd = await run({ settings: { ...settings, optimizer: 'sgd', learningRate: 0.5 } });
    expect(sgd.runs.map((e) => e.loss)).not.toEqual(base.map((e) => e.loss));
    expect(sgd.runs[2].loss).toBeLessThan(sgd.runs[0].loss);
    const plain = await run({ settings: { ...settings, augment: undefined } });
    expect(plain.runs.map((e) => e.loss)).not.toEqual(base.map((e) => e.loss));
  });

  it('trains flat input of rank 2 for a model that starts with a Reshape; augmentation there is an error', async () => {
    const [flatTrain, flatHeld] = [squares(200, 1, true), squares(60, 2, true)];
    const r = await run({ settings: { ...settings, augment: undefined }, train: flatTrain, eval: flatHeld }, tinyTopology({ flat: true }));
    expect(r.runs.length).toBe(3);
    await expect(run({ train: flatTrain, eval: flatHeld }, tinyTopology({ flat: true })))
      .rejects.toThrow(new TrainingSettingsError('training settings: augment needs image input [height, width, channels]; this model takes [64]'));
    tf.dispose([flatTrain.x, flatHeld.x]);
  });
});

describe('trainTopology: the settings and the model are checked before training', () => {
  const bad: [Partial<TrainingSettings>, RegExp][] = [
    [{ optimizer: 'adagrad' as 'adam' }, /optimizer must be one of adam, rmsprop, sgd, got "adagrad"/],
    [{ learningRate: -1 }, /learningRate must be a number > 0, got -1/],
    [{ batchSize: 0 }, /batchSize must be an integer >= 1, got 0/],
    [{ epochs: 1.5 }, /epochs must be an integer >= 1, got 1.5/],
    [{ augment: { flip: 'yes' as unknown as boolean } }, /augment\.flip must be true or false, got "yes"/],
    [{ augment: { cropPadding: -2 } }, /augment\.cropPadding must be an integer >= 0, got -2/],
  ];
  for (const [change, message] of bad) {
    it(`rejects ${JSON.stringify(change)}`, async () => {
      await expect(run({ settings: { ...settings, ...change } })).rejects.toThrow(message);
      await expect(run({ settings: { ...settings, ...change } })).rejects.toBeInstanceOf(TrainingSettingsError);
    });
  }

  it('a model that ends in logits, labels beyond its classes, examples of the wrong shape', async () => {
    await expect(run({}, tinyTopology({ logits: true }))).rejects.toThrow(/must output class probabilities: give it activation 'softmax'.*its activation is "linear"/);
    await expect(run({}, tinyTopology({ logits: true }))).rejects.toBeInstanceOf(TopologyError);
    const five = { x: held.x, labels: held.labels.map((l, i) => (i === 7 ? 5 : l)) };
    await expect(run({ eval: five })).rejects.toThrow('the model predicts 3 classes, but the evaluation set label 7 is 5');
    const huge = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [8, 8, 1] }),
        tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.constant({ value: 1e30 }) }),
        tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.constant({ value: 1e30 }) }),
      ],
    });
    // 1e30 * 1e30 overflows float32: the first forward pass already gives NaN probabilities.
    await expect(run({}, JSON.stringify(huge.toJSON(null, false)))).rejects.toThrow(new TopologyError('the model cannot run on the training images: its output is not finite'));
    huge.dispose();
    const flat = squares(10, 3, true);
    await expect(run({ eval: flat })).rejects.toThrow('the evaluation set examples are [64]; the model takes [8, 8, 1]');
    flat.x.dispose();
  });
});

describe('augment flags as augment.ts options', () => {
  it('cropPadding -> crop, flip -> flip, normalize -> the training set\'s per-channel mean and std', () => {
    const x = tf.tensor4d([0, 10, 2, 10, 4, 10, 6, 10], [2, 2, 1, 2]);
    // Channel 0 holds 0, 2, 4, 6: mean 3, population variance (9 + 1 + 1 + 9) / 4 = 5. Channel 1 is constant.
    expect(channelStatistics(x)).toEqual({ mean: [3, 10], std: [Math.sqrt(5), 1] });
    expect(toAugmentSettings({ cropPadding: 2, flip: true, normalize: true }, x, [2, 1, 2]))
      .toEqual({ crop: 2, flip: true, normalize: { mean: [3, 10], std: [Math.sqrt(5), 1] } });
    expect(toAugmentSettings({ cropPadding: 0, flip: false, normalize: false }, x, [2, 1, 2])).toBeUndefined();
    expect(toAugmentSettings(undefined, x, [2, 1, 2])).toBeUndefined();
    x.dispose();
  });
});
