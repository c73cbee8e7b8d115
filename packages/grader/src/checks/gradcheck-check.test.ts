// The backward-pass check on a small two-input op, with student modules run in this process through the
// child's own call code (perform): what passes, what fails, and what the message says.
import { RandomState, tensor, type Tensor } from '@gradient/tensor';
import { describe, expect, it } from 'vitest';
import type { FixtureCase } from '../fixtures/case';
import { perform } from '../sandbox/child/perform';
import type { CallRequest } from '../sandbox/protocol';
import type { GradcheckTestSpec } from '../spec/types';
import { verdictText } from '../render/verdict-text';
import { runGradcheckCheck } from './gradcheck-check';
import type { CheckContext } from './verdict';

type Module = Record<string, unknown>;
const spec: GradcheckTestSpec = {
  number: '1', name: 'mul backward', points: 1, set: 'public', kind: 'gradcheck',
  call: 'mul', backward: 'mulBackward', fixture: 'mul', tolerance: 1e-10, gradNames: ['dx', 'dw'],
};
const times = (a: Tensor, b: Tensor, k = 1) => tensor(Array.from(a.data, (v, i) => k * v * b.data[i]), [...a.shape]);

/** out = x * w entrywise; expected gradients written out by hand: dx = dout * w, dw = dout * x. */
function mulCase(seed: number): FixtureCase {
  const rng = new RandomState(seed);
  const x = rng.randn(3, 4);
  const w = rng.randn(3, 4);
  const dout = rng.randn(3, 4);
  return { name: `seed${seed}`, args: [x, w], dout, wrt: [0, 1], expected: [times(dout, w), times(dout, x)] };
}

async function check(mod: Module, cases = [mulCase(1), mulCase(2)], s = spec) {
  const requests: CallRequest[] = [];
  const ctx: CheckContext = {
    runner: { run: async (req) => (requests.push(req), perform(mod, req)) },
    cases, timeLimitMs: 5000, testLabel: '1 mul backward', forwards: new Set([s.call]),
  };
  return { verdicts: await runGradcheckCheck(s, ctx), requests };
}

const forward = (k: number) => (x: Tensor, w: Tensor) => [times(x, w, k), { x, w }];
const backward = (k: number) => (dout: Tensor, c: { x: Tensor; w: Tensor }) => [times(dout, c.w, k), times(dout, c.x, k)];

describe('gradient check: analytic against the reference', () => {
  it('passes a correct backward and takes no numerical gradient', async () => {
    const { verdicts, requests } = await check({ mul: forward(1), mulBackward: backward(1) });
    expect(verdicts.map((v) => [v.ok, verdictText(v)])).toEqual([[true, ''], [true, '']]);
    expect(requests.map((r) => r.kind)).toEqual(['backward', 'backward']);
  });

  it('passes a correct backward even when its forward is wrong (the forward test takes those points)', async () => {
    const { verdicts } = await check({ mul: forward(2), mulBackward: backward(1) });
    expect(verdicts.every((v) => v.ok)).toBe(true);
  });

  it('fails a backward that matches its own wrong forward, and says to fix the forward first', async () => {
    const { verdicts, requests } = await check({ mul: forward(2), mulBackward: backward(2) });
    expect(verdicts.some((v) => v.ok)).toBe(false);
    expect(verdictText(verdicts[0])).toMatch(/^dx: relative error .* exceeds 1e-10/);
    expect(verdictText(verdicts[0])).toMatch(/dx: relative error[^]*hint: off by a factor of 2/);
    expect(verdictText(verdicts[0])).toMatch(/your mulBackward agrees with the numerical gradient of your own mul .* fix its forward test first/);
    expect(requests.map((r) => r.kind)).toEqual(['backward', 'numeric-gradient', 'backward', 'numeric-gradient']);
  });

  it('returns the failure as data: the worst entries, the hint, the finding and the case\'s parameters', async () => {
    const { verdicts } = await check({ mul: forward(2), mulBackward: backward(2) });
    const [mismatch, ...rest] = verdicts[0].problems;
    expect(mismatch).toMatchObject({ kind: 'mismatch', label: 'dx', tolerance: 1e-10, hint: { kind: 'factor', factor: 2, reciprocal: false } });
    const worst = (mismatch as Extract<typeof mismatch, { kind: 'mismatch' }>).worst;
    expect(worst).toHaveLength(3);
    for (const w of worst) expect(w.actual).toBeCloseTo(2 * w.expected, 12);
    expect(rest.at(-1)).toMatchObject({ kind: 'gradient-explanation', call: 'mul', backward: 'mulBackward', finding: 'forward-differs' });
    expect(verdicts[0].params).toEqual([
      { name: 'argument 1', kind: 'tensor', shape: [3, 4] },
      { name: 'argument 2', kind: 'tensor', shape: [3, 4] },
    ]);
  });

  it('fails a wrong backward of a right forward, and says the backward is at fault', async () => {
    const wrongDw = (dout: Tensor, c: { x: Tensor; w: Tensor }) => [times(dout, c.w), times(dout, c.w)];
    const { verdicts } = await check({ mul: forward(1), mulBackward: wrongDw });
    expect(verdicts[0].ok).toBe(false);
    expect(verdictText(verdicts[0])).toMatch(/^dw: relative error/);
    expect(verdictText(verdicts[0])).not.toMatch(/\bdx:/);
    expect(verdictText(verdicts[0])).toMatch(/the forward is right and mulBackward is at fault/);
  });

  it('fails a backward that matches neither, showing the numerical values', async () => {
    const { verdicts } = await check({ mul: forward(2), mulBackward: backward(3) });
    expect(verdictText(verdicts[0])).toMatch(/matches neither the reference nor the numerical gradient of your own mul/);
    expect(verdictText(verdicts[0])).toMatch(/dx at \[\d+, \d+\]: yours .*, numerical gradient of your mul/);
  });

  it('rejects float32 gradients, as the forward check rejects float32 outputs', async () => {
    const f32 = (t: Tensor) => ({ data: Float32Array.from(t.data), shape: [...t.shape], stride: [...t.stride], offset: 0 });
    const { verdicts } = await check({ mul: forward(1), mulBackward: (d: Tensor, c: { x: Tensor; w: Tensor }) => backward(1)(d, c).map(f32) });
    expect(verdicts[0].ok).toBe(false);
    expect(verdictText(verdicts[0])).toMatch(/dx: expected float64 data \(Float64Array\), got float32/);
  });

  it('names a wrong shape and a missing gradient', async () => {
    const onlyDx = await check({ mul: forward(1), mulBackward: (d: Tensor, c: { x: Tensor; w: Tensor }) => [backward(1)(d, c)[0]] });
    expect(verdictText(onlyDx.verdicts[0])).toMatch(/mulBackward should return \[dx, dw\], got an array of length 1/);
    const flat = await check({ mul: forward(1), mulBackward: (d: Tensor, c: { x: Tensor; w: Tensor }) => backward(1)(d, c).map((g) => tensor(g.data, [12])) });
    expect(verdictText(flat.verdicts[0])).toMatch(/dx: expected shape \[3, 4\], got \[12\]/);
  });

  it('judges entries near zero against the tensor\'s scale: another summation order of a correct backward passes', async () => {
    // out = A x; dx = A^T dout. Each column of A is made so that its dx entry cancels to rounding noise,
    // which the reference (rows in ascending order) and the student (descending) round differently.
    const rng = new RandomState(5);
    const [M, N] = [40, 30];
    const dout = rng.randn(M);
    const A = rng.randn(M, N);
    for (let j = 0; j < N - 1; j++) {
      let s = 0;
      for (let i = 0; i < M - 1; i++) s += A.data[i * N + j] * dout.data[i];
      A.data[(M - 1) * N + j] = -s / dout.data[M - 1];
    }
    const dxWith = (order: number[]) => tensor(Array.from({ length: N }, (_, j) => order.reduce((s, i) => s + A.data[i * N + j] * dout.data[i], 0)), [N]);
    const up = Array.from({ length: M }, (_, i) => i);
    const expected = dxWith(up);
    const students = dxWith([...up].reverse());
    const courseFormula = Array.from(expected.data, (e, j) => Math.abs(e - students.data[j]) / Math.max(1e-8, Math.abs(e) + Math.abs(students.data[j])));
    expect(Math.max(...courseFormula)).toBeGreaterThan(1e-10); // the plain per-entry relative error would fail it
    const matvec = {
      apply: (a: Tensor, x: Tensor) => [tensor(up.map((i) => Array.from({ length: N }, (_, j) => a.data[i * N + j] * x.data[j]).reduce((s, v) => s + v, 0)), [M]), { a }],
      applyBackward: () => students,
    };
    const c: FixtureCase = { name: 'cancel', args: [rng.randn(N), A], dout, wrt: [0], expected: [expected] };
    const { verdicts } = await check(matvec, [c], { ...spec, call: 'apply', backward: 'applyBackward', gradNames: ['dx'] });
    expect(verdicts[0]).toMatchObject({ name: 'cancel', ok: true, problems: [] });
  });
});
