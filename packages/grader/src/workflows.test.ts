// The repo's GitHub workflows: valid against the workflow schema (action-validator, which embeds
// SchemaStore's github-workflow schema), and within the rules the grading runners depend on.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './spec/locate';

const dir = join(repoRoot()!, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
const read = (f: string) => readFileSync(join(dir, f), 'utf8');

type Step = { run?: string; uses?: string; env?: Record<string, string> };
type Job = { 'runs-on': string | string[]; 'timeout-minutes'?: number; steps: Step[] };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job> };

/** What a grading workflow must not do; each entry names the job and step at fault. */
function policyProblems(text: string): string[] {
  const wf = parse(text) as Workflow;
  const problems: string[] = [];
  const triggers = Object.keys(wf.on ?? {});
  if (triggers.some((t) => t !== 'workflow_dispatch')) problems.push(`triggers ${triggers.join(', ')}: a grading workflow starts by hand only (workflow_dispatch)`);
  for (const [name, job] of Object.entries(wf.jobs)) {
    if (typeof job['timeout-minutes'] !== 'number') problems.push(`job ${name} has no timeout-minutes`);
    job.steps.forEach((step, k) => {
      // ${{ }} inside a script is pasted into the shell text before it runs: a script-injection hole
      if (step.run?.includes('${{')) problems.push(`job ${name} step ${k + 1}: \${{ }} inside run: (pass it through env:)`);
    });
  }
  return problems;
}

const schemaErrors = (text: string) => validateWorkflow(text).errors;

describe('GitHub workflows', () => {
  it('are all there and parse', () => {
    expect(files.sort()).toEqual(['ci.yml', 'grade-class.yml', 'grade-gpu.yml']);
    for (const f of files) expect(() => parse(read(f)), f).not.toThrow();
  });

  it('validate against the workflow schema, which rejects a misspelt key or a wrong type', () => {
    for (const f of files) expect(schemaErrors(read(f)), f).toEqual([]);
    const gpu = read('grade-gpu.yml');
    expect(schemaErrors(gpu.replace('runs-on:', 'runs_on:')).length).toBeGreaterThan(0);
    expect(schemaErrors(gpu.replace('timeout-minutes: 360', 'timeout-minutes: lots')).length).toBeGreaterThan(0);
  });

  it('the grading workflows start by hand, have job timeouts, and keep inputs out of script text', () => {
    for (const f of ['grade-gpu.yml', 'grade-class.yml']) expect(policyProblems(read(f)), f).toEqual([]);
    const gpu = read('grade-gpu.yml');
    const injected = gpu.replace('pnpm gradient grade-batch "$ASSIGNMENT"', 'pnpm gradient grade-batch ${{ inputs.assignment }}');
    expect(policyProblems(injected)).toEqual(['job grade step 5: ${{ }} inside run: (pass it through env:)']);
    expect(policyProblems(gpu.replace('on:\n  workflow_dispatch:', 'on:\n  pull_request_target:\n  workflow_dispatch:'))[0]).toMatch(/triggers pull_request_target, workflow_dispatch/);
    expect(policyProblems(gpu.replace('    timeout-minutes: 360\n', ''))).toEqual(['job grade has no timeout-minutes']);
  });

  it('the GPU workflow builds tfjs-node-gpu and trains on it with the backend forced, before it grades anything', () => {
    const steps = (parse(read('grade-gpu.yml')) as Workflow).jobs.grade.steps;
    const build = steps.findIndex((s) => s.run?.includes('npm run install'));
    const check = steps.findIndex((s) => s.env?.GRADIENT_BACKEND === 'node-gpu' && s.run?.includes('pnpm gradient train'));
    const grade = steps.findIndex((s) => s.run?.includes('pnpm gradient grade-batch'));
    expect(build).toBeGreaterThan(0);
    expect(check).toBeGreaterThan(build);
    expect(grade).toBeGreaterThan(check);
  });

  it('the class workflow grades each shard with --shard K/N and merges every shard', () => {
    const wf = parse(read('grade-class.yml')) as Workflow & { jobs: { grade: Job & { strategy: { matrix: { shard: string } } } } };
    expect(wf.jobs.grade.strategy.matrix.shard).toBe('${{ fromJSON(needs.plan.outputs.shards) }}');
    const gradeRun = wf.jobs.grade.steps.map((s) => s.run ?? '').join('\n');
    expect(gradeRun).toContain('--shard "$SHARD/$SHARDS"');
    expect(wf.jobs.merge.steps.map((s) => s.run ?? '').join('\n')).toContain('pnpm gradient merge shards/shard-*');
  });
});
