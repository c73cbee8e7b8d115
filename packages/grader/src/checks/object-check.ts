import { relativeError } from '@gradient/tensor';
import { isTensor, type CaseValue, type FixtureCase } from '../fixtures/case';
import { tensorToWire, toWire } from '../fixtures/wire';
import type { CallOutcome, WireTensor, WireValue } from '../sandbox/protocol';
import { isSetStep, type MethodStep, type ObjectStep, type ObjectTestSpec } from '../spec/types';
import type { Tensor } from '@gradient/tensor';
import { STEP_SLACK } from '../credit';
import { countCorrect } from './accuracy';
import { compareTensor, compareValue, errorFloor } from './compare';
import { describeWire } from './describe';
import type { NumericEntry, Problem, WorstEntry } from './problem';
import { caseVerdict, failureVerdict, type CaseVerdict, type CheckContext, type StepVerdict } from './verdict';

/** As in gradcheck-check.ts: within this, a grad entry agrees with a numerical gradient; only explains, never scores. */
const CONSISTENT = 1e-5;
const FATAL = new Set(['timeout', 'memory', 'exited', 'load-failed', 'compile-failed']);

interface GradMismatch {
  name: string;
  worst: WorstEntry[];
}

interface StepJudgement {
  problems: Problem[];
  mismatches: GradMismatch[];
  gradErrors?: { name: string; relError: number }[];
  /** accuracy steps: the share of labels predicted right. */
  measured?: number;
}


const isRecord = (v: unknown): v is Record<string, WireValue> => v !== null && typeof v === 'object' && !Array.isArray(v) && !isTensor(v) && !('$tensor' in (v as object));

/** A { loss, grads } step: the loss with the test's tolerance, each grad by name with the gradient tolerance. */
function judgeLossAndGrads(spec: ObjectTestSpec, label: string, got: WireValue, reference: CaseValue): StepJudgement {
  const want = reference as { loss?: CaseValue; grads?: Record<string, CaseValue> };
  if (!isRecord(want) || !isRecord(want.grads)) throw new Error(`grader error: the expected value of ${label} is not a { loss, grads } record`);
  if (!isRecord(got)) return { problems: [{ kind: 'value', label, expected: 'a { loss, grads } record', got: describeWire(got) }], mismatches: [] };
  const judgement: StepJudgement = { problems: [], mismatches: [], gradErrors: [] };
  const loss = compareValue(`${label} loss`, got.loss ?? null, (want.loss ?? null) as CaseValue, spec.tolerance);
  if (!loss.ok) judgement.problems.push(loss.problem!);
  const grads = got.grads ?? null;
  if (!isRecord(grads)) {
    judgement.problems.push({ kind: 'value', label: `${label} grads`, expected: 'a record of tensors by parameter name', got: describeWire(grads) });
    return judgement;
  }
  const expected = Object.entries(want.grads as Record<string, CaseValue>);
  for (const [name, w] of expected) if (!isTensor(w)) throw new Error(`grader error: the expected grad ${name} of ${label} is not a tensor`);
  // one error floor for the whole record, from its largest gradient: a grad that is zero in exact arithmetic
  // (a bias feeding batchnorm) comes back as rounding noise on both sides, noise relative to the loss's other
  // grads, not to itself (docs/tolerances.md)
  const floor = Math.max(...expected.map(([, w]) => errorFloor((w as Tensor).data)));
  for (const [name, w] of expected) {
    const cmp = compareTensor(`${label} grads.${name}`, grads[name] ?? null, tensorToWire(w as Tensor), spec.gradTolerance ?? 1e-10, undefined, floor);
    judgement.gradErrors!.push({ name, relError: cmp.relError });
    if (cmp.ok) continue;
    judgement.problems.push(cmp.problem!);
    if (cmp.worst.length > 0) judgement.mismatches.push({ name, worst: cmp.worst });
  }
  return judgement;
}

/** A list of numbers from a 1-D tensor or an array of numbers; undefined for anything else. */
function numberList(v: WireValue | CaseValue): ArrayLike<number> | undefined {
  if (isTensor(v as CaseValue)) return (v as { data: Float64Array }).data;
  if (v !== null && typeof v === 'object' && '$tensor' in v) return (v as { shape: number[] }).shape.length === 1 ? (v as { data: Float64Array }).data : undefined;
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
}

/**
 * Predicted labels against the case step's true labels (kept in this process: the child never sees them).
 * Measures the accuracy; with atLeast, the step fails below it, else a credit formula turns it into points.
 */
function judgeAccuracy(step: MethodStep, label: string, got: WireValue, want: CaseValue): StepJudgement {
  const truth = numberList(want);
  if (truth === undefined) throw new Error(`grader error: the expected value of ${label} is not a list of true labels`);
  const predicted = numberList(got);
  if (predicted === undefined || predicted.length !== truth.length) {
    return { problems: [{ kind: 'value', label, expected: `${truth.length} predicted labels (an array, an Int32Array or a 1-D tensor)`, got: describeWire(got) }], mismatches: [] };
  }
  const correct = countCorrect(predicted, truth);
  const measured = correct / truth.length;
  // a ratio of counts one rounding error short of atLeast reaches it, as it reaches a credit formula's step
  const short = step.atLeast !== undefined && measured < step.atLeast - STEP_SLACK;
  return { problems: short ? [{ kind: 'accuracy', label, correct, total: truth.length, atLeast: step.atLeast! }] : [], mismatches: [], measured };
}

function judgeStep(spec: ObjectTestSpec, step: MethodStep, label: string, got: WireValue, want: CaseValue): StepJudgement {
  if (step.returns === 'none') return { problems: [], mismatches: [] };
  if (step.returns === 'loss-and-grads') return judgeLossAndGrads(spec, label, got, want);
  if (step.returns === 'accuracy') return judgeAccuracy(step, label, got, want);
  const cmp = compareValue(label, got, want, spec.tolerance);
  return { problems: cmp.ok ? [] : [cmp.problem!], mismatches: [] };
}

interface Explained {
  problem: Problem;
  /** The explaining call killed the process, and the instance with it. */
  fatal: boolean;
}

/**
 * Why grads differ from the reference's: the numerical gradient of the student's own loss at the worst
 * entries of each mismatched parameter tells a wrong gradient from a right gradient of a wrong loss.
 * Runs the step's method again on the instance as the step left it, so it suits methods that do not change it.
 */
async function explain(spec: ObjectTestSpec, step: MethodStep, args: WireValue[], handle: string, mismatches: GradMismatch[], ctx: CheckContext, id: string): Promise<Explained> {
  const call = `${spec.class}.${step.method}`;
  const entries: NumericEntry[] = [];
  let matchesYours = true;
  let matchesReference = true;
  for (const m of mismatches) {
    const outcome = await ctx.runner.run({
      kind: 'param-gradient', id: `${id} (explaining ${m.name})`, fn: spec.class, handle, method: step.method, args, param: m.name,
      entries: m.worst.map((w) => w.flat), h: spec.h ?? 1e-5, timeLimitMs: ctx.timeLimitMs,
    });
    if (!outcome.ok) return { problem: { kind: 'gradient-explanation-failed', call, message: outcome.message }, fatal: FATAL.has(outcome.failure) };
    const numeric = (outcome.value as WireTensor).data;
    m.worst.forEach((w, i) => {
      if (relativeError(w.actual, numeric[i]) > CONSISTENT) matchesYours = false;
      if (relativeError(w.expected, numeric[i]) > CONSISTENT) matchesReference = false;
      entries.push({ grad: m.name, index: w.index, yours: w.actual, numeric: numeric[i] });
    });
  }
  const finding = matchesYours ? 'forward-differs' : matchesReference ? 'backward-wrong' : 'neither';
  return { problem: { kind: 'gradient-explanation', call, backward: `${call} grads`, finding, entries }, fatal: false };
}

/** How a step is named in verdicts: its method, or "set params". */
const stepName = (step: ObjectStep): string => (isSetStep(step) ? `set ${step.set}` : step.method);

const notRun = (step: ObjectStep): StepVerdict => ({ method: stepName(step), ran: false, ok: false, problems: [] });

function lostInstance(spec: ObjectTestSpec, steps: StepVerdict[], why: string): Problem {
  const skipped = steps.filter((s) => !s.ran).map((s) => s.method);
  return {
    kind: 'failure', failure: 'not-run',
    message: `steps not run (${skipped.join(', ')}): the ${spec.class} instance was lost when ${why} stopped the process running your code`,
  };
}

/** One case: construct the instance, run the steps in order on it, judge each step against the reference's value. */
async function runCase(spec: ObjectTestSpec, c: FixtureCase, ctx: CheckContext): Promise<CaseVerdict> {
  const id = `${ctx.testLabel} [case ${c.name}]`;
  const cases = c.steps ?? [];
  if (cases.length !== spec.steps.length) throw new Error(`fixture case ${c.name} of ${spec.fixture} has ${cases.length} steps; the spec declares ${spec.steps.length}`);
  const handle = id;
  const constructed: CallOutcome = await ctx.runner.run({
    kind: 'construct', id: `${id} new ${spec.class}`, fn: spec.class, handle, timeLimitMs: ctx.timeLimitMs,
    args: spec.args !== undefined ? (spec.args as WireValue[]) : c.args.map(toWire),
  });
  if (!constructed.ok) {
    const v = failureVerdict(c, constructed);
    return { ...v, steps: spec.steps.map(notRun) };
  }
  const steps: StepVerdict[] = spec.steps.map(notRun);
  const problems: Problem[] = [];
  let fatal = false;
  let measured: number | undefined;
  for (const [k, step] of spec.steps.entries()) {
    const label = isSetStep(step) ? `step ${k + 1} setting ${spec.class}.${step.set}` : `step ${k + 1} ${spec.class}.${step.method}`;
    const args = cases[k].args.map(toWire);
    const outcome = await ctx.runner.run(isSetStep(step)
      ? { kind: 'assign', id: `${id} ${label}`, fn: spec.class, handle, field: step.set, args, timeLimitMs: ctx.timeLimitMs }
      : {
        kind: 'method', id: `${id} ${label}`, fn: spec.class, handle, method: step.method, args, timeLimitMs: ctx.timeLimitMs,
        returns: step.returns === 'none' ? 'none' : step.returns === 'accuracy' ? 'labels' : 'value',
      });
    if (!outcome.ok) {
      steps[k] = { method: stepName(step), ran: true, ok: false, problems: [{ kind: 'failure', failure: outcome.failure, message: `${label}: ${outcome.message}` }] };
      problems.push(...steps[k].problems);
      if (FATAL.has(outcome.failure)) {
        fatal = true;
        if (k + 1 < spec.steps.length) problems.push(lostInstance(spec, steps, label));
        break;
      }
      continue;
    }
    if (isSetStep(step)) {
      steps[k] = { method: stepName(step), ran: true, ok: true, problems: [] };
      continue;
    }
    const judged = judgeStep(spec, step, label, outcome.value as WireValue, cases[k].expected);
    if (judged.measured !== undefined) measured = judged.measured;
    if (judged.mismatches.length > 0) {
      const explained = await explain(spec, step, args, handle, judged.mismatches, ctx, `${id} ${label}`);
      judged.problems.push(explained.problem);
      fatal = explained.fatal;
    }
    steps[k] = { method: stepName(step), ran: true, ok: judged.problems.length === 0, problems: judged.problems, ...(judged.gradErrors ? { gradErrors: judged.gradErrors } : {}) };
    problems.push(...judged.problems);
    if (fatal) {
      if (k + 1 < spec.steps.length) problems.push(lostInstance(spec, steps, `explaining ${label}`));
      break;
    }
  }
  return { ...caseVerdict(c, problems), steps, ...(fatal ? { fatal } : {}), ...(measured !== undefined ? { measured } : {}) };
}

/**
 * Stateful objects: per fixture case, one instance of the student's class and the spec's steps called
 * on it in order, each compared with the reference's value for that step. A { loss, grads } step
 * compares grads by parameter name with the gradient tolerance; numerical gradients only explain.
 */
export async function runObjectCheck(spec: ObjectTestSpec, ctx: CheckContext): Promise<CaseVerdict[]> {
  const verdicts: CaseVerdict[] = [];
  for (const c of ctx.cases) {
    verdicts.push(await runCase(spec, c, ctx));
    if (verdicts.at(-1)!.fatal) break;
  }
  return verdicts;
}
