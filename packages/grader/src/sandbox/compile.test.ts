import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterEach, describe, expect, it } from 'vitest';
import { runBuildProcess } from './build-process';
import { compileSubmission } from './compile';
import { ndarrayEntry } from './module-paths';
import { SUBMISSION_SOURCE_PREFIX } from './protocol';
import { MAX_ZIP_BYTES } from './submission-zip';
import { writeSubmission, type TempSubmission } from './test-submission';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

function submission(files: Record<string, string>): TempSubmission {
  const sub = writeSubmission(files);
  cleanup.push(sub.remove);
  return sub;
}

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradient-compile-test-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function messageOf(result: ReturnType<typeof compileSubmission>): Promise<string> {
  const r = await result;
  if (r.ok) throw new Error('expected the compile to fail');
  return r.message;
}

describe('compileSubmission', () => {
  it('bundles relative imports and ndarray into one module with submission:/// sources', async () => {
    const sub = submission({
      'solution.ts': "import { twice } from './lib/math';\nimport ndarray from 'ndarray';\nexport const f = (n: number) => ndarray(new Float64Array([twice(n)]), [1]);\n",
      'lib/math.ts': 'export const twice = (n: number): number => 2 * n;\n',
      'notes.md': 'hi',
    });
    const r = await sub.compile();
    if (!r.ok) throw new Error(r.message);
    expect(r.files).toEqual(['lib/math.ts', 'notes.md', 'solution.ts']);
    const code = readFileSync(r.bundlePath, 'utf8');
    expect(code).not.toMatch(/^import .* from ['"]/m);
    const map = JSON.parse(Buffer.from(/sourceMappingURL=data:application\/json;base64,(\S+)/.exec(code)![1], 'base64').toString());
    expect(map.sources).toContain(`${SUBMISSION_SOURCE_PREFIX}lib/math.ts`);
    expect(map.sources).toContain(`${SUBMISSION_SOURCE_PREFIX}solution.ts`);
    expect(map.sources.filter((s: string) => s.startsWith('lib:///'))).toContain('lib:///ndarray/ndarray.js');
    const mod = await import(r.bundlePath);
    expect(Array.from(mod.f(4).data)).toEqual([8]);
  });

  it('names a missing entry and lists the code files found', async () => {
    const sub = submission({ 'layers.ts': '', 'src/helpers.js': '', 'README.md': '' });
    expect(await messageOf(sub.compile('cnn_layers.ts'))).toBe('cnn_layers.ts is missing from the submission (found layers.ts, src/helpers.js)');
  });

  it.each([
    ['fs', "import * as fs from 'fs';\nexport const f = () => fs.existsSync('x');", 'solution.ts:1'],
    ['node:child_process', "\nimport { execSync } from 'node:child_process';\nexport const f = () => execSync('ls');", 'solution.ts:2'],
    ['@gradient/tensor', "import { relu } from '@gradient/tensor';\nexport const f = relu;", 'solution.ts:1'],
    ['/etc/passwd', "import x from '/etc/passwd';\nexport const f = () => x;", 'solution.ts:1'],
    ['worker_threads', "export const f = () => require('worker_threads');", 'solution.ts:1'],
  ])('refuses the import %s with the file and line', async (specifier, source, at) => {
    const sub = submission({ 'solution.ts': source });
    expect(await messageOf(sub.compile())).toBe(`forbidden import '${specifier}' in ${at} — submissions may import only relative files and 'ndarray'`);
  });

  it('refuses a relative import that leaves the submission folder', async () => {
    const outside = scratch();
    writeFileSync(join(outside, 'secret.ts'), 'export const s = 1;\n');
    const sub = submission({ 'solution.ts': "import { s } from '../" + outside.split('/').pop() + "/secret';\nexport const f = () => s;" });
    expect(await messageOf(sub.compile())).toMatch(/^import '\.\.\/gradient-compile-test-\w+\/secret' in solution\.ts:1 leaves the submission folder/);
  });

  it('reports a syntax error as file:line:col', async () => {
    const sub = submission({ 'solution.ts': 'export function f( {\n  return 1;\n}\n' });
    expect(await messageOf(sub.compile())).toMatch(/^solution\.ts:2:\d+: /);
  });

  it('reports an unresolved relative import with its location', async () => {
    const sub = submission({ 'solution.ts': "import { g } from './missing';\nexport const f = g;" });
    expect(await messageOf(sub.compile())).toBe('solution.ts:1:19: Could not resolve "./missing"');
  });

  it('accepts a zip, flat or with one top-level folder', async () => {
    for (const prefix of ['', 'student-42/']) {
      const work = scratch();
      const zip = new AdmZip();
      zip.addFile(`${prefix}solution.ts`, Buffer.from("import { k } from './k';\nexport const f = () => k;\n"));
      zip.addFile(`${prefix}k.ts`, Buffer.from('export const k = 3;\n'));
      zip.addFile('__MACOSX/._solution.ts', Buffer.from('junk'));
      const path = join(work, 'sub.zip');
      zip.writeZip(path);
      const r = await compileSubmission({ source: path, entry: 'solution.ts', workDir: work });
      if (!r.ok) throw new Error(r.message);
      expect(r.files).toEqual(['k.ts', 'solution.ts']);
      expect((await import(r.bundlePath)).f()).toBe(3);
    }
  });

  it('accepts a folder holding one folder with the entry, as Gradescope unpacks a zipped folder, beside OS noise', async () => {
    const sub = submission({
      'student-42/solution.ts': "import { k } from './k';\nexport const f = () => k;\n",
      'student-42/k.ts': 'export const k = 3;\n',
      '__MACOSX/student-42/._solution.ts': 'junk',
      '.DS_Store': 'junk',
    });
    const r = await sub.compile();
    if (!r.ok) throw new Error(r.message);
    expect(r.files).toEqual(['k.ts', 'solution.ts']);
    expect((await import(r.bundlePath)).f()).toBe(3);
  });

  it('stays at the top when its only folder lacks the entry, so the message shows where the files are', async () => {
    const sub = submission({ 'student-42/solutions.ts': 'export const f = 1;\n' });
    expect(await messageOf(sub.compile())).toBe('solution.ts is missing from the submission (found student-42/solutions.ts)');
  });

  it('rejects a zip entry that points outside the folder (zip-slip)', async () => {
    const work = scratch();
    const zip = new AdmZip();
    zip.addFile('solution.ts', Buffer.from('export const f = 1;'));
    zip.addFile('placeholder.ts', Buffer.from('export const evil = 1;'));
    const path = join(work, 'slip.zip');
    // adm-zip normalizes names on add, so the hostile name is written into the headers afterwards
    zip.getEntry('placeholder.ts')!.entryName = '../../evil.ts';
    zip.writeZip(path);
    expect(await messageOf(compileSubmission({ source: path, entry: 'solution.ts', workDir: work }))).toBe("the zip entry '../../evil.ts' points outside the submission folder");
    expect(existsSync(join(work, '..', 'evil.ts'))).toBe(false);
  });

  it('rejects a zip that unpacks to more than the size cap', async () => {
    const work = scratch();
    const zip = new AdmZip();
    zip.addFile('solution.ts', Buffer.from('export const f = 1;'));
    zip.addFile('big.bin', Buffer.alloc(MAX_ZIP_BYTES + 1));
    const path = join(work, 'big.zip');
    zip.writeZip(path);
    expect(await messageOf(compileSubmission({ source: path, entry: 'solution.ts', workDir: work }))).toBe('the zip unpacks to more than 50 MB');
  });

  it.each([
    ['a name longer than the file system allows', [`${'a'.repeat(300)}.ts`], "the zip entry 'aaaa", 'its name is too long'],
    ['a file and a folder of the same name', ['solution.ts', 'solution.ts/inner.ts'], "the zip entry 'solution.ts/inner.ts'", 'a file and a folder of the zip have the same name'],
  ])('turns an entry the file system refuses (%s) into a message', async (_what, names, start, why) => {
    const work = scratch();
    const zip = new AdmZip();
    zip.addFile('solution.ts', Buffer.from('export const f = 1;'));
    for (let i = 0; i < names.length; i++) zip.addFile(`placeholder-${i}.ts`, Buffer.from('export const g = 2;'));
    // adm-zip normalizes names on add, so the hostile names are written into the headers afterwards
    names.forEach((name, i) => {
      zip.getEntry(`placeholder-${i}.ts`)!.entryName = name;
    });
    const path = join(work, 'bad.zip');
    zip.writeZip(path);
    const message = await messageOf(compileSubmission({ source: path, entry: 'solution.ts', workDir: work }));
    expect(message.startsWith(start), message).toBe(true);
    expect(message.endsWith(`cannot be extracted: ${why}`), message).toBe(true);
    expect(message.length).toBeLessThan(200);
  });

  it('rejects a source that is neither a folder nor a zip', async () => {
    const work = scratch();
    writeFileSync(join(work, 'solution.ts'), '');
    expect(await messageOf(compileSubmission({ source: join(work, 'solution.ts'), entry: 'solution.ts', workDir: work }))).toMatch(/is neither a folder nor a \.zip file$/);
  });
});

describe('symbolic links', () => {
  it('refuses an entry file that links outside the submission', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'gradient-outside-'));
    const dir = mkdtempSync(join(tmpdir(), 'gradient-linked-'));
    const work = mkdtempSync(join(tmpdir(), 'gradient-linked-work-'));
    writeFileSync(join(outside, 'secret.ts'), 'export const secret = 1729031;');
    symlinkSync(join(outside, 'secret.ts'), join(dir, 'solution.ts'));
    try {
      const result = await compileSubmission({ source: dir, entry: 'solution.ts', workDir: work });
      expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/link to a file outside the submission/) });
    } finally {
      for (const d of [outside, dir, work]) rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('builds that would take the grader down', () => {
  it('fails the build of deeply nested brackets that crash esbuild, and the next build works', async () => {
    // 300000 levels overflow esbuild's 1 GB goroutine stack (a fatal error of its process) in a few seconds
    const deep = submission({ 'solution.ts': `export const x = ${'['.repeat(300_000)}${']'.repeat(300_000)};\n` });
    expect(await messageOf(deep.compile())).toBe('esbuild crashed while building your code (stack overflow: code nested too deeply?)');
    const fine = submission({ 'solution.ts': 'export const f = () => 1;\n' });
    const r = await fine.compile();
    expect(r.ok).toBe(true);
  }, 20_000);

  it('refuses a FIFO in the submission, or a link to one, naming it, before building', async () => {
    const sub = submission({ 'solution.ts': "import x from './data/pipe.ts';\nexport const f = () => x;\n", 'data/notes.md': '' });
    execFileSync('mkfifo', [join(sub.dir, 'data', 'pipe.ts')]);
    expect(await messageOf(sub.compile())).toBe('data/pipe.ts is not a regular file (a FIFO, socket or device); a submission may hold only files and folders');
    const outside = scratch();
    execFileSync('mkfifo', [join(outside, 'pipe')]);
    const linked = submission({ 'solution.ts': "import x from './pipe.ts';\nexport const f = () => x;\n" });
    symlinkSync(join(outside, 'pipe'), join(linked.dir, 'pipe.ts'));
    expect(await messageOf(linked.compile())).toBe('pipe.ts is not a regular file (a FIFO, socket or device); a submission may hold only files and folders');
  });

  it('stops a build that does not finish within its time limit', async () => {
    // a FIFO entry read by esbuild itself blocks forever: only the time limit ends it
    const dir = realpathSync(scratch());
    execFileSync('mkfifo', [join(dir, 'solution.ts')]);
    const esbuild = createRequire(import.meta.url).resolve('esbuild');
    const t0 = performance.now();
    const reply = await runBuildProcess({ esbuild, ndarray: ndarrayEntry(), root: dir, entryPath: join(dir, 'solution.ts'), bundlePath: join(dir, 'bundle.mjs') }, 1000);
    expect(reply).toEqual({ ok: false, message: 'the build did not finish within 1 s and was stopped' });
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
