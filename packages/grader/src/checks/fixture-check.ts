import { toWire } from '../fixtures/wire';
import type { FixtureTestSpec, NumericTestSpec } from '../spec/types';
import { compareValue } from './compare';
import { caseVerdict, failureVerdict, type CaseVerdict, type CheckContext } from './verdict';

/** fixture and numeric tests: call the export on each case's inputs, compare with the reference output. */
export async function runFixtureCheck(spec: FixtureTestSpec | NumericTestSpec, ctx: CheckContext): Promise<CaseVerdict[]> {
  const verdicts: CaseVerdict[] = [];
  for (const c of ctx.cases) {
    const outcome = await ctx.runner.run({
      kind: 'call', id: `${ctx.testLabel} [case ${c.name}]`, fn: spec.call, args: c.args.map(toWire), timeLimitMs: ctx.timeLimitMs,
      returnsCache: ctx.forwards.has(spec.call),
    });
    if (!outcome.ok) {
      verdicts.push(failureVerdict(c, outcome));
      if (verdicts.at(-1)!.fatal) break;
      continue;
    }
    const cmp = compareValue(`${spec.call} output`, outcome.value as never, c.expected, spec.tolerance);
    verdicts.push(caseVerdict(c, cmp.problem ? [cmp.problem] : []));
  }
  return verdicts;
}
