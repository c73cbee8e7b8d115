import type { CallOutcome, CallRequest } from '../sandbox/protocol';
import type { FixtureCase } from '../fixtures/case';
import { caseParams } from './case-params';
import type { CaseParam, Problem, TrainingRecord } from './problem';

/** The result of one fixture case of one test: data only, worded by render/verdict-text.ts and render/html-verdict.ts. */
export interface CaseVerdict {
  name: string;
  ok: boolean;
  /** Why the case failed, in order; empty when ok. */
  problems: Problem[];
  /** The case's inputs as a report shows them: tensor shapes, stride, pad (from the fixture case's args). */
  params: CaseParam[];
  /** Set when the child died (timeout, memory, exit): the remaining cases of the test are skipped. */
  fatal?: boolean;
  /** What the case measured (an accuracy), scored by the test's credit formula when it has one (score.ts). */
  measured?: number;
  /** object tests: each step's own result, in the spec's order; `problems` holds them all, step-labelled. */
  steps?: StepVerdict[];
  /** train tests: what the trusted trainer did, shown whether the case passed or not. */
  training?: TrainingRecord;
}

export interface StepVerdict {
  method: string;
  /** false: not run, because construction or an earlier step killed the process holding the instance. */
  ran: boolean;
  ok: boolean;
  problems: Problem[];
  /** loss-and-grads steps: each grad's relative error against the reference's, as the courses print them. */
  gradErrors?: { name: string; relError: number }[];
}

/** The part of the sandbox a check needs: one call at a time, outcomes with what the student printed. */
export interface CallRunner {
  run(req: CallRequest): Promise<CallOutcome & { stdout?: string }>;
}

export interface CheckContext {
  runner: CallRunner;
  cases: FixtureCase[];
  timeLimitMs: number;
  /** "1.2 convolution backward": prefixes ids so a hung call names its test. */
  testLabel: string;
  /** Exports the spec declares out-and-cache (`returns`): a call sends back out alone. */
  forwards: ReadonlySet<string>;
  /** The submission's folder (a real path; a zip extracted), for checks that read a file of it (predictions). */
  submissionRoot?: string;
  /** The assignment's folder: data and baseline files of train tests are relative to it. */
  assignmentDir?: string;
}

const FATAL = new Set(['timeout', 'memory', 'exited', 'load-failed', 'compile-failed']);

/** The verdict of a case whose checks ran: ok when nothing is wrong. */
export function caseVerdict(c: FixtureCase, problems: Problem[]): CaseVerdict {
  return { name: c.name, ok: problems.length === 0, problems, params: caseParams(c.args) };
}

/** A call that did not return normally; deriveGradient: a backward that timed out (see gradcheck-check.ts). */
export function failureVerdict(c: FixtureCase, outcome: Extract<CallOutcome, { ok: false }>, deriveGradient = false): CaseVerdict {
  const problem: Problem = { kind: 'failure', failure: outcome.failure, message: outcome.message, ...(deriveGradient ? { deriveGradient } : {}) };
  return { ...caseVerdict(c, [problem]), fatal: FATAL.has(outcome.failure) };
}
