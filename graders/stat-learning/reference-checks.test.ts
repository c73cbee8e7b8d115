// The answers in the public fixtures, checked by routes that share nothing with the reference: numbers worked out
// by hand from spec E's questions, NumPy (explicit LOOCV refits, batchnorm, the augmentation pipeline drawn from
// np.random.RandomState), and centered differences for batchnorm's backward. Also the measurements behind the
// tolerances in assignment.json (why each is what it is).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateFixtures, loadAssignment, readFixtures, type CaseValue, type FixtureCase } from '@gradient/grader';
import { polynomialFit } from '@gradient/models';
import { evalNumericalGradientArray, relError, RandomState, tensor, type Tensor } from '@gradient/tensor';
import * as ref from './reference';
import * as correct from './submissions/correct/stat_learning';

const here = fileURLToPath(new URL('.', import.meta.url));
const assignment = loadAssignment(here);
const pub = readFixtures(assignment.publicFixturesDir).sets;
const cases = (set: string): FixtureCase[] => pub[set];
const expectedOf = (set: string, name: string): CaseValue => cases(set).find((c) => c.name === name)!.expected;

const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8', timeout: 20_000 }).status === 0;
if (!numpy) console.warn('python3 with numpy not available: the NumPy cross-checks of stat-learning are skipped');
/** Runs a Python snippet (numpy imported as np, json as json) that prints one JSON value. */
function runNumpy(script: string): unknown {
  const r = spawnSync('python3', ['-c', `import json\nimport numpy as np\n${script}`], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const nested = (t: Tensor): unknown => {
  const out: number[] = Array.from(t.data);
  const build = (offset: number, dim: number): unknown =>
    dim === t.shape.length - 1 ? out.slice(offset, offset + t.shape[dim]) : Array.from({ length: t.shape[dim] }, (_, i) => build(offset + i * t.shape.slice(dim + 1).reduce((a, b) => a * b, 1), dim + 1));
  return build(0, 0);
};
const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

describe('spec E by hand', () => {
  it('KNN: the six distances to (0,0,0) are 3, 2, sqrt 10, sqrt 5, sqrt 2, sqrt 3; K = 1 says Green (obs 5), K = 3 Red (5 G, 6 R, 2 R)', () => {
    const byHand = [3, 2, Math.sqrt(10), Math.sqrt(5), Math.sqrt(2), Math.sqrt(3)];
    expect(cases('knn_distances').map((c) => c.expected)).toEqual(byHand);
    expect(expectedOf('knn_predict', 'K1')).toBe('Green');
    expect(expectedOf('knn_predict', 'K3')).toBe('Red');
  });

  it('logistic: P(A | 40 h, GPA 3.5) = 1 / (1 + e^0.5) = 0.3775; 50 % needs 50 hours; 80 % needs (ln 4 + 2.5) / 0.05', () => {
    // logit = -6 + 0.05 * 40 + 1 * 3.5 = -0.5
    expect(expectedOf('logistic_probability', 'hours40-gpa3.5')).toBeCloseTo(1 / (1 + Math.exp(0.5)), 15);
    expect(expectedOf('logistic_probability', 'hours40-gpa3.5')).toBeCloseTo(0.3775, 4);
    expect(expectedOf('logistic_probability', 'hours50-gpa3.5')).toBe(0.5);
    // 0.5 means logit 0: -6 + 0.05 h + 3.5 = 0, h = 2.5 / 0.05 = 50
    expect(expectedOf('logistic_inverse', 'gpa3.5-p0.5')).toBeCloseTo(50, 12);
    expect(expectedOf('logistic_inverse', 'gpa3.5-p0.8')).toBeCloseTo((Math.log(4) + 2.5) / 0.05, 12);
  });

  it('counts: LeNet-5 60,850 with the paper table and trainable pools (61,706 full C3), VGG16 138,357,544, dense+batchnorm', () => {
    const total = (set: string, name: string) => expectedOf(set, name) as { params: number; trainableParams: number; activations: number };
    expect(total('lenet5_counts', 'lenet5-paper-table-trainable-pools').params).toBe(156 + 12 + 1516 + 32 + 48120 + 10164 + 850);
    // full C3: 16 * (25 * 6 + 1) = 2416 instead of 1516, no pool parameters
    expect(total('lenet5_counts', 'lenet5-full-c3').params).toBe(156 + 2416 + 48120 + 10164 + 850);
    expect(total('vgg_counts', 'vgg16-224').params).toBe(138_357_544);
    // CS231n's VGG16 memory table, layer by layer: 224*224*64 twice, pool 112*112*64, ..., pool 7*7*512, FC 4096, 4096, 1000
    const vggLayers = (expectedOf('vgg_counts', 'vgg16-224') as { layers: { activations: number; params: number }[] }).layers;
    const side = (s: number, c: number) => s * s * c;
    expect(vggLayers.map((l) => l.activations)).toEqual([
      side(224, 64), side(224, 64), side(112, 64), side(112, 128), side(112, 128), side(56, 128),
      side(56, 256), side(56, 256), side(56, 256), side(28, 256), side(28, 512), side(28, 512), side(28, 512), side(14, 512),
      side(14, 512), side(14, 512), side(14, 512), side(7, 512), 25_088, 4096, 4096, 1000,
    ]);
    // parameters per layer: (3*3*Cin + 1) * Cout for the convolutions, Cin*Cout + Cout for the dense layers
    expect(vggLayers.map((l) => l.params)).toEqual([
      1792, 36_928, 0, 73_856, 147_584, 0, 295_168, 590_080, 590_080, 0, 1_180_160, 2_359_808, 2_359_808, 0,
      2_359_808, 2_359_808, 2_359_808, 0, 0, 102_764_544, 16_781_312, 4_097_000,
    ]);
    // 784*300+300, bn 4*300 (2*300 trainable), 300*100+100, bn 4*100, 100*10+10
    const mlp = total('dense_batchnorm_counts', 'mnist-300-bn-100-bn');
    expect(mlp.params).toBe(235_500 + 1200 + 30_100 + 400 + 1010);
    expect(mlp.trainableParams).toBe(235_500 + 600 + 30_100 + 200 + 1010);
    // conv 3x3x3x32 without bias, bn 4*32 (2*32 trainable), pool, 16*16*32 -> 10
    const conv = total('dense_batchnorm_counts', 'conv-bn');
    expect([conv.params, conv.trainableParams]).toEqual([864 + 128 + 8192 * 10 + 10, 864 + 64 + 8192 * 10 + 10]);
  });

  it("receptive fields: three 3x3 = one 7x7 = 7; LeNet-5's features 16 (jump 4); two VGG blocks 16 (jump 4)", () => {
    expect(cases('receptive_field').map((c) => c.expected)).toEqual([{ size: 7, jump: 1 }, { size: 7, jump: 1 }, { size: 16, jump: 4 }, { size: 16, jump: 4 }]);
  });

  it('GL on the public curve: 0 while improving, 100 (0.52 / 0.5 - 1) = 4, ..., 100 (0.7 / 0.48 - 1); stops at 6 (alpha 5), 8 (alpha 20), never', () => {
    const gl = expectedOf('generalization_loss', 'curve1-10-epochs') as number[];
    const byHand = [0, 0, 0, 0, 4, 0, 100 * (0.51 / 0.48 - 1), 100 * (0.56 / 0.48 - 1), 100 * (0.6 / 0.48 - 1), 100 * (0.7 / 0.48 - 1)];
    gl.forEach((v, t) => expect(v).toBeCloseTo(byHand[t], 10));
    expect(cases('early_stopping').map((c) => c.expected)).toEqual([6, 8, null]);
  });

  it('schedules: 0.1 halved every 10 epochs; 0.1 e^(-0.1 t); 0.1 / (1 + 0.5 t)', () => {
    expect(cases('step_decay').map((c) => c.expected)).toEqual([0.1, 0.1, 0.05, 0.025]);
    cases('exponential_decay').forEach((c, i) => expect(c.expected).toBeCloseTo(0.1 * Math.exp(-0.1 * [0, 1, 5, 20][i]), 15));
    cases('inverse_time_decay').forEach((c, i) => expect(c.expected).toBeCloseTo(0.1 / (1 + 0.5 * [0, 1, 5, 20][i]), 15));
  });

  it('augmentation on a seeded image: the crop at (padding, padding) is the image, edges are zero, two flips undo each other', () => {
    const img = new RandomState(5).rand(6, 8, 3);
    const same = ref.cropWithPadding(img, 6, 2, 2, 2);
    const window = ref.cropWithPadding(img, 6, 2, 2, 4); // shifted 2 columns right: column j is image column j + 2
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 6; j++)
        for (let k = 0; k < 3; k++) {
          expect(same.get(i, j, k)).toBe(img.get(i, j, k));
          expect(window.get(i, j, k)).toBe(img.get(i, j + 2, k));
        }
    expect(Array.from(ref.cropWithPadding(img, 2, 2, 0, 0).data).every((v) => v === 0)).toBe(true);
    expect(relError(ref.horizontalFlip(ref.horizontalFlip(img)), img)).toBe(0);
  });
});

describe('spec E against NumPy', () => {
  it.skipIf(!numpy)('LOOCV: the hat-matrix closed form equals n explicit refits by np.linalg.lstsq, every public degree', () => {
    const c0 = cases('polynomial_loocv')[0];
    const [x, y] = c0.args as number[][];
    const refits = runNumpy(`
x = np.array(${JSON.stringify(x)}); y = np.array(${JSON.stringify(y)})
out = []
for d in range(1, 5):
    X = np.vander(x, d + 1, increasing=True)
    errs = []
    for i in range(len(x)):
        keep = np.arange(len(x)) != i
        c = np.linalg.lstsq(X[keep], y[keep], rcond=None)[0]
        errs.append((y[i] - X[i] @ c) ** 2)
    out.append(float(np.mean(errs)))
print(json.dumps(out))`) as number[];
    cases('polynomial_loocv').forEach((c, i) => expect(Math.abs((c.expected as number) - refits[i]) / refits[i]).toBeLessThan(1e-12));
    // the noise is N(0, 1), so the quadratic and higher fits' LOOCV sits near 1 and the line's far above it
    expect(refits[0]).toBeGreaterThan(3);
    for (const v of refits.slice(1)) expect(v).toBeGreaterThan(0.8);
  });

  it.skipIf(!numpy)('batchnorm forward (train: biased batch variance; test: running stats) and running averages, as NumPy computes them', () => {
    const [train] = cases('batchnorm_train');
    const [test] = cases('batchnorm_test');
    const [run] = cases('batchnorm_running');
    const [x, g, b] = train.args as Tensor[];
    const [xt, gt, bt, pt] = test.args as [Tensor, Tensor, Tensor, { runningMean: Tensor; runningVar: Tensor }];
    const batches = run.args[0] as Tensor[];
    const py = runNumpy(`
x = np.array(${JSON.stringify(nested(x))}); g = np.array(${JSON.stringify(nested(g))}); b = np.array(${JSON.stringify(nested(b))})
train = g * (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-5) + b
xt = np.array(${JSON.stringify(nested(xt))}); rm = np.array(${JSON.stringify(nested(pt.runningMean))}); rv = np.array(${JSON.stringify(nested(pt.runningVar))})
test = np.array(${JSON.stringify(nested(gt))}) * (xt - rm) / np.sqrt(rv + 1e-5) + np.array(${JSON.stringify(nested(bt))})
m = np.zeros(${batches[0].shape[1]}); v = np.zeros(${batches[0].shape[1]})
for xb in ${JSON.stringify(batches.map(nested))}:
    xb = np.array(xb); m = 0.9 * m + 0.1 * xb.mean(0); v = 0.9 * v + 0.1 * xb.var(0)
print(json.dumps([train.tolist(), test.tolist(), m.tolist(), v.tolist()]))`) as unknown[];
    const close = (ours: Tensor, theirs: unknown) => expect(relError(ours, tensor(flat(theirs), ours.shape))).toBeLessThan(1e-12);
    close(train.expected as Tensor, py[0]);
    close(test.expected as Tensor, py[1]);
    const stats = run.expected as { runningMean: Tensor; runningVar: Tensor };
    close(stats.runningMean, py[2]);
    close(stats.runningVar, py[3]);
  });

  it.skipIf(!numpy)('CIFAR augmentation: the same seed in np.random.RandomState draws the same crop and flip, and NumPy pads, flips and normalizes to the same image', () => {
    for (const c of cases('augment_cifar')) {
      const [img, rng] = c.args as [Tensor, { $rng: number }];
      const py = runNumpy(`
img = np.array(${JSON.stringify(nested(img))})
rs = np.random.RandomState(${rng.$rng})
top = int(rs.randint(0, 9)); left = int(rs.randint(0, 9)); flip = bool(rs.rand() < 0.5)
out = np.pad(img, ((4, 4), (4, 4), (0, 0)))[top:top + 32, left:left + 32]
if flip: out = out[:, ::-1]
out = (out - np.array([0.4914, 0.4822, 0.4465])) / np.array([0.2023, 0.1994, 0.2010])
print(json.dumps([top, left, flip, out.tolist()]))`) as [number, number, boolean, unknown];
      const e = c.expected as { image: Tensor; top: number; left: number; flipped: boolean };
      expect([e.top, e.left, e.flipped]).toEqual(py.slice(0, 3));
      expect(relError(e.image, tensor(flat(py[3]), [32, 32, 3]))).toBeLessThan(1e-12);
    }
  });
});

describe('batchnorm backward against centered differences (the reference analytic gradient is right)', () => {
  for (const mode of ['train', 'test'] as const) {
    it(`${mode} mode: dx, dgamma, dbeta within 1e-7 of the numerical gradient`, () => {
      const rs = new RandomState(11);
      const x = rs.randn(5, 4);
      const gamma = rs.randn(4);
      const beta = rs.randn(4);
      const params = mode === 'train' ? { mode, eps: 0.1 } : { mode, runningMean: rs.randn(4), runningVar: rs.rand(4) };
      const [out, cache] = ref.batchnormForward(x, gamma, beta, params);
      const dout = rs.randn(...out.shape);
      const [dx, dgamma, dbeta] = ref.batchnormBackward(dout, cache);
      const f = () => ref.batchnormForward(x, gamma, beta, params)[0];
      expect(relError(dx, evalNumericalGradientArray(f, x, dout))).toBeLessThan(1e-7);
      expect(relError(dgamma, evalNumericalGradientArray(f, gamma, dout))).toBeLessThan(1e-7);
      expect(relError(dbeta, evalNumericalGradientArray(f, beta, dout))).toBeLessThan(1e-7);
    });
  }
});

describe('why the tolerances are what they are (measured on the public and hidden sets of 5 hidden seeds)', () => {
  it('LOOCV 1e-6: explicit normal-equation refits (the correct sample) differ from the QR closed form by far less; the no-leverage slip by > 1e-2', async () => {
    let worst = 0;
    let slipBest = Infinity;
    const sets = [pub, ...(await Promise.all([0, 1, 2, 3, 4].map((s) => generateFixtures(assignment, 'hidden', s))))];
    for (const set of sets) {
      for (const c of set.polynomial_loocv) {
        const [x, y, d] = c.args as [number[], number[], number];
        const want = c.expected as number;
        worst = Math.max(worst, Math.abs(correct.polynomialLoocv(x, y, d) - want) / want);
        slipBest = Math.min(slipBest, Math.abs(trainingMse(x, y, d) - want) / want);
      }
    }
    // measured: worst 4e-13 (normal equations square the Vandermonde matrix's condition number; degree 5 is
    // the worst), the slip at least 5e-2: 1e-6 leaves correct code six orders of room and no slip within four
    expect(worst).toBeLessThan(1e-9);
    expect(slipBest).toBeGreaterThan(1e-2);
  });

  it('batchnorm backward 1e-10: the staged backward of the correct sample agrees with the compact reference formula to ~1e-15', async () => {
    // On every backward case: the large one, small N, test mode. (A batch of N = 2 with a tiny eps is avoided in the
    // sets: its output is +-1 whatever x, so dx is nearly 0 and two correct formulas differ by ~1e-12 of its scale;
    // the N = 2 and N = 3 cases use eps 0.5 and 0.3.)
    let worst = 0;
    const sets = [pub, ...(await Promise.all([0, 1, 2, 3, 4].map((s) => generateFixtures(assignment, 'hidden', s))))];
    for (const set of sets) {
      for (const c of set.batchnorm_backward) {
        const [, cache] = correct.batchnormForward(...(c.args as [never, never, never, never]));
        const got = correct.batchnormBackward(c.dout as never, cache) as unknown as Tensor[];
        (c.expected as Tensor[]).forEach((t, i) => (worst = Math.max(worst, scaledError(t, got[i]))));
      }
    }
    // measured: 8e-16 over hidden seeds 0..19
    expect(worst).toBeLessThan(1e-13);
  });
});

/** Max entry error under the grader's scaled floor (docs/tolerances.md). */
function scaledError(want: Tensor, got: Tensor): number {
  const floor = Math.max(1e-8, ...Array.from(want.data, Math.abs));
  return Math.max(...Array.from(want.data, (w, i) => Math.abs(got.data[i] - w) / Math.max(floor, Math.abs(got.data[i]) + Math.abs(w))));
}

/** The slip's number: the mean squared residual of the fit on all points (no leverage correction). */
function trainingMse(x: number[], y: number[], degree: number): number {
  const { residuals } = polynomialFit(x, y, degree);
  return residuals.reduce((s, r) => s + r * r, 0) / residuals.length;
}
