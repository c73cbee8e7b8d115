// Test support: run a program (the gradient CLI, vitest, a kit script) in a child process and collect what it printed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../spec/locate';

export const ROOT = repoRoot() ?? '';
export const GRADIENT_BIN = join(ROOT, 'packages', 'grader', 'bin', 'gradient.mjs');

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
}

/** Runs without colours; env adds to (and `undefined` removes from) this process's environment. */
export function runProcess(command: string, args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<ProcessRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...opts.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: ProcessRun = { code: null, stdout: '', stderr: '', output: '' };
    child.stdout.on('data', (d: Buffer) => ((run.stdout += d.toString()), (run.output += d.toString())));
    child.stderr.on('data', (d: Buffer) => ((run.stderr += d.toString()), (run.output += d.toString())));
    child.on('error', fail);
    child.on('close', (code) => done({ ...run, code }));
  });
}

/** The repo's gradient CLI through its bin shim. */
export function gradientCli(args: string[], cwd = ROOT, env?: Record<string, string | undefined>): Promise<ProcessRun> {
  return runProcess(process.execPath, [GRADIENT_BIN, ...args], { cwd, env });
}
