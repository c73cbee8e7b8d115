// Each likely slip fails the test aimed at it, on the public and on the hidden sets, and no test it has no business
// failing: the correct sample with one function mutated, run in this process through the real checks.
// (The slips with a sample of their own, graded through the sandbox, are pinned in grading.test.ts.)
import { fileURLToPath } from 'node:url';
import ndarray from 'ndarray';
import { beforeAll, describe, expect, it } from 'vitest';
import { failingTests, type FixtureBank, loadAssignment, loadFixtureBank } from '@gradient/grader';
import * as correct from './submissions/correct/stat_learning';

type T = ndarray.NdArray<Float64Array>;
type Module = typeof correct;
const assignment = loadAssignment(fileURLToPath(new URL('.', import.meta.url)));
let bank: FixtureBank;
beforeAll(async () => {
  bank = await loadFixtureBank(assignment, true);
});

const failedTests = (mutation: Partial<Module>) => failingTests(assignment, { ...correct, ...mutation }, bank);

/**
 * The slip fails every test in `aimed` (public and hidden), and nothing outside `aimed` and `mayAlso` (tests whose
 * cases the slip can pass by chance, such as a swapped draw order that happens to draw equal numbers).
 */
async function expectCaught(mutation: Partial<Module>, aimed: string[], mayAlso: string[] = []) {
  const failed = await failedTests(mutation);
  const withHidden = (ns: string[]) => ns.flatMap((n) => [n, `${n}h`]);
  for (const n of withHidden(aimed)) expect(failed, `should fail ${n}`).toContain(n);
  for (const n of failed) expect([...withHidden(aimed), ...withHidden(mayAlso)], `fails ${n}, which it should not`).toContain(n);
}

const zeros = (shape: number[]): T => ndarray(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);
const mapImage = (img: T, f: (v: number, k: number) => number): T => {
  const out = zeros(img.shape.slice());
  const [H, W, C] = img.shape;
  for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let k = 0; k < C; k++) out.set(i, j, k, f(img.get(i, j, k), k));
  return out;
};

describe('stat-learning: each slip is caught by the test aimed at it', () => {
  it('KNN that ignores K (always the single nearest): 1.2', async () => {
    await expectCaught({ knn: (train, labels, query) => correct.knn(train, labels, query, 1) }, ['1.2'], []);
  });

  it('the inverse logistic with log(p) in place of the log-odds log(p / (1 - p)): 2.2', async () => {
    await expectCaught({ logisticFeatureForProbability: (b, x, f, p) => correct.logisticFeatureForProbability(b, x, f, p / (1 + p)) }, ['2.2']);
  });

  it('batchnorm with eps outside the square root: both forwards (eps 0.5 and 0.2 cases), not the backward that reads the cache', async () => {
    const eps = (p: { eps?: number }) => p.eps ?? 1e-5;
    await expectCaught(
      {
        batchnormForward: (x, gamma, beta, params) => {
          const [out, cache, running] = correct.batchnormForward(x, gamma, beta, params);
          const [N, D] = x.shape;
          for (let j = 0; j < D; j++) {
            const sdIn = Math.sqrt(cache.variance[j] + eps(params));
            const sdOut = Math.sqrt(cache.variance[j]) + eps(params);
            for (let i = 0; i < N; i++) out.set(i, j, (out.get(i, j) - beta.get(j)) * (sdIn / sdOut) + beta.get(j));
          }
          return [out, cache, running];
        },
      },
      ['4.1', '4.2'],
    );
  });

  it('batchnorm test mode normalizing with the batch statistics: 4.2 and the test-mode backward case of 4.4', async () => {
    await expectCaught({ batchnormForward: (x, gamma, beta, params) => correct.batchnormForward(x, gamma, beta, { ...params, mode: 'train' }) }, ['4.2', '4.4'], ['4.1', '4.3']);
  });

  it('running averages that restart from zeros for every batch: 4.3', async () => {
    await expectCaught({ batchnormRunningAverages: (batches, gamma, beta, params) => correct.batchnormForward(batches[batches.length - 1], gamma, beta, { ...params, runningMean: undefined, runningVar: undefined, mode: 'train' })[2] }, ['4.3']);
  });

  it('pseudolabels by Euclidean distance instead of cosine similarity: 5.2 and 5.3', async () => {
    const euclid = (a: number[], b: number[]) => -Math.hypot(...a.map((v, i) => v - b[i]));
    await expectCaught({ cosineSimilarity: euclid as Module['cosineSimilarity'], cosinePseudolabels: (l, labels, u) => u.map((x) => {
      let best = 0;
      l.forEach((y, j) => { if (euclid(y, x) > euclid(l[best], x)) best = j; });
      return { label: labels[best], source: best, similarity: correct.cosineSimilarity(l[best], x) };
    }) }, ['5.1', '5.2'], ['5.3']);
  });

  it('the concatenation taking classes in alphabetical order instead of first appearance: 5.3', async () => {
    await expectCaught({ nearestPerClassConcatenation: (l, labels, u, n) => {
      const r = correct.nearestPerClassConcatenation(l, labels, u, n);
      const order = [...new Set(labels)].sort();
      const tail = r.added.map((i, k) => ({ i, label: r.labels[l.length + k] })).sort((a, b) => order.indexOf(a.label) - order.indexOf(b.label));
      return { examples: [...r.examples.slice(0, l.length), ...tail.map((t) => u[t.i])], labels: [...labels, ...tail.map((t) => t.label)], added: tail.map((t) => t.i) };
    } }, ['5.3']);
  });

  it("counts that ignore LeNet-5's connection table: 6.1", async () => {
    await expectCaught({ countLayers: (input, layers) => correct.countLayers(input, layers.map(({ connectionTable, ...l }) => l)) }, ['6.1']);
  });

  it('counts with untrainable subsampling: 6.1', async () => {
    await expectCaught({ countLayers: (input, layers) => correct.countLayers(input, layers.map(({ trainable, ...l }) => l)) }, ['6.1']);
  });

  it("'same' padding treated as 'valid': the VGG table and the 'same' layers of 6.1h and 6.3", async () => {
    await expectCaught({ countLayers: (input, layers) => correct.countLayers(input, layers.map((l) => (l.padding === 'same' ? { ...l, padding: 'valid' } : l))) }, ['6.2'], ['6.1', '6.3']);
  });

  it('batchnorm counted with its 2 trainable parameters only (no moving mean and variance): 6.3', async () => {
    await expectCaught({ countLayers: (input, layers) => {
      const r = correct.countLayers(input, layers);
      const layersOut = r.layers.map((c, i) => (layers[i].type === 'batchnorm' ? { ...c, params: c.trainableParams } : c));
      return { ...r, layers: layersOut, params: layersOut.reduce((s, c) => s + c.params, 0) };
    } }, ['6.3']);
  });

  it('receptive field as 1 + sum(k - 1), forgetting that strides multiply the jump: 6.4', async () => {
    await expectCaught({ receptiveField: (layers) => ({ size: 1 + layers.reduce((s, l) => s + (l.type === 'batchnorm' ? 0 : (l.kernel ?? l.size!) - 1), 0), jump: correct.receptiveField(layers).jump }) }, ['6.4']);
  });

  it('early stopping at GL(t) >= alpha reaches no case by equality; stopping one epoch late (t + 1) is caught: 7.2', async () => {
    await expectCaught({ earlyStoppingEpoch: (e, a) => { const t = correct.earlyStoppingEpoch(e, a); return t === null ? null : t + 1; } }, ['7.2']);
  });

  it('schedules: step decay with ceil, exponential as (1 - k)^t, inverse time as e^(-kt): 8.1, 8.2, 8.3 each', async () => {
    await expectCaught({ stepDecay: (lr0, drop, every, epoch) => lr0 * drop ** Math.ceil(epoch / every) }, ['8.1']);
    await expectCaught({ exponentialDecay: (lr0, k, t) => lr0 * (1 - k) ** t }, ['8.2']);
    await expectCaught({ inverseTimeDecay: (lr0, k, t) => lr0 * Math.exp(-k * t) }, ['8.3']);
  });

  it('a crop that forgets the padding offset (window taken from the unpadded image): 9.1, 9.2, 9.6', async () => {
    const noPad: Module['cropWithPadding'] = (image, size, padding, top, left) => {
      const shifted = correct.cropWithPadding(image, size, padding, top + padding, left + padding);
      return shifted;
    };
    await expectCaught({ cropWithPadding: noPad, randomCrop: (image, size, padding, rng) => {
      const r = correct.randomCrop(image, size, padding, rng);
      return { ...r, image: noPad(image, size, padding, r.top, r.left) };
    }, augmentCifar: (image, rng) => {
      const r = correct.augmentCifar(image, rng);
      const crop = noPad(image, 32, 4, r.top, r.left);
      return { ...r, image: correct.normalizeChannels(r.flipped ? correct.horizontalFlip(crop) : crop, [0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.201]) };
    } }, ['9.1', '9.2', '9.6']);
  });

  it('the crop drawing left before top: 9.2', async () => {
    await expectCaught({ randomCrop: (image, size, padding, rng) => {
      const [H, W] = image.shape;
      const left = rng.randint(0, W + 2 * padding - size + 1);
      const top = rng.randint(0, H + 2 * padding - size + 1);
      return { image: correct.cropWithPadding(image, size, padding, top, left), top, left };
    } }, ['9.2']);
  });

  it('a flip when u >= p (the comparison reversed): 9.4 and 9.6', async () => {
    const reversed: Module['randomHorizontalFlip'] = (image, p, rng) => {
      const flipped = rng.rand() >= p;
      return { image: flipped ? correct.horizontalFlip(image) : image, flipped };
    };
    await expectCaught({ randomHorizontalFlip: reversed, augmentCifar: (image, rng) => {
      const crop = correct.randomCrop(image, 32, 4, rng);
      const flip = reversed(crop.image, 0.5, rng);
      return { image: correct.normalizeChannels(flip.image, [0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.201]), top: crop.top, left: crop.left, flipped: flip.flipped };
    } }, ['9.4', '9.6']);
  });

  it('normalization dividing by the variance std^2: 9.5', async () => {
    await expectCaught({ normalizeChannels: (image, mean, std) => mapImage(image, (v, k) => (v - mean[k]) / std[k] ** 2) }, ['9.5']);
  });
});
