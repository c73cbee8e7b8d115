import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeBatch, listSubmissions } from './batch';
import { gradientCli } from './cli/test-process';
import { loadFixtureBank } from './fixtures/bank';
import { renderBatchTable } from './render/terminal';
import { loadAssignment } from './spec/load';
import { tinyAssignment } from './test-assignment';

const a = loadAssignment('cnn-layers');
const tmp = mkdtempSync(join(tmpdir(), 'gradient-batch-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('gradeBatch', () => {
  it('records a submission that breaks the grader as failed and still grades the rest', async () => {
    const classDir = join(tmp, 'class');
    for (const name of ['alice', 'bob']) cpSync(join(a.dir, 'submissions', 'correct'), join(classDir, name), { recursive: true });
    const bank = await loadFixtureBank(a, false);
    // an instructor-side defect: gradient-check cases without an upstream gradient make the check throw
    const strip = (sets: typeof bank.public) => ({ ...sets, conv_backward: sets.conv_backward.map(({ dout: _d, ...c }) => c) });
    // cnn-layers has variants: the public cases come from the pool
    const broken = { public: strip(bank.public), pool: bank.pool!.map(strip) };
    const out = join(tmp, 'out');
    const { batch, summary: maybeSummary } = await gradeBatch(a, classDir, broken, { hidden: false, jobs: 2, out });
    const summary = maybeSummary!;
    expect(batch.submissions.map((s) => [s.submission, s.score])).toEqual([['alice', 0], ['bob', 0]]);
    expect(batch.submissions[0].output).toMatch(/could not grade this submission.*has no dout/);
    // marked as the grader's failure, not a 0 the student earned
    expect(batch.submissions[0].graderFailure).toMatch(/could not grade this submission.*has no dout/);
    const rows = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split(/\r?\n/);
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 3))).toEqual([['alice', 'grader failure', ''], ['bob', 'grader failure', '']]);
    expect(summary).toMatchObject({ count: 2, graded: 0, graderFailures: ['alice', 'bob'], mean: null });
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ graded: 0, graderFailures: ['alice', 'bob'] });
    expect(existsSync(join(out, 'bob', 'results.json'))).toBe(true);
  });

  it('lists mismatched evaluation logs, usernames handed in twice and identical code in summary.json, the class report and the terminal', async () => {
    const classDir = join(tmp, 'class-copies');
    // alice and bob: the correct sample verbatim, its log included (a copy that matches itself: only the
    // shared username and identical code give it away); carol: her own exercise call and no log
    for (const name of ['alice', 'bob', 'carol']) cpSync(join(a.dir, 'submissions', 'correct'), join(classDir, name), { recursive: true });
    const carol = join(classDir, 'carol', 'cnn_layers.ts');
    writeFileSync(carol, readFileSync(carol, 'utf8').replace("username: 'sample-correct', seed: 7", "username: 'carol', seed: 1"));
    rmSync(join(classDir, 'carol', 'evaluation_cnn-layers.txt'));
    const out = join(tmp, 'out-copies');
    const { batch, summary: maybeSummary } = await gradeBatch(a, classDir, await loadFixtureBank(a, false), { hidden: false, jobs: 1, out });
    const summary = maybeSummary!;
    expect(batch.submissions.map((s) => s.score)).toEqual([12, 12, 12]);
    const digest = batch.submissions[0].variant!.sourceDigest;
    const expected = {
      logMismatches: ['carol'],
      sharedUsernames: [{ key: 'sample-correct', submissions: ['alice', 'bob'] }],
      sharedSources: [{ key: digest, submissions: ['alice', 'bob'] }],
    };
    expect(summary.variants).toEqual(expected);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).variants).toEqual(expected);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('<h2>Evaluation logs and copies</h2>');
    expect(report).toContain('<li>evaluation logs that do not match their code: carol</li>');
    expect(report).toContain('<li>username &#39;sample-correct&#39; in the exercise call of alice, bob</li>');
    expect(report).toContain(`<li>identical code (${digest.slice(0, 19)}…): alice, bob</li>`);
    const cli = await gradientCli(['grade-batch', 'cnn-layers', classDir, '--out', join(tmp, 'out-copies-cli'), '--no-hidden']);
    expect(cli.code, cli.output).toBe(0);
    expect(cli.stdout).toContain('look at: evaluation logs that do not match their code: carol');
    expect(cli.stdout).toContain("look at: username 'sample-correct' in the exercise call of alice, bob");
  }, 60_000);

  it('fails only the build of a submission that crashes esbuild; the next submission still scores full marks', async () => {
    const classDir = join(tmp, 'class-with-crash');
    mkdirSync(join(classDir, 'a-deep'), { recursive: true });
    // 300000 nested brackets overflow esbuild's stack: before builds ran in their own process, this
    // stopped the grader's esbuild service and every later build in the batch failed
    writeFileSync(join(classDir, 'a-deep', 'cnn_layers.ts'), `export const x = ${'['.repeat(300_000)}${']'.repeat(300_000)};\n`);
    cpSync(join(a.dir, 'submissions', 'correct'), join(classDir, 'b-correct'), { recursive: true });
    const bank = await loadFixtureBank(a, false);
    const { batch } = await gradeBatch(a, classDir, bank, { hidden: false, jobs: 1, out: join(tmp, 'out-crash') });
    const [deep, correct] = batch.submissions;
    expect(deep.score).toBe(0);
    expect(deep.output).toBe('Your submission could not be built: esbuild crashed while building your code (stack overflow: code nested too deeply?)');
    expect(existsSync(join(tmp, 'out-crash', 'a-deep', 'results.json'))).toBe(true);
    expect(correct.score).toBe(correct.maxScore);
    expect(correct.maxScore).toBeGreaterThan(0);
  }, 30_000);

  it('counts a build failure, a timeout and a real zero apart, in the summary, the gradebook, the table and the report', async () => {
    const { assignment, bank } = tinyAssignment('f', 2, { timeMs: 300 });
    const classDir = join(tmp, 'class-of-zeros');
    const sources: Record<string, string> = {
      'a-syntax': 'export function f(x: number) { return x +; }\n',
      'b-loops': 'export function f(x: number): number { for (;;) {} }\n',
      'c-wrong': 'export function f(x: number) { return x + 1; }\n',
      'd-right': 'export function f(x: number) { return x; }\n',
    };
    for (const [name, source] of Object.entries(sources)) {
      mkdirSync(join(classDir, name), { recursive: true });
      writeFileSync(join(classDir, name, 'solution.ts'), source);
    }
    const out = join(tmp, 'out-zeros');
    const { batch, summary: maybeSummary } = await gradeBatch(assignment, classDir, bank, { hidden: false, jobs: 2, out });
    const summary = maybeSummary!;
    expect(batch.submissions.map((s) => s.score)).toEqual([0, 0, 0, 2]);
    expect(summary).toMatchObject({ buildFailures: ['a-syntax'], loadFailures: [], timeouts: ['b-loops'], zeros: ['c-wrong'], graderFailures: [], graded: 4 });
    const rows = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    expect(rows.map((r) => r.split(',').slice(0, 3))).toEqual([['a-syntax', 'did not build', '0'], ['b-loops', 'timed out', '0'], ['c-wrong', 'graded', '0'], ['d-right', 'graded', '2']]);
    expect(renderBatchTable(batch).trimEnd().split('\n').at(-1)).toMatch(/; 1 did not build, 1 had a test time out, 1 scored 0$/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Of 4 submissions: 1 did not build, 1 had a test time out, 1 scored 0.');
  }, 30_000);

  it('lists sub-folders and zips, and names the folder when there are none', () => {
    expect(listSubmissions(join(a.dir, 'submissions'))).toContain(join(a.dir, 'submissions', 'correct'));
    expect(() => listSubmissions(join(tmp, 'nothing-here'))).toThrow(/cannot read the submissions folder/);
  });
});
