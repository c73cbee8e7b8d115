// pnpm bench (grader part): grades two-layer-net's correct submission with public + hidden tests, training
// tests included (issue goal: median under 3 s on 2 cores), and says what share of the grade is training.
// Baseline, measured in the same run: the same tests run against the reference in this process (no sandbox,
// no wire), so the ratio is what isolating the student's code costs on top of the work itself.
import { join } from 'node:path';
import { runTestsInProcess } from '../src/checks/in-process';
import { loadFixtureBank } from '../src/fixtures/bank';
import { importAuthorModule } from '../src/fixtures/author-module';
import { gradeSubmission } from '../src/grade';
import { loadAssignment } from '../src/spec/load';
import { isSetStep, type TestSpec } from '../src/spec/types';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const a = loadAssignment('two-layer-net');
const correct = join(a.dir, 'submissions', 'correct');
const bank = await loadFixtureBank(a, true);
const trains = (t: TestSpec) => t.kind === 'object' && t.steps.some((s) => !isSetStep(s) && s.method === 'train');
const training = new Set(a.spec.tests.filter(trains).map((t) => t.number));

const reference = (await importAuthorModule(a, join(a.dir, 'reference.ts'), 'reference solution')) as Record<string, unknown>;
const inProcess: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  await runTestsInProcess(a, reference, 'public', bank.public);
  await runTestsInProcess(a, reference, 'hidden', bank.hidden!);
  inProcess.push(performance.now() - t0);
}

const grades: number[] = [];
const shares: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const r = await gradeSubmission(a, correct, bank, { hidden: true });
  grades.push(performance.now() - t0);
  if (r.score !== r.maxScore) throw new Error(`correct submission scored ${r.score}/${r.maxScore}`);
  const total = r.tests.reduce((s, t) => s + t.durationMs, 0);
  shares.push(r.tests.filter((t) => training.has(t.number)).reduce((s, t) => s + t.durationMs, 0) / total);
}

const grade = median(grades);
const base = median(inProcess);
console.log(`\ngrader: two-layer-net correct submission, public + hidden tests (${a.spec.tests.length} tests, ${RUNS} runs)`);
console.log(`  the same tests on the reference, in process (baseline): median ${base.toFixed(0)} ms`);
console.log(`  grade one submission:  median ${grade.toFixed(0)} ms  (${(grade / base).toFixed(2)}x baseline)  [goal < 3000 ms on 2 cores]`);
console.log(`  share of test time in the training tests (${[...training].join(', ')}): median ${(100 * median(shares)).toFixed(0)}%`);
