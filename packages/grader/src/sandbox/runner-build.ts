import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const runnerSource = fileURLToPath(new URL('./child/runner.ts', import.meta.url));
// in the student bundle the grader itself is one .mjs file with the prebuilt runner beside it
const prebuiltRunner = fileURLToPath(new URL('./runner.mjs', import.meta.url));

let pending: Promise<string> | undefined;

/**
 * The child's program as one plain .mjs file, made once per grader process, so the child needs
 * no TypeScript loader and its read permission covers exactly two files (this and the submission).
 * The folder and file are world-readable, for a child that runs as an unprivileged user.
 */
export function runnerPath(): Promise<string> {
  pending ??= placeRunner().catch((e: unknown) => {
    pending = undefined;
    throw e;
  });
  return pending;
}

/** Writes the child's program to outFile (for the student bundle, which ships it prebuilt). */
export async function buildRunnerFile(outFile: string): Promise<void> {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, await runnerCode());
}

async function runnerCode(): Promise<Uint8Array> {
  if (existsSync(runnerSource)) {
    const result = await build({
      entryPoints: [runnerSource],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    return result.outputFiles[0].contents;
  }
  if (existsSync(prebuiltRunner)) return readFileSync(prebuiltRunner);
  throw new Error(`the sandbox runner is missing: neither ${runnerSource} nor ${prebuiltRunner} exists`);
}

async function placeRunner(): Promise<string> {
  const code = await runnerCode();
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = mkdtempSync(join(tmpdir(), `gradient-runner-${hash}-`));
  chmodSync(dir, 0o755);
  const file = join(dir, 'runner.mjs');
  writeFileSync(file, code);
  chmodSync(file, 0o644);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return file;
}
