import { isTensor, type CaseValue } from '../fixtures/case';
import type { CaseParam } from './problem';

const MAX_PARAMS = 16;

/**
 * A case's parameters for a report: tensor arguments by shape, scalars by value, the entries of an options
 * object (stride, pad) by their own key. Positional arguments have no names in a spec: "argument 1".
 */
export function caseParams(args: readonly CaseValue[]): CaseParam[] {
  const params: CaseParam[] = [];
  const add = (name: string, v: CaseValue, depth: number) => {
    if (params.length >= MAX_PARAMS) return;
    if (isTensor(v)) params.push({ name, kind: 'tensor', shape: [...v.shape] });
    else if (v === null || typeof v !== 'object') params.push({ name, kind: 'value', value: v });
    else if (Array.isArray(v)) params.push({ name, kind: 'value', value: v.every((x) => typeof x === 'number') && v.length <= 8 ? `[${v.join(', ')}]` : `an array of ${v.length}` });
    else if (typeof (v as { $rng?: unknown }).$rng === 'number') params.push({ name, kind: 'rng', seed: (v as { $rng: number }).$rng });
    else if (depth === 0) for (const [k, x] of Object.entries(v)) add(k, x, depth + 1);
    else params.push({ name, kind: 'value', value: `an object with ${Object.keys(v).length} keys` });
  };
  args.forEach((a, i) => add(`argument ${i + 1}`, a, 0));
  return params;
}
