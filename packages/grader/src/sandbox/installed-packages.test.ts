// node_modules inside a submission folder: library code where the student bundle installs it, never
// student code, and never a way to hand the grader other code.
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterEach, describe, expect, it } from 'vitest';
import { runBuildProcess } from './build-process';
import { compileSubmission } from './compile';
import { ndarrayEntry } from './module-paths';
import { SUBMISSION_SOURCE_PREFIX } from './protocol';
import { MAX_ZIP_FILES } from './submission-zip';
import { writeSubmission } from './test-submission';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

function scratch(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'gradient-installed-test-')));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const USES_NDARRAY = "import ndarray from 'ndarray';\nexport const f = (n: number) => ndarray(new Float64Array([n, 2 * n]), [2]).get(1);\n";

/** Copies ndarray and the packages it imports into dir/node_modules as real files, as `npm install` leaves them. */
function installNdarray(dir: string): string {
  const from = dirname(ndarrayEntry());
  const own = createRequire(ndarrayEntry());
  for (const [name, src] of [['ndarray', from], ['iota-array', dirname(own.resolve('iota-array/package.json'))], ['is-buffer', dirname(own.resolve('is-buffer/package.json'))]]) {
    cpSync(src, join(dir, 'node_modules', name), { recursive: true, dereference: true });
  }
  return join(dir, 'node_modules', 'ndarray', 'ndarray.js');
}

function mapSources(bundlePath: string): string[] {
  const code = readFileSync(bundlePath, 'utf8');
  return (JSON.parse(Buffer.from(/sourceMappingURL=data:application\/json;base64,(\S+)/.exec(code)![1], 'base64').toString()) as { sources: string[] }).sources;
}

describe('packages installed inside the submission folder', () => {
  it('are library code: ndarray from the folder\'s own node_modules builds, its files named lib:///', async () => {
    // the student bundle: the grader's ndarray is the one `npm install` put beside the student's file
    const root = scratch();
    writeFileSync(join(root, 'solution.ts'), USES_NDARRAY);
    const ndarray = installNdarray(root);
    const esbuild = createRequire(import.meta.url).resolve('esbuild');
    const bundlePath = join(scratch(), 'bundle.mjs');
    const reply = await runBuildProcess({ esbuild, ndarray, root, entryPath: join(root, 'solution.ts'), bundlePath });
    expect(reply).toEqual({ ok: true });
    const sources = mapSources(bundlePath);
    expect(sources).toContain(`${SUBMISSION_SOURCE_PREFIX}solution.ts`);
    expect(sources).toContain('lib:///ndarray/ndarray.js');
    expect(sources).toContain('lib:///iota-array/iota.js');
    expect(sources.filter((s) => s.includes('node_modules'))).toEqual([]);
    expect((await import(bundlePath)).f(4)).toBe(8);
  });

  it('cannot be reached by a relative import: a student cannot bring code in through node_modules', async () => {
    const sub = writeSubmission({
      'solution.ts': "import { run } from './node_modules/helper/index.js';\nexport const f = () => run('ls');\n",
      'node_modules/helper/index.js': "import { execSync } from 'node:child_process';\nexport const run = (c) => execSync(c);\n",
    });
    cleanup.push(sub.remove);
    const r = await sub.compile();
    expect(r).toEqual({
      ok: false,
      message: "import './node_modules/helper/index.js' in solution.ts:1 reaches into node_modules, which is not part of a submission — import 'ndarray' by its name",
    });
  });

  it('in a zip are neither extracted nor counted: a whole folder zipped with node_modules is graded on its own files', async () => {
    const work = scratch();
    const zip = new AdmZip();
    zip.addFile('cnn-layers/solution.ts', Buffer.from(USES_NDARRAY));
    // the grader's own ndarray is used, never the one in the zip
    zip.addFile('cnn-layers/node_modules/ndarray/package.json', Buffer.from('{"name":"ndarray","main":"ndarray.js"}'));
    zip.addFile('cnn-layers/node_modules/ndarray/ndarray.js', Buffer.from("module.exports = () => { throw new Error('not the grader\\'s ndarray'); };\n"));
    for (let i = 0; i <= MAX_ZIP_FILES; i++) zip.addFile(`cnn-layers/node_modules/filler/f${i}.js`, Buffer.from('x'));
    const path = join(work, 'student.zip');
    zip.writeZip(path);
    const r = await compileSubmission({ source: path, entry: 'solution.ts', workDir: work });
    if (!r.ok) throw new Error(r.message);
    expect(r.files).toEqual(['solution.ts']);
    expect((await import(r.bundlePath)).f(4)).toBe(8);
  });

  it('in a folder are left out of the submission\'s files and never used', async () => {
    const sub = writeSubmission({
      'solution.ts': USES_NDARRAY,
      'node_modules/ndarray/package.json': '{"name":"ndarray","main":"ndarray.js"}',
      'node_modules/ndarray/ndarray.js': "module.exports = () => { throw new Error('not the grader\\'s ndarray'); };\n",
    });
    cleanup.push(sub.remove);
    const r = await sub.compile();
    if (!r.ok) throw new Error(r.message);
    expect(r.files).toEqual(['solution.ts']);
    expect((await import(r.bundlePath)).f(4)).toBe(8);
  });
});
