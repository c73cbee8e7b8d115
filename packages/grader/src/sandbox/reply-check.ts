import type { CallRequest, ChildMessage, ChildOutcome } from './protocol';
import { capStudentText } from './student-text';
import { isPlainObject, wireTensorProblem, wireValueProblem } from './wire-check';

// The child is untrusted: a student can write to its channel. Everything it sends is checked
// against the protocol here before the grader sees it.

const CHILD_FAILURES = new Set(['missing-export', 'threw', 'bad-return']);

/** The message if it is one the child may send, else undefined. Results are checked with checkOutcome. */
export function asChildMessage(m: unknown): ChildMessage | undefined {
  if (!isPlainObject(m)) return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'load-error':
      return typeof m.message === 'string' ? { type: 'load-error', message: capStudentText(m.message) } : undefined;
    case 'started':
      return typeof m.id === 'string' ? { type: 'started', id: m.id } : undefined;
    case 'result':
      return typeof m.id === 'string' && isPlainObject(m.outcome) ? { type: 'result', id: m.id, outcome: withCappedMessage(m.outcome) } : undefined;
    default:
      return undefined;
  }
}

/** Why the outcome does not fit the request, or undefined when it does. */
export function outcomeProblem(outcome: ChildOutcome, req: CallRequest): string | undefined {
  const o = outcome as unknown as Record<string, unknown>;
  if (typeof o.ms !== 'number') return 'ms is not a number';
  if (o.ok === false) {
    if (typeof o.failure !== 'string' || !CHILD_FAILURES.has(o.failure)) return `unknown failure kind ${String(o.failure)}`;
    return typeof o.message === 'string' ? undefined : 'failure message is not a string';
  }
  if (o.ok !== true) return 'ok is neither true nor false';
  if (req.kind === 'call' || req.kind === 'topology' || req.kind === 'train-step' || req.kind === 'construct' || req.kind === 'method' || req.kind === 'field' || req.kind === 'assign') return wireValueProblem(o.value, 'value');
  if (req.kind === 'param-gradient') {
    const problem = wireTensorProblem(o.value, 'numeric');
    if (problem !== undefined) return problem;
    return (o.value as { data: Float64Array }).data.length === req.entries.length ? undefined : `numeric does not have ${req.entries.length} entries`;
  }
  const v = o.value;
  if (req.kind === 'numeric-gradient') {
    if (!Array.isArray(v) || v.length !== req.wrt.length) return `numeric gradient is not a list of ${req.wrt.length} tensors`;
    for (let k = 0; k < v.length; k++) {
      const problem = wireTensorProblem(v[k], `numeric[${k}]`);
      if (problem !== undefined) return problem;
      if ((v[k] as { data: Float64Array }).data.length !== req.entries[k].length) return `numeric[${k}] does not have ${req.entries[k].length} entries`;
    }
    return undefined;
  }
  if (!isPlainObject(v)) return 'backward value is not an object';
  return wireValueProblem(v.out, 'out') ?? wireValueProblem(v.grads, 'grads');
}

/** A failure's message cut to size; outcomeProblem checks the rest. */
function withCappedMessage(outcome: Record<string, unknown>): ChildOutcome {
  const capped = typeof outcome.message === 'string' ? { ...outcome, message: capStudentText(outcome.message) } : outcome;
  return capped as unknown as ChildOutcome;
}

