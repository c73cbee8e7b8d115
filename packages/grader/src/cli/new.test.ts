// `gradient new` makes an assignment that passes its own tests and typecheck as soon as its dependencies are
// linked. Every scaffold goes into a scratch root, never into this repo, where pnpm's workspace (graders/*)
// would pick it up.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import { createAssignment } from './new';
import { gradientCli, ROOT, runProcess } from './test-process';


const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

function scratchRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradient-new-test-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// the scaffold's own vitest run must not think it is nested in this one
const QUIET = { CI: '1', VITEST: undefined };
const run = (command: string, args: string[], cwd: string) => runProcess(command, args, { cwd, env: QUIET });
const gradient = (args: string[], cwd = ROOT) => gradientCli(args, cwd, QUIET);

/**
 * What `pnpm install` does for the new package, by hand: its dependencies linked into its node_modules (the
 * workspace packages and the copies @gradient/tensor uses), the repo's root node_modules (vitest, typescript)
 * and tsconfig.base.json above it.
 */
function linkAsPnpmWould(root: string, dir: string): void {
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  cpSync(join(ROOT, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  const fromTensor = createRequire(join(ROOT, 'packages', 'tensor', 'package.json'));
  for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    const target = version.startsWith('workspace:') ? join(ROOT, 'packages', name.replace('@gradient/', '')) : realpathSync(dirname(fromTensor.resolve(`${name}/package.json`)));
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(target, join(dir, 'node_modules', name));
  }
}

describe('gradient new', () => {
  // About 5 s (measured on 2 busy cores): the scaffold's own vitest run (it grades three samples in the sandbox) and tsc,
  // side by side. They are the proof that the scaffold passes `pnpm test` (typecheck + test) right away.
  it('scaffolds an assignment whose own grading test and typecheck pass', { timeout: 120_000 }, async () => {
    const root = scratchRoot();
    const reposGraders = readdirSync(join(ROOT, 'graders'));
    const made = await gradient(['new', 'affine-demo', '--root', root]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('pnpm install');
    expect(made.stdout).toContain('pnpm --filter @gradient/grader-affine-demo test');

    const dir = join(root, 'graders', 'affine-demo');
    for (const f of ['package.json', 'tsconfig.json', 'vitest.config.ts', 'assignment.json', 'reference.ts', 'fixtures.ts', 'grading.test.ts', 'hidden-seed.json',
      'starter/affine_demo.ts', 'submissions/correct/affine_demo.ts']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(existsSync(join(root, 'fixtures', 'affine-demo', 'public', 'manifest.json'))).toBe(true);
    expect(readdirSync(join(ROOT, 'graders'))).toEqual(reposGraders);

    linkAsPnpmWould(root, dir);
    const [tests, types] = await Promise.all([
      run(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run'], dir),
      run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], dir),
    ]);
    expect(tests.code, tests.stdout + tests.stderr).toBe(0);
    expect(tests.stdout).toMatch(/Tests\s+4 passed/);
    expect(types.code, types.stdout + types.stderr).toBe(0);
  });

  it('refuses an existing assignment or fixtures folder, and changes nothing', async () => {
    const root = scratchRoot();
    mkdirSync(join(root, 'graders', 'taken'), { recursive: true });
    writeFileSync(join(root, 'graders', 'taken', 'assignment.json'), '{}');
    await expect(createAssignment({ name: 'taken', root })).rejects.toThrow(expect.objectContaining({ code: 'E_EXISTS', message: "an assignment named 'taken' already exists" }));
    expect(readdirSync(join(root, 'graders', 'taken'))).toEqual(['assignment.json']);
    expect(existsSync(join(root, 'fixtures'))).toBe(false);

    mkdirSync(join(root, 'fixtures', 'only-fixtures'), { recursive: true });
    await expect(createAssignment({ name: 'only-fixtures', root })).rejects.toThrow(expect.objectContaining({ code: 'E_EXISTS' }));
    expect(existsSync(join(root, 'graders', 'only-fixtures'))).toBe(false);
  });

  it('refuses a name that is not a folder name the spec allows', async () => {
    const root = scratchRoot();
    for (const name of ['Affine', 'affine_layer', '-affine', '', '../escape', 'a/b', 'x'.repeat(65)]) {
      const e = await createAssignment({ name, root }).then(() => undefined, (err: unknown) => err);
      expect(e, name).toBeInstanceOf(UserError);
      expect((e as UserError).code).toBe('E_NAME');
    }
    expect(readdirSync(root)).toEqual([]);
  });

  it('from the CLI: one line and exit 2 for a bad or taken name; the default root is this repo', { timeout: 60_000 }, async () => {
    const [bad, taken] = await Promise.all([gradient(['new', 'My_Assignment']), gradient(['new', 'cnn-layers'])]);
    for (const r of [bad, taken]) {
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(bad.stderr).toContain("invalid assignment name 'My_Assignment'");
    expect(taken.stderr).toContain(`${join(ROOT, 'graders', 'cnn-layers')}: an assignment named 'cnn-layers' already exists`);
  });
});
