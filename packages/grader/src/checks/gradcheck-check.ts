import { shapeString } from '@gradient/tensor';
import { isTensor, type FixtureCase } from '../fixtures/case';
import { isWireTensor, tensorToWire, toWire } from '../fixtures/wire';
import type { GradCheckValue, WireTensor, WireValue } from '../sandbox/protocol';
import type { GradcheckTestSpec } from '../spec/types';
import { fmt, worstEntries } from './compare';
import { describeWire } from './describe';
import { factorHint, transposeHint } from './hints';
import { failureVerdict, type CaseVerdict, type CheckContext } from './verdict';

function batchSizeOf(c: FixtureCase): number | undefined {
  const first = c.args[0];
  return isTensor(first) ? first.shape[0] : undefined;
}

/** analytic vs another gradient: undefined when within tolerance, else the teaching lines. */
function gradMismatch(
  name: string, analytic: WireTensor, other: WireTensor, otherLabel: string, tolerance: number, batch: number | undefined,
): string | undefined {
  const worst = worstEntries(analytic.data, other.data, analytic.shape, 3);
  const err = worst.length ? worst[0].relError : 0;
  if (err <= tolerance) return undefined;
  const rows = worst
    .filter((w) => w.relError > tolerance)
    .map((w) => `    at [${w.index.join(', ')}]: analytic ${fmt(w.actual)}, ${otherLabel} ${fmt(w.expected)}`)
    .join('\n');
  const hint = factorHint(analytic.data, other.data, batch) ?? transposeHint(analytic.data, other.data, analytic.shape, tolerance);
  return `${name}: relative error ${err.toExponential(2)} vs the ${otherLabel} gradient (limit ${tolerance.toExponential(0)}); worst entries:\n${rows}${hint ? `\n    hint: ${name} ${hint}` : ''}`;
}

function checkCase(spec: GradcheckTestSpec, c: FixtureCase, value: GradCheckValue): string[] {
  const wrt = c.wrt ?? [0];
  const expected = (Array.isArray(c.expected) ? c.expected : [c.expected]).filter(isTensor).map(tensorToWire);
  // a single-input backward (relu, dropout) may return dx itself instead of [dx]
  const grads: WireValue[] = wrt.length === 1 && isWireTensor(value.grads) ? [value.grads] : (value.grads as WireValue[]);
  if (!Array.isArray(grads) || grads.length !== wrt.length) {
    return [`${spec.backward} should return ${wrt.length === 1 ? spec.gradNames[0] : `[${spec.gradNames.join(', ')}]`}, got ${describeWire(value.grads)}`];
  }
  const problems: string[] = [];
  grads.forEach((g, k) => {
    const name = spec.gradNames[k] ?? `grad ${k}`;
    const want = expected[k];
    if (!isWireTensor(g)) return problems.push(`${name}: expected an ndarray of shape ${shapeString(want.shape)}, got ${describeWire(g)}`);
    if (g.shape.join() !== want.shape.join()) return problems.push(`${name}: expected shape ${shapeString(want.shape)} (the shape of the input), got ${shapeString(g.shape)}`);
    if (g.data.some((v) => !Number.isFinite(v))) return problems.push(`${name}: contains NaN or Infinity`);
    const batch = batchSizeOf(c);
    const vsNumeric = gradMismatch(name, g, value.numeric[k], 'numerical (from your forward)', spec.tolerance, batch);
    const vsReference = gradMismatch(name, g, want, 'reference', spec.tolerance, batch);
    if (vsNumeric) problems.push(vsNumeric);
    else if (vsReference) problems.push(`${vsReference}\n    note: your backward matches your own forward, so the forward itself differs from the reference: fix the forward test first`);
  });
  return problems;
}

/** Backward passes: the student's analytic gradients against the numerical gradient of their own forward AND the reference. */
export async function runGradcheckCheck(spec: GradcheckTestSpec, ctx: CheckContext): Promise<CaseVerdict[]> {
  const verdicts: CaseVerdict[] = [];
  for (const c of ctx.cases) {
    if (!c.dout) throw new Error(`fixture case ${c.name} of ${spec.fixture} has no dout`);
    const outcome = await ctx.runner.run({
      kind: 'gradcheck', id: `${ctx.testLabel} [case ${c.name}]`, fn: spec.call, backward: spec.backward,
      args: c.args.map(toWire), dout: tensorToWire(c.dout), wrt: c.wrt ?? [0], h: spec.h ?? 1e-5, timeLimitMs: ctx.timeLimitMs,
    });
    if (!outcome.ok) {
      verdicts.push(failureVerdict(c.name, outcome));
      if (verdicts.at(-1)!.fatal) break;
      continue;
    }
    const problems = checkCase(spec, c, outcome.value as GradCheckValue);
    verdicts.push({ name: c.name, ok: problems.length === 0, message: problems.join('\n') });
  }
  return verdicts;
}
