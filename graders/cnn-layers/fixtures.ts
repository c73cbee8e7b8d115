// Fixture sets for cnn-layers, made by the reference solution. 'public' sets are committed under
// fixtures/cnn-layers/public; 'hidden' sets use other shapes and are generated at grading time.
import { map, type RandomState, type Tensor } from '@gradient/tensor';
import type { FixtureCase, FixtureContext, FixtureSets } from '@gradient/grader';
import * as ref from './reference';

/** Public and hidden variants of one list (the hidden one with other shapes). */
interface ByVariant<T> { public: T[]; hidden: T[] }
const byVariant = <T>(pub: T[], hidden: T[]): ByVariant<T> => ({ public: pub, hidden });
const pick = <T>(lists: ByVariant<T>, ctx: FixtureContext): T[] => lists[ctx.variant];

interface ConvShape { name: string; x: number[]; w: number[]; stride: number; pad: number }
const convForwardShapes = byVariant<ConvShape>(
  [
    { name: 's1-p1', x: [2, 5, 6, 3], w: [3, 3, 3, 4], stride: 1, pad: 1 },
    { name: 's2-p0-rect-filter', x: [1, 7, 5, 2], w: [3, 2, 2, 3], stride: 2, pad: 0 },
    { name: 's2-p2-C1', x: [3, 6, 6, 1], w: [4, 4, 1, 2], stride: 2, pad: 2 },
  ],
  [
    { name: 's1-p2-F5x3', x: [4, 9, 7, 3], w: [5, 3, 3, 5], stride: 1, pad: 2 },
    { name: 's2-p0-F2', x: [2, 8, 8, 2], w: [2, 2, 2, 3], stride: 2, pad: 0 },
    { name: 's3-p1-N1-C1', x: [1, 10, 6, 1], w: [3, 3, 1, 1], stride: 3, pad: 1 },
  ],
);
// Backward sets lead with a case too large for a finite-difference "backward" to finish inside the
// call's time limit (it needs two forwards per input entry); see docs/tolerances.md. The others have
// non-square filters and sizes that the stride does not divide (H + 2p - FH = 5 at stride 2), so a dx
// sized from the output shape, or FH and FW swapped, cannot pass.
const convBackwardShapes = byVariant<ConvShape>(
  [
    { name: 'large-s1-p1', x: [2, 24, 24, 16], w: [3, 3, 16, 16], stride: 1, pad: 1 },
    { name: 's1-p1', x: [2, 5, 5, 3], w: [3, 3, 3, 2], stride: 1, pad: 1 },
    { name: 's2-p0-rect-uneven', x: [1, 7, 6, 2], w: [2, 3, 2, 3], stride: 2, pad: 0 },
  ],
  [
    { name: 'large-s1-p1-F3x5', x: [2, 22, 21, 16], w: [3, 5, 16, 16], stride: 1, pad: 1 },
    { name: 's1-p2-F5x3', x: [2, 6, 4, 2], w: [5, 3, 2, 3], stride: 1, pad: 2 },
    { name: 's3-p1-N3-uneven', x: [3, 8, 7, 1], w: [3, 2, 1, 2], stride: 3, pad: 1 },
  ],
);

/** Entries per large elementwise/pooling backward case: 2 x 65536 forwards of 65536 entries each is far past any time limit. */
const LARGE = [4, 32, 32, 16];
const LARGE_HIDDEN = [8, 32, 16, 16];

interface PoolShape { name: string; x: number[]; size: number; stride: number; ties?: boolean }
const poolShapes = byVariant<PoolShape>(
  [
    { name: 'size2-s2', x: [2, 6, 6, 3], size: 2, stride: 2 },
    { name: 'size3-s2-overlap', x: [1, 7, 5, 2], size: 3, stride: 2 },
    { name: 'size2-s2-ties', x: [2, 4, 6, 2], size: 2, stride: 2, ties: true },
  ],
  [
    { name: 'size2-s2-rect', x: [3, 8, 6, 2], size: 2, stride: 2 },
    { name: 'size3-s3-C1', x: [2, 9, 9, 1], size: 3, stride: 3 },
    { name: 'size2-s1', x: [1, 5, 4, 4], size: 2, stride: 1 },
    { name: 'size3-s2-ties-overlap', x: [2, 7, 7, 2], size: 3, stride: 2, ties: true },
  ],
);
const poolBackwardShapes = byVariant<PoolShape>(
  [{ name: 'large-size2-s2-ties', x: LARGE, size: 2, stride: 2, ties: true }, ...poolShapes.public],
  [{ name: 'large-size2-s2-ties', x: LARGE_HIDDEN, size: 2, stride: 2, ties: true }, ...poolShapes.hidden],
);

/** Small integers: most pooling windows hold several equal maxima, so the first-max rule is tested. */
function withTies(rng: RandomState, shape: number[]): Tensor {
  return map(rng.randint(0, 4, shape) as Tensor, (v) => v - 1.5);
}

/** Every seventh entry exactly 0: relu's gradient there is 0, and a `>=` in place of `>` shows. */
function withZeros(t: Tensor): Tensor {
  let i = 0;
  return map(t, (v) => (i++ % 7 === 0 ? 0 : v));
}

const seedFrom = (rng: RandomState) => rng.randint(0, 2 ** 31) as number;

function convForwardCases(ctx: FixtureContext): FixtureCase[] {
  return pick(convForwardShapes, ctx).map((s) => {
    const x = ctx.rng.randn(...s.x);
    const w = ctx.rng.randn(...s.w);
    const b = ctx.rng.randn(s.w[3]);
    const params = { stride: s.stride, pad: s.pad };
    return { name: s.name, args: [x, w, b, params], expected: ref.convolution(x, w, b, params)[0] };
  });
}

function convBackwardCases(ctx: FixtureContext): FixtureCase[] {
  return pick(convBackwardShapes, ctx).map((s) => {
    const x = ctx.rng.randn(...s.x);
    const w = ctx.rng.randn(...s.w);
    const b = ctx.rng.randn(s.w[3]);
    const params = { stride: s.stride, pad: s.pad };
    const [out, cache] = ref.convolution(x, w, b, params);
    const dout = ctx.rng.randn(...out.shape);
    return { name: s.name, args: [x, w, b, params], dout, wrt: [0, 1, 2], expected: ref.convolutionBackward(dout, cache) };
  });
}

function grayscaleCases(ctx: FixtureContext): FixtureCase[] {
  // non-square filters: a centre found with FH and FW swapped lands elsewhere
  const shapes = ctx.variant === 'public' ? [[3, 3, 3, 4], [3, 5, 3, 2]] : [[5, 5, 3, 2], [1, 1, 3, 3], [5, 3, 3, 3]];
  return shapes.map((shape) => {
    const w = ctx.rng.randn(...shape);
    return { name: `F${shape[0]}-Cout${shape[3]}`, args: [w], expected: ref.grayscaleFilter(w) };
  });
}

function reluForwardCases(ctx: FixtureContext): FixtureCase[] {
  const shape = ctx.variant === 'public' ? [3, 4, 5, 2] : [2, 7, 3, 4];
  const x = ctx.rng.randn(...shape);
  return [{ name: `N${shape[0]}`, args: [x], expected: ref.relu(x)[0] }];
}

function reluBackwardCases(ctx: FixtureContext): FixtureCase[] {
  const shapes = ctx.variant === 'public' ? [LARGE, [2, 4, 4, 3]] : [LARGE_HIDDEN, [3, 5, 2, 2]];
  return shapes.map((shape, i) => {
    const x = withZeros(ctx.rng.randn(...shape));
    const [out, cache] = ref.relu(x);
    const dout = ctx.rng.randn(...out.shape);
    return { name: `${i === 0 ? 'large-' : ''}N${shape[0]}-zeros`, args: [x], dout, wrt: [0], expected: [ref.reluBackward(dout, cache)] };
  });
}

function poolInput(ctx: FixtureContext, s: PoolShape): Tensor {
  return s.ties ? withTies(ctx.rng, s.x) : ctx.rng.randn(...s.x);
}

function poolForwardCases(ctx: FixtureContext): FixtureCase[] {
  return pick(poolShapes, ctx).map((s) => {
    const x = poolInput(ctx, s);
    const params = { size: s.size, stride: s.stride };
    return { name: s.name, args: [x, params], expected: ref.maxpool(x, params)[0] };
  });
}

function poolBackwardCases(ctx: FixtureContext): FixtureCase[] {
  return pick(poolBackwardShapes, ctx).map((s) => {
    const x = poolInput(ctx, s);
    const params = { size: s.size, stride: s.stride };
    const [out, cache] = ref.maxpool(x, params);
    const dout = ctx.rng.randn(...out.shape);
    return { name: s.name, args: [x, params], dout, wrt: [0], expected: [ref.maxpoolBackward(dout, cache)] };
  });
}

// p = 0 keeps every unit (and still draws one sample per unit)
const dropoutShapes = byVariant(
  [{ shape: [4, 5, 6, 2], p: 0.3 }, { shape: [2, 3, 4, 2], p: 0 }],
  [{ shape: [3, 7, 7, 3], p: 0.6 }, { shape: [1, 4, 4, 1], p: 0.1 }, { shape: [2, 2, 5, 3], p: 0 }],
);
const dropoutBackwardShapes = byVariant(
  [{ shape: LARGE, p: 0.3 }, ...dropoutShapes.public],
  [{ shape: LARGE_HIDDEN, p: 0.5 }, ...dropoutShapes.hidden],
);

function dropoutCases(mode: 'train' | 'test') {
  return (ctx: FixtureContext): FixtureCase[] =>
    pick(dropoutShapes, ctx).map(({ shape, p }) => {
      const x = ctx.rng.randn(...shape);
      const rng = { $rng: seedFrom(ctx.rng) };
      const stored = { p, mode, rng };
      const [out] = ref.dropout(x, { p, mode, rng: ctx.rngFor(rng.$rng) });
      return { name: `p${p}-${mode}`, args: [x, stored], expected: out };
    });
}

function dropoutBackwardCases(ctx: FixtureContext): FixtureCase[] {
  return pick(dropoutBackwardShapes, ctx).map(({ shape, p }, i) => {
    const x = ctx.rng.randn(...shape);
    const rng = { $rng: seedFrom(ctx.rng) };
    const [out, cache] = ref.dropout(x, { p, mode: 'train', rng: ctx.rngFor(rng.$rng) });
    const dout = ctx.rng.randn(...out.shape);
    return { name: `${i === 0 ? 'large-' : ''}p${p}-train`, args: [x, { p, mode: 'train', rng }], dout, wrt: [0], expected: [ref.dropoutBackward(dout, cache)] };
  });
}

const shapeQuestions = byVariant(
  [{ W: 32, H: 32, F: 5, Z: 2, S: 1, N: 16 }, { W: 227, H: 227, F: 11, Z: 0, S: 4, N: 96 }],
  [{ W: 65, H: 49, F: 3, Z: 1, S: 2, N: 8 }, { W: 28, H: 20, F: 5, Z: 0, S: 1, N: 6 }, { W: 13, H: 13, F: 3, Z: 1, S: 1, N: 384 }],
);
const paramQuestions = byVariant(
  [{ M: 28, C: 1, F: 5, N: 32, Z: 0, S: 1, K1: 128, K2: 10 }],
  [{ M: 32, C: 3, F: 3, N: 16, Z: 1, S: 1, K1: 64, K2: 10 }, { M: 65, C: 3, F: 7, N: 8, Z: 3, S: 2, K1: 256, K2: 100 }],
);

export const fixtureSets: FixtureSets = {
  conv_forward: convForwardCases,
  conv_backward: convBackwardCases,
  grayscale: grayscaleCases,
  relu_forward: reluForwardCases,
  relu_backward: reluBackwardCases,
  maxpool_forward: poolForwardCases,
  maxpool_backward: poolBackwardCases,
  dropout_train: dropoutCases('train'),
  dropout_test: dropoutCases('test'),
  dropout_backward: dropoutBackwardCases,
  conv_output_shape: (ctx) => pick(shapeQuestions, ctx).map((q, i) => ({ name: `q${i + 1}`, args: [q], expected: ref.convOutputShape(q) })),
  trainable_parameters: (ctx) => pick(paramQuestions, ctx).map((q, i) => ({ name: `q${i + 1}`, args: [q], expected: ref.trainableParameters(q) })),
};
