// A class graded in N shards and merged equals the class graded in one run, file for file apart from
// timings; shards are chosen by a hash of the submission id; merge refuses shards that do not belong together.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeBatch } from '../batch';
import { UserError } from '../errors';
import { tinyAssignment } from '../test-assignment';
import { mergeShards } from './merge';
import { parseShard, shardOf } from './shard';
import { SHARD_FILE } from './shard-file';

const tmp = mkdtempSync(join(tmpdir(), 'gradient-shards-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SOURCES: Record<string, string> = {
  right: 'export function f(x: number) { return x; }\n',
  wrong: 'export function f(x: number) { return x + 1; }\n',
  syntax: 'export function f(x: number) { return x +; }\n',
  throws: 'export function f(x: number): number { throw new Error("no " + x); }\n',
  nan: 'export function f(x: number) { return NaN * x; }\n',
};

/** A class of 12 submissions: folders and zips, some names that sort differently with and without ".zip". */
function makeClass(dir: string): void {
  const names = ['alice', 'alice-2', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory'];
  const kinds = Object.keys(SOURCES);
  names.forEach((name, i) => {
    const source = SOURCES[kinds[i % kinds.length]];
    if (i % 3 === 0) {
      const zip = new AdmZip();
      zip.addFile('solution.ts', Buffer.from(source));
      mkdirSync(dir, { recursive: true });
      zip.writeZip(join(dir, `${name}.zip`));
    } else {
      mkdirSync(join(dir, name), { recursive: true });
      writeFileSync(join(dir, name, 'solution.ts'), source);
    }
  });
}

/** Every file under dir, relative, with run times blanked: the only part two runs may differ in. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
    if (f.endsWith(SHARD_FILE) || f.endsWith('batch.json')) continue;
    let text: string;
    try {
      text = readFileSync(join(dir, f), 'utf8');
    } catch {
      continue; // a folder
    }
    files[f] = text
      .replace(/"(execution_time|executionTimeMs|durationMs|totalMs|medianMs)":\s*[\d.e+-]+/g, '"$1": 0')
      .replace(/\d+(\.\d+)? ?(ms|s)\b/g, 'T');
  }
  return files;
}

describe('shards', () => {
  it('reads K/N and refuses anything else by name', () => {
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    for (const bad of ['0/8', '9/8', '3', '3/0', 'a/b', '-1/2']) {
      expect(() => parseShard(bad)).toThrow(UserError);
    }
  });

  it('assigns by SHA-256 of the id (pinned, and cross-checked with Python), a function of the id alone, so adding a submission moves no other', () => {
    // first 4 bytes of SHA-256("alice") big-endian, mod 8, plus 1: computed here by a second route
    const py = execFileSync('python3', ['-c', 'import hashlib; print(int.from_bytes(hashlib.sha256(b"alice").digest()[:4], "big") % 8 + 1)'], { encoding: 'utf8' }).trim();
    expect(shardOf('alice', 8)).toBe(Number(py));
    expect(shardOf('alice', 8)).toBe(2);
    const ids = Array.from({ length: 800 }, (_, i) => `student${i}`);
    const counts = new Array(8).fill(0);
    for (const id of ids) counts[shardOf(id, 8) - 1]++;
    // every shard gets work: within 40 % of the mean of 100
    for (const c of counts) expect(Math.abs(c - 100)).toBeLessThan(40);
  });

  it('N shards merged equal one unsharded run, file for file apart from timings', async () => {
    const { assignment } = tinyAssignment('f', 2);
    const bank = { public: { one: [{ name: 'a', args: [1], expected: 1 }, { name: 'b', args: [-2.5], expected: -2.5 }] } };
    const classDir = join(tmp, 'class');
    makeClass(classDir);
    const whole = join(tmp, 'whole');
    const one = await gradeBatch(assignment, classDir, bank, { hidden: false, jobs: 2, out: whole });
    const shardDirs: string[] = [];
    let graded = 0;
    for (let k = 1; k <= 3; k++) {
      const out = join(tmp, `shard${k}`);
      const run = await gradeBatch(assignment, classDir, bank, { hidden: false, jobs: 2, out, shard: { index: k, count: 3 } });
      graded += run.batch.submissions.length;
      for (const s of run.batch.submissions) expect(shardOf(s.submission, 3)).toBe(k);
      shardDirs.push(out);
    }
    expect(graded).toBe(12);
    const merged = join(tmp, 'merged');
    const m = mergeShards([shardDirs[2], shardDirs[0], shardDirs[1]], merged);
    expect(m.batch.submissions.map((s) => s.submission)).toEqual(one.batch.submissions.map((s) => s.submission));
    expect(m.batch.submissions.map((s) => s.score)).toEqual(one.batch.submissions.map((s) => s.score));
    const a = snapshot(whole);
    const b = snapshot(merged);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['gradebook.csv', 'summary.json', 'report.html', 'alice/results.json', 'mallory/results.json']));
    // the comparison is not of blanks: scores and messages survive the timing filter
    expect(a['gradebook.csv']).toMatch(/alice-2,/);
    expect(a['summary.json']).toMatch(/"count": 12/);
    for (const f of Object.keys(a)) expect(b[f], f).toBe(a[f]);
  });

  it('a shard no submission hashes into writes its record and no class files', async () => {
    const { assignment, bank } = tinyAssignment('f', 1);
    const ids = ['alice', 'alice-2', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory'];
    const empty = Array.from({ length: 64 }, (_, i) => i + 1).find((k) => ids.every((id) => shardOf(id, 64) !== k))!;
    const out = join(tmp, 'empty-shard');
    const run = await gradeBatch(assignment, join(tmp, 'class'), bank, { hidden: false, jobs: 1, out, shard: { index: empty, count: 64 } });
    expect(run).toMatchObject({ summary: null, batch: { submissions: [] } });
    expect(JSON.parse(readFileSync(join(out, SHARD_FILE), 'utf8'))).toMatchObject({ shard: { index: empty, count: 64 }, submissions: [] });
    expect(readdirSync(out).sort()).toEqual(['batch.json', SHARD_FILE]);
  });

  it('refuses a missing shard, a repeated one, another assignment\'s or spec version\'s shard, and a folder that is no shard', async () => {
    const { assignment } = tinyAssignment('f', 1);
    const bank = { public: { one: [{ name: 'a', args: [1], expected: 1 }] } };
    const classDir = join(tmp, 'class2');
    cpSync(join(tmp, 'class'), classDir, { recursive: true });
    const dirs: string[] = [];
    for (let k = 1; k <= 3; k++) {
      dirs.push(join(tmp, `s2-${k}`));
      await gradeBatch(assignment, classDir, bank, { hidden: false, jobs: 1, out: dirs[k - 1], shard: { index: k, count: 3 } });
    }
    const errorOf = (ds: string[]): UserError => {
      try {
        mergeShards(ds, join(tmp, 'never'));
      } catch (e) {
        if (e instanceof UserError) return e;
        throw e;
      }
      throw new Error('expected a UserError');
    };
    expect(errorOf([dirs[0], dirs[2]]).message).toBe('missing shard 2/3: its submissions would be left out of the gradebook');
    expect(errorOf([dirs[0], dirs[1], dirs[1], dirs[2]]).message).toMatch(/shard 2\/3 given twice/);
    const edited = { ...assignment, spec: { ...assignment.spec, tests: [{ ...assignment.spec.tests[0], points: 5 }] } };
    const other = join(tmp, 's2-other');
    await gradeBatch(edited, classDir, bank, { hidden: false, jobs: 1, out: other, shard: { index: 2, count: 3 } });
    expect(errorOf([dirs[0], other, dirs[2]])).toMatchObject({ path: '/specDigest', message: expect.stringMatching(/another version of assignment.json/) });
    const record = JSON.parse(readFileSync(join(other, SHARD_FILE), 'utf8'));
    writeFileSync(join(other, SHARD_FILE), JSON.stringify({ ...record, assignment: 'cnn-layers' }));
    expect(errorOf([dirs[0], other, dirs[2]])).toMatchObject({ path: '/assignment', expected: 'tiny', actual: 'cnn-layers' });
    expect(errorOf([dirs[0], classDir]).message).toMatch(/no shard.json: not the output of a sharded grading run/);
  });
});
