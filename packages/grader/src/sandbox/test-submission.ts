// Test support: writes a small student submission to a fresh temp folder and compiles it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileSubmission, type CompileResult } from './compile';

export interface TempSubmission {
  dir: string;
  workDir: string;
  compile(entry?: string): Promise<CompileResult>;
  remove(): void;
}

export function writeSubmission(files: Record<string, string>): TempSubmission {
  const dir = mkdtempSync(join(tmpdir(), 'gradient-test-sub-'));
  const workDir = mkdtempSync(join(tmpdir(), 'gradient-test-work-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return {
    dir,
    workDir,
    compile: (entry = 'solution.ts') => compileSubmission({ source: dir, entry, workDir }),
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Compiles a one-file submission and returns its bundle path; fails the test on a compile error. */
export async function bundleOf(source: string): Promise<{ bundlePath: string; remove(): void }> {
  const sub = writeSubmission({ 'solution.ts': source });
  const result = await sub.compile();
  if (!result.ok) {
    sub.remove();
    throw new Error(`test submission did not compile: ${result.message}`);
  }
  return { bundlePath: result.bundlePath, remove: sub.remove };
}
