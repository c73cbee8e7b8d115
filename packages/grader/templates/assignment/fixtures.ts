// Fixture sets, made by the reference solution (docs/authoring.md). 'public' sets are committed under
// fixtures/<name>/public (`pnpm gradient fixtures <name>`); 'hidden' sets use other shapes and are generated at
// grading time from the instructor's seed (hidden-seed.json). Each set draws from its own seeded stream, ctx.rng.
import type { FixtureCase, FixtureContext, FixtureSets } from '@gradient/grader';
import * as ref from './reference';

/** x's shape and the layer's output width M; w is [D, M] with D the size of one example of x. */
interface AffineShape { name: string; x: number[]; m: number }
const inputSize = (s: AffineShape) => s.x.slice(1).reduce((a, b) => a * b, 1);

const forwardShapes: Record<FixtureContext['variant'], AffineShape[]> = {
  public: [
    { name: 'N2-D3-M4', x: [2, 3], m: 4 },
    { name: 'N3-2x2x3-M5', x: [3, 2, 2, 3], m: 5 }, // each example [2, 2, 3] flattened to D = 12
  ],
  hidden: [
    { name: 'N4-D5-M3', x: [4, 5], m: 3 },
    { name: 'N2-3x4-M6', x: [2, 3, 4], m: 6 },
    { name: 'N1-D7-M1', x: [1, 7], m: 1 },
  ],
};

// Backward sets lead with a case too large for a finite-difference "backward" to finish inside the 5 s call
// limit: two forwards per entry of x and w are ~49,000 forwards of 0.5 M multiply-adds, about 70 s at the 1.4 ms
// the correct sample's forward takes (measured on one core); see docs/tolerances.md.
const backwardShapes: Record<FixtureContext['variant'], AffineShape[]> = {
  public: [{ name: 'large-N32-D256-M64', x: [32, 256], m: 64 }, ...forwardShapes.public],
  hidden: [{ name: 'large-N24-16x20-M72', x: [24, 16, 20], m: 72 }, ...forwardShapes.hidden],
};

function affineForwardCases(ctx: FixtureContext): FixtureCase[] {
  return forwardShapes[ctx.variant].map((s) => {
    const x = ctx.rng.randn(...s.x);
    const w = ctx.rng.randn(inputSize(s), s.m);
    const b = ctx.rng.randn(s.m);
    return { name: s.name, args: [x, w, b], expected: ref.affineForward(x, w, b)[0] };
  });
}

function affineBackwardCases(ctx: FixtureContext): FixtureCase[] {
  return backwardShapes[ctx.variant].map((s) => {
    const x = ctx.rng.randn(...s.x);
    const w = ctx.rng.randn(inputSize(s), s.m);
    const b = ctx.rng.randn(s.m);
    const [out, cache] = ref.affineForward(x, w, b);
    const dout = ctx.rng.randn(...out.shape);
    // expected: the reference's gradients with respect to args 0, 1, 2, in the spec's gradNames order (dx, dw, db)
    return { name: s.name, args: [x, w, b], dout, wrt: [0, 1, 2], expected: ref.affineBackward(dout, cache) };
  });
}

const parameterQuestions: Record<FixtureContext['variant'], { D: number; M: number }[]> = {
  public: [{ D: 784, M: 10 }, { D: 3072, M: 100 }],
  hidden: [{ D: 4096, M: 1000 }, { D: 12, M: 1 }],
};

export const fixtureSets: FixtureSets = {
  affine_forward: affineForwardCases,
  affine_backward: affineBackwardCases,
  parameter_count: (ctx) =>
    parameterQuestions[ctx.variant].map((q) => ({ name: `D${q.D}-M${q.M}`, args: [q], expected: ref.parameterCount(q) })),
};
