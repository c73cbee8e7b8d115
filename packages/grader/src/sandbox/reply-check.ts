import type { CallRequest, ChildMessage, ChildOutcome } from './protocol';

// The child is untrusted: a student can write to its channel. Everything it sends is checked
// against the protocol here before the grader sees it.

const MAX_DEPTH = 40;
const CHILD_FAILURES = new Set(['missing-export', 'threw', 'bad-return']);

/** The message if it is one the child may send, else undefined. Results are checked with checkOutcome. */
export function asChildMessage(m: unknown): ChildMessage | undefined {
  if (!isPlainObject(m)) return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'load-error':
      return typeof m.message === 'string' ? { type: 'load-error', message: m.message } : undefined;
    case 'started':
      return typeof m.id === 'string' ? { type: 'started', id: m.id } : undefined;
    case 'result':
      return typeof m.id === 'string' && isPlainObject(m.outcome) ? (m as unknown as ChildMessage) : undefined;
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
  if (req.kind === 'call') return wireProblem(o.value, 'value', 0);
  const v = o.value;
  if (req.kind === 'numeric-gradient') {
    if (!Array.isArray(v) || v.length !== req.wrt.length) return `numeric gradient is not a list of ${req.wrt.length} tensors`;
    for (let k = 0; k < v.length; k++) {
      const problem = tensorProblem(v[k], `numeric[${k}]`);
      if (problem !== undefined) return problem;
      if ((v[k] as { data: Float64Array }).data.length !== req.entries[k].length) return `numeric[${k}] does not have ${req.entries[k].length} entries`;
    }
    return undefined;
  }
  if (!isPlainObject(v)) return 'backward value is not an object';
  return wireProblem(v.out, 'out', 0) ?? wireProblem(v.grads, 'grads', 0);
}

function wireProblem(v: unknown, where: string, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return `${where} is nested too deeply`;
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const problem = wireProblem(v[i], `${where}[${i}]`, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (!isPlainObject(v)) return `${where} is not a wire value`;
  if ('$tensor' in v) return tensorProblem(v, where);
  if ('$rng' in v) return `${where} is a random generator, which only the grader sends`;
  for (const key of Object.keys(v)) {
    const problem = wireProblem(v[key], `${where}.${key}`, depth + 1);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function tensorProblem(v: unknown, where: string): string | undefined {
  if (!isPlainObject(v) || v.$tensor !== true) return `${where} is not a tensor`;
  const { shape, data, dtype } = v;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) return `${where}.shape is not a list of sizes`;
  if (!(data instanceof Float64Array)) return `${where}.data is not a Float64Array`;
  const size = shape.reduce((a: number, d: number) => a * d, 1);
  if (data.length !== size) return `${where} has ${data.length} values for shape [${shape.join(', ')}]`;
  if (dtype !== undefined && typeof dtype !== 'string') return `${where}.dtype is not a string`;
  const extra = Object.keys(v).find((k) => !['$tensor', 'shape', 'data', 'dtype'].includes(k));
  return extra === undefined ? undefined : `${where} has an unexpected field ${extra}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
