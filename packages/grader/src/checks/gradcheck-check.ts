import { relativeError } from '@gradient/tensor';
import { isTensor, type FixtureCase } from '../fixtures/case';
import { isWireTensor, tensorToWire, toWire } from '../fixtures/wire';
import type { BackwardValue, WireTensor, WireValue } from '../sandbox/protocol';
import type { GradcheckTestSpec } from '../spec/types';
import { compareTensor } from './compare';
import { describeWire } from './describe';
import type { NumericEntry, Problem, WorstEntry } from './problem';
import { caseVerdict, failureVerdict, type CaseVerdict, type CheckContext } from './verdict';

/**
 * Within this relative error, a student's analytic entry counts as consistent with the numerical
 * gradient of their own forward. Centered differences with h = 1e-5 are accurate to ~1e-10 on smooth
 * functions; this only chooses between two explanations and never scores.
 */
const CONSISTENT = 1e-5;

interface Mismatch {
  /** Position in wrt and gradNames. */
  k: number;
  name: string;
  analytic: WireTensor;
  worst: WorstEntry[];
}

interface Judgement {
  problems: Problem[];
  mismatches: Mismatch[];
}

/** The student's gradients against the reference's analytic gradients at the same inputs. */
function judgeGrads(spec: GradcheckTestSpec, c: FixtureCase, returned: WireValue): Judgement {
  const wrt = c.wrt ?? [0];
  const expected = (Array.isArray(c.expected) ? c.expected : [c.expected]).filter(isTensor).map(tensorToWire);
  // a single-input backward (relu, dropout) may return dx itself instead of [dx]
  const grads: WireValue = wrt.length === 1 && isWireTensor(returned) ? [returned] : returned;
  if (!Array.isArray(grads) || grads.length !== wrt.length) {
    return { problems: [{ kind: 'returned', fn: spec.backward, gradNames: wrt.length === 1 ? spec.gradNames.slice(0, 1) : [...spec.gradNames], got: describeWire(returned) }], mismatches: [] };
  }
  const first = c.args[0];
  const batch = isTensor(first) ? first.shape[0] : undefined;
  const judgement: Judgement = { problems: [], mismatches: [] };
  grads.forEach((g, k) => {
    const name = spec.gradNames[k] ?? `grad ${k}`;
    const cmp = compareTensor(name, g, expected[k], spec.tolerance, batch);
    if (cmp.ok) return;
    judgement.problems.push(cmp.problem!);
    if (cmp.worst.length > 0) judgement.mismatches.push({ k, name, analytic: g as WireTensor, worst: cmp.worst });
  });
  return judgement;
}

/**
 * Why a backward differs from the reference: the numerical gradient of the student's own forward
 * at the worst entries tells a wrong backward from a right backward of a wrong forward.
 */
async function explain(spec: GradcheckTestSpec, c: FixtureCase, mismatches: Mismatch[], ctx: CheckContext, id: string): Promise<Problem> {
  const wrt = c.wrt ?? [0];
  const outcome = await ctx.runner.run({
    kind: 'numeric-gradient', id: `${id} (explaining)`, fn: spec.call, args: c.args.map(toWire), dout: tensorToWire(c.dout!),
    wrt: mismatches.map((m) => wrt[m.k]), entries: mismatches.map((m) => m.worst.map((w) => w.flat)), h: spec.h ?? 1e-5,
    timeLimitMs: ctx.timeLimitMs,
  });
  if (!outcome.ok) return { kind: 'gradient-explanation-failed', call: spec.call, message: outcome.message };
  const numeric = outcome.value as WireTensor[];
  const entries: NumericEntry[] = [];
  let matchesYours = true;
  let matchesReference = true;
  mismatches.forEach((m, j) => {
    m.worst.forEach((w, i) => {
      const n = numeric[j].data[i];
      if (relativeError(w.actual, n) > CONSISTENT) matchesYours = false;
      if (relativeError(w.expected, n) > CONSISTENT) matchesReference = false;
      entries.push({ grad: m.name, index: w.index, yours: w.actual, numeric: n });
    });
  });
  const finding = matchesYours ? 'forward-differs' : matchesReference ? 'backward-wrong' : 'neither';
  return { kind: 'gradient-explanation', call: spec.call, backward: spec.backward, finding, entries };
}

/**
 * Backward passes: the student's analytic gradients against the reference's analytic gradients at
 * the same inputs (docs/tolerances.md). Numerical gradients only explain a failure.
 */
export async function runGradcheckCheck(spec: GradcheckTestSpec, ctx: CheckContext): Promise<CaseVerdict[]> {
  const verdicts: CaseVerdict[] = [];
  for (const c of ctx.cases) {
    if (!c.dout) throw new Error(`fixture case ${c.name} of ${spec.fixture} has no dout`);
    const id = `${ctx.testLabel} [case ${c.name}]`;
    const outcome = await ctx.runner.run({
      kind: 'backward', id, fn: spec.call, backward: spec.backward, args: c.args.map(toWire), dout: tensorToWire(c.dout), timeLimitMs: ctx.timeLimitMs,
    });
    if (!outcome.ok) {
      verdicts.push(failureVerdict(c, outcome, outcome.failure === 'timeout'));
      if (verdicts.at(-1)!.fatal) break;
      continue;
    }
    const { problems, mismatches } = judgeGrads(spec, c, (outcome.value as BackwardValue).grads);
    if (mismatches.length > 0) problems.push(await explain(spec, c, mismatches, ctx, id));
    verdicts.push(caseVerdict(c, problems));
  }
  return verdicts;
}
