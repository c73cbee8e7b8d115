import type { AssignmentSpec } from '../spec/types';

/** Exports that are forward passes (the `call` of some gradcheck test): they return [out, cache]. */
export function forwardExports(spec: AssignmentSpec): ReadonlySet<string> {
  return new Set(spec.tests.flatMap((t) => (t.kind === 'gradcheck' ? [t.call] : [])));
}
