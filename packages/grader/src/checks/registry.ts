import { UserError } from '../errors';
import type { TestSpec } from '../spec/types';
import { runFixtureCheck } from './fixture-check';
import { runGradcheckCheck } from './gradcheck-check';
import { runObjectCheck } from './object-check';
import { runPredictionsCheck } from './predictions-check';
import { runStructureCheck } from './structure-check';
import { runTrainCheck } from './train-check';
import { runTrainStepCheck } from './train-step-check';
import type { CaseVerdict, CheckContext } from './verdict';

type Check = (spec: never, ctx: CheckContext) => Promise<CaseVerdict[]>;

/** What to run for each test kind. A new kind registers here; nothing else in the grader switches on kinds. */
const checks: Partial<Record<TestSpec['kind'], Check>> = {
  fixture: runFixtureCheck,
  numeric: runFixtureCheck,
  gradcheck: runGradcheckCheck,
  object: runObjectCheck,
  predictions: runPredictionsCheck,
  structure: runStructureCheck,
  'train-step': runTrainStepCheck,
  train: runTrainCheck,
};

export function checkFor(spec: TestSpec, specFile: string, index: number): (ctx: CheckContext) => Promise<CaseVerdict[]> {
  const check = checks[spec.kind];
  if (!check) {
    throw new UserError({
      code: 'E_KIND', file: specFile, path: `/tests/${index}/kind`, message: `test kind '${spec.kind}' has no check in this grader version`,
      expected: Object.keys(checks).join(', '), actual: spec.kind,
    });
  }
  return (ctx) => check(spec as never, ctx);
}
