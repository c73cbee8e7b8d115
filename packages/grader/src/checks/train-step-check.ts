// train-step tests: the student's training step ran in the child (sandbox/child/train-step.ts) on the case's
// model, weights and batch; its losses and the weights it left are compared here with the reference's.
// Weights are judged by their update (after - before): an optimizer step moves each weight by about the learning
// rate, so comparing the weights themselves would hide a wrong step inside the weights' own size.
import { isTensor, type CaseValue, type FixtureCase } from '../fixtures/case';
import { tensorToWire, toWire } from '../fixtures/wire';
import type { WireTensor, WireValue } from '../sandbox/protocol';
import type { TrainStepTestSpec } from '../spec/types';
import { compareTensor, compareValue, errorFloor } from './compare';
import { describeWire } from './describe';
import type { Problem } from './problem';
import { caseVerdict, failureVerdict, type CaseVerdict, type CheckContext } from './verdict';

interface StepCaseArgs {
  weights: CaseValue[];
  steps: number;
  weightNames?: string[];
}

const isRecord = (v: unknown): v is Record<string, WireValue> => v !== null && typeof v === 'object' && !Array.isArray(v);

function minus(a: WireTensor, b: WireTensor): WireTensor {
  const data = new Float64Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = a.data[i] - b.data[i];
  return { $tensor: true, shape: a.shape, data };
}

function compareStep(spec: TrainStepTestSpec, c: FixtureCase, got: WireValue): Problem[] {
  const args = c.args[0] as unknown as StepCaseArgs;
  const want = c.expected as unknown as { losses: number[]; weights: CaseValue[] };
  if (!isRecord(got) || !Array.isArray(got.losses) || !Array.isArray(got.weights)) {
    return [{ kind: 'value', label: 'the training step', expected: 'losses and weights', got: describeWire(got) }];
  }
  const problems: Problem[] = [];
  if (got.losses.length !== want.losses.length) {
    problems.push({ kind: 'value', label: 'the losses of the steps', expected: `${want.losses.length} numbers`, got: `${got.losses.length}` });
  } else {
    want.losses.forEach((loss, s) => {
      const cmp = compareValue(`loss of step ${s + 1}`, (got.losses as WireValue[])[s], loss, spec.tolerance);
      if (!cmp.ok) problems.push(cmp.problem!);
    });
  }
  if (got.weights.length !== want.weights.length) {
    problems.push({ kind: 'value', label: 'model.getWeights() after the steps', expected: `${want.weights.length} tensors`, got: `${got.weights.length}` });
    return problems;
  }
  for (let k = 0; k < want.weights.length; k++) {
    const before = args.weights[k];
    const wanted = want.weights[k];
    if (!isTensor(before) || !isTensor(wanted)) throw new Error(`grader error: weight ${k + 1} of case ${c.name} is not a tensor`);
    const start = tensorToWire(before);
    const label = `update of weight ${k + 1}${args.weightNames?.[k] ? ` (${args.weightNames[k]})` : ''}`;
    const gotK = got.weights[k];
    const wantUpdate = minus(tensorToWire(wanted), start);
    const cmp = compareTensor(label, isTensorWire(gotK, start) ? minus(gotK, start) : gotK, wantUpdate, spec.tolerance, undefined, errorFloor(wantUpdate.data));
    if (!cmp.ok) problems.push(cmp.problem!);
  }
  return problems;
}

function isTensorWire(v: WireValue, like: WireTensor): v is WireTensor {
  return isRecord(v) && v.$tensor === true && (v.data as unknown) instanceof Float64Array && (v.data as unknown as Float64Array).length === like.data.length;
}

export async function runTrainStepCheck(spec: TrainStepTestSpec, ctx: CheckContext): Promise<CaseVerdict[]> {
  const verdicts: CaseVerdict[] = [];
  for (const c of ctx.cases) {
    const outcome = await ctx.runner.run({
      kind: 'train-step', id: `${ctx.testLabel} [${c.name}]`, fn: spec.call, ...(spec.optimizer ? { optimizer: spec.optimizer } : {}),
      args: c.args.map(toWire), timeLimitMs: ctx.timeLimitMs,
    });
    if (!outcome.ok) {
      verdicts.push(failureVerdict(c, outcome));
      if (verdicts.at(-1)!.fatal) break;
      continue;
    }
    verdicts.push(caseVerdict(c, compareStep(spec, c, outcome.value as WireValue)));
  }
  return verdicts;
}
