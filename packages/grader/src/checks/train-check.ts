// train tests: the student's own model, trained by the grader. Two calls run in the student's process and send
// back data only: the builder's topology (as for a structure test) and the training settings. From there on
// only trusted code runs: the trainer process rebuilds the model from tfjs's built-in layer classes, trains it
// within the test's budget and evaluates it on a held-out set whose labels never reach the child.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toWire } from '../fixtures/wire';
import type { WireValue } from '../sandbox/protocol';
import type { TrainTestSpec } from '../spec/types';
import { checkTrainingSettings, type TrainingSettings } from '../training/settings';
import { runTrainer } from '../training/run-trainer';
import type { TrainerJob, TrainerReply } from '../training/trainer-job';
import { readModelReply } from './structure-check';
import type { TrainingRecord } from './problem';
import { caseVerdict, failureVerdict, type CaseVerdict, type CheckContext } from './verdict';

const DEFAULT_CLASSES = 10;

/**
 * Training runs by job (topology, settings, seed, data, budget): a run is a function of its job on one backend,
 * so every submission of a batch compares with one fixed-model training, and identical submissions train once.
 */
const runs = new Map<string, Promise<TrainerReply>>();

function trainOnce(job: TrainerJob): Promise<TrainerReply> {
  const key = JSON.stringify(job);
  let run = runs.get(key);
  if (run === undefined) {
    run = runTrainer(job);
    runs.set(key, run);
    // a failed run (a crash, a timeout under load) is tried again by the next submission that asks
    void run.then((r) => {
      if (!r.ok && !r.refused) runs.delete(key);
    });
  }
  return run;
}

function trainedOrThrow(reply: TrainerReply, what: string): Extract<TrainerReply, { ok: true }> {
  if (reply.ok) return reply;
  // the trainer's own failure, or a baseline the trainer refuses: the instructor's problem, never a student's 0
  throw new Error(`grader error: training ${what} failed: ${reply.message}`);
}

function baselineRun(spec: TrainTestSpec, job: TrainerJob, dir: string): Promise<TrainerReply> {
  return trainOnce({ ...job, topology: readFileSync(join(dir, spec.baseline!), 'utf8') });
}

/**
 * spec B: a higher final accuracy than the fixed model, or the fixed model's final accuracy reached in fewer epochs
 * than the fixed model itself took to first reach it (a plateau is not a head start).
 */
export function beatsBaseline(yours: number[], baseline: number[]): boolean {
  if (baseline.length === 0) return false;
  const target = baseline[baseline.length - 1];
  if ((yours.at(-1) ?? -1) > target) return true;
  const reached = yours.findIndex((a) => a >= target);
  return reached >= 0 && reached < baseline.findIndex((a) => a >= target);
}

export async function runTrainCheck(spec: TrainTestSpec, ctx: CheckContext): Promise<CaseVerdict[]> {
  const c = ctx.cases[0];
  const id = `${ctx.testLabel} [${c.name}]`;
  const built = await ctx.runner.run({ kind: 'topology', id, fn: spec.call, args: c.args.map(toWire), timeLimitMs: ctx.timeLimitMs });
  if (!built.ok) return [failureVerdict(c, built)];
  const model = readModelReply(spec.call, built.value as WireValue);
  if ('problem' in model) return [caseVerdict(c, [model.problem])];
  const asked = await ctx.runner.run({ kind: 'call', id: `${id} settings`, fn: spec.settings, args: [], timeLimitMs: ctx.timeLimitMs });
  if (!asked.ok) return [failureVerdict(c, asked)];
  const checked = checkTrainingSettings(asked.value as WireValue, spec.settings);
  if ('problems' in checked) {
    return [caseVerdict(c, checked.problems.map((p) => ({ kind: 'value', label: `the settings ${spec.settings}() returned`, expected: 'valid training settings', got: p })))];
  }
  // nothing of the student's runs after this point
  const dir = ctx.assignmentDir;
  if (dir === undefined) throw new Error(`grader error: ${ctx.testLabel} trains on the assignment's data, but no assignment folder was given`);
  const job = trainerJob(spec, model.topology, checked.settings, dir);
  const [reply, baseline] = await Promise.all([trainOnce(job), spec.baseline ? baselineRun(spec, job, dir) : undefined]);
  if (!reply.ok && reply.refused) return [caseVerdict(c, [{ kind: 'training-refused', message: reply.message }])];
  const trained = trainedOrThrow(reply, 'the submitted model');
  const accuracies = trained.history.map((e) => e.evalAccuracy);
  const training: TrainingRecord = {
    backend: trained.backend, params: trained.params, accuracies, epochsAllowed: Math.min(checked.settings.epochs, spec.budget.epochs),
    stoppedBy: trained.stoppedBy, seconds: trained.seconds,
  };
  const final = accuracies.at(-1) ?? 0;
  if (baseline === undefined) return [{ ...caseVerdict(c, []), measured: final, training }];
  const fixed = trainedOrThrow(baseline, `the fixed model (${spec.baseline})`).history.map((e) => e.evalAccuracy);
  training.baseline = fixed;
  const problems = beatsBaseline(accuracies, fixed) ? [] : [{ kind: 'baseline' as const, accuracy: final, epochs: accuracies.length, baselineAccuracy: fixed.at(-1) ?? 0, baselineEpochs: fixed.length }];
  return [{ ...caseVerdict(c, problems), training }];
}

function trainerJob(spec: TrainTestSpec, topology: string, settings: TrainingSettings, dir: string): TrainerJob {
  return { topology, settings, seed: spec.seed ?? 0, data: spec.data, classes: spec.classes ?? DEFAULT_CLASSES, budget: spec.budget, assignmentDir: dir };
}
