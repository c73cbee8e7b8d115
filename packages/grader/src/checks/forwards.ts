import type { AssignmentSpec } from '../spec/types';

/** Exports the spec declares `"out-and-cache"` in `returns`: they return [out, cache], and a call compares out. */
export function forwardExports(spec: AssignmentSpec): ReadonlySet<string> {
  return new Set(Object.entries(spec.returns ?? {}).flatMap(([name, how]) => (how === 'out-and-cache' ? [name] : [])));
}
