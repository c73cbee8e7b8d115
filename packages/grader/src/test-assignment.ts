// Test support: a small in-memory assignment of numeric tests, and a one-file submission folder for it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FixtureBank } from './fixtures/bank';
import type { Assignment, SubmissionLimits, TestSpec } from './spec/types';

/** `count` one-case numeric tests of the export `fn` on fixture 'one' (fn(1) should be 1). */
export function tinyAssignment(fn: string, count: number, limits: SubmissionLimits = {}): { assignment: Assignment; bank: FixtureBank } {
  const dir = mkdtempSync(join(tmpdir(), 'gradient-tiny-assignment-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const tests: TestSpec[] = Array.from({ length: count }, (_, i) => ({
    number: `${i + 1}`, name: `${fn} ${i + 1}`, points: 1, set: 'public', kind: 'numeric', call: fn, fixture: 'one', tolerance: 1e-9,
  }));
  return {
    assignment: {
      spec: { name: 'tiny', title: 'tiny', entry: 'solution.ts', exports: [fn], fixtures: { generator: 'none', publicSeed: 0 }, limits: { timeMs: 5000, ...limits }, tests },
      dir, specFile: join(dir, 'assignment.json'), publicFixturesDir: dir,
    },
    bank: { public: { one: [{ name: 'a', args: [1], expected: 1 }] } },
  };
}

/** A folder holding solution.ts with this source; removed when the test process exits. */
export function solutionFolder(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradient-tiny-submission-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'solution.ts'), source);
  return dir;
}
