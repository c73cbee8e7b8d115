// pnpm bench (grader part): grades cnn-layers' correct submission 20 times (public + hidden tests), then a batch
// of 100 copies with 2 jobs. The baseline, measured in the same run, is the bare cost of starting a sandbox
// child and loading the submission: the ratio says how much of a grade is process start.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradeBatch } from '../src/batch';
import { loadFixtureBank } from '../src/fixtures/bank';
import { gradeSubmission } from '../src/grade';
import { compileSubmission } from '../src/sandbox/compile';
import { Sandbox } from '../src/sandbox/sandbox';
import { loadAssignment } from '../src/spec/load';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const a = loadAssignment('cnn-layers');
const correct = join(a.dir, 'submissions', 'correct');
const bank = await loadFixtureBank(a, true);

// baseline: compile + spawn + load + close, no test run
const startTimes: number[] = [];
const work = mkdtempSync(join(tmpdir(), 'gradient-bench-'));
const compiled = await compileSubmission({ source: correct, entry: a.spec.entry, workDir: work });
if (!compiled.ok) throw new Error(compiled.message);
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  const sb = await Sandbox.open(compiled.bundlePath, { memoryMb: 512, loadTimeMs: 5000, stdoutBytes: 1024 });
  await sb.run({ kind: 'call', id: 'bench', fn: 'trainableParameters', args: [{ M: 28, C: 1, F: 5, N: 32, Z: 0, S: 1, K1: 128, K2: 10 }], timeLimitMs: 5000 });
  await sb.close();
  startTimes.push(performance.now() - t0);
}

const gradeTimes: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  const r = await gradeSubmission(a, correct, bank, { hidden: true });
  gradeTimes.push(performance.now() - t0);
  if (r.score !== r.maxScore) throw new Error(`correct submission scored ${r.score}/${r.maxScore}`);
}

const classDir = mkdtempSync(join(tmpdir(), 'gradient-class-'));
for (let i = 0; i < 100; i++) cpSync(correct, join(classDir, `student${String(i).padStart(3, '0')}`), { recursive: true });
const t0 = performance.now();
const { batch } = await gradeBatch(a, classDir, bank, { hidden: true, jobs: 2, out: join(work, 'out') });
const batchMs = performance.now() - t0;
rmSync(classDir, { recursive: true, force: true });
rmSync(work, { recursive: true, force: true });

const start = median(startTimes);
const grade = median(gradeTimes);
console.log('\ngrader: cnn-layers correct submission, public + hidden tests (24 tests)');
console.log(`  sandbox start + load + one call (baseline): median ${start.toFixed(0)} ms`);
console.log(`  grade one submission:                       median ${grade.toFixed(0)} ms  (${(grade / start).toFixed(1)}x baseline; process start is ${((100 * start) / grade).toFixed(0)}% of it)  [goal < 1000 ms]`);
console.log(`  grade-batch 100 copies, --jobs 2:           ${(batchMs / 1000).toFixed(1)} s  (${batch.submissions.length} graded; ${(batchMs / (100 * grade)).toFixed(2)}x of 100 sequential grades)  [goal < 60 s]`);
