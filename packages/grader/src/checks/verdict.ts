import type { CallOutcome, CallRequest } from '../sandbox/protocol';
import type { FixtureCase } from '../fixtures/case';

/** The result of one fixture case of one test. */
export interface CaseVerdict {
  name: string;
  ok: boolean;
  /** Why the case failed, without the case name (scoring groups cases that failed alike). */
  message: string;
  /** Set when the child died (timeout, memory, exit): the remaining cases of the test are skipped. */
  fatal?: boolean;
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
  /** Exports that are forward passes (the `call` of some gradcheck test): they return [out, cache]. */
  forwards: ReadonlySet<string>;
}

const FATAL = new Set(['timeout', 'memory', 'exited', 'load-failed', 'compile-failed']);

/** Teaching text for a call that did not return normally. */
export function failureVerdict(caseName: string, outcome: Extract<CallOutcome, { ok: false }>): CaseVerdict {
  return { name: caseName, ok: false, message: outcome.message, fatal: FATAL.has(outcome.failure) };
}
