import type { CallRequest } from './sandbox/protocol';
import type { RunOutcome } from './sandbox/sandbox';

/** A submission's wall-clock budget when the spec sets none (limits.submissionMs). */
export const DEFAULT_SUBMISSION_MS = 120_000;

/**
 * The wall-clock budget of one submission: each call gets at most what is left, and once it is
 * spent nothing more of the submission runs. Bounds a grade whatever the number of cases.
 */
export class SubmissionBudget {
  private readonly deadline: number;

  constructor(readonly ms: number, start = performance.now()) {
    this.deadline = start + ms;
  }

  get spent(): boolean {
    return performance.now() >= this.deadline;
  }

  /** For a test or case that did not run. */
  get message(): string {
    return `not run: the submission used up its ${this.ms / 1000} s budget`;
  }

  /**
   * Runs req with its time limit cut to the budget left; a call the budget stopped says so, and a
   * call after the budget is spent is not run (a 'timeout', so the rest of its test is skipped).
   */
  async run(req: CallRequest, run: (req: CallRequest) => Promise<RunOutcome>): Promise<RunOutcome> {
    const left = Math.floor(this.deadline - performance.now());
    if (left <= 0) return { ok: false, failure: 'timeout', message: this.message, ms: 0, stdout: '' };
    if (left >= req.timeLimitMs) return run(req);
    const outcome = await run({ ...req, timeLimitMs: left });
    if (outcome.ok || outcome.failure !== 'timeout') return outcome;
    return { ...outcome, message: `${req.id}: stopped: the submission used up its ${this.ms / 1000} s budget` };
  }
}
