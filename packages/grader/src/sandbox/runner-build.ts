import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The grader's helper programs, each run as `node <file>.mjs` in a process of its own: the sandboxed
 * child that runs student code, and the build process that bundles a submission. In the student
 * bundle the grader itself is one .mjs file with these prebuilt beside it.
 */
const PROGRAMS = {
  runner: { source: './child/runner.ts', prebuilt: './runner.mjs' },
  builder: { source: './build-worker.ts', prebuilt: './build-worker.mjs' },
} as const;

export type ProgramName = keyof typeof PROGRAMS;

const pending = new Map<ProgramName, Promise<string>>();

/**
 * The program as one plain .mjs file, made once per grader process, so its process needs no
 * TypeScript loader (and the child's read permission covers exactly two files: this and the submission).
 * The folder and file are world-readable, for a child that runs as an unprivileged user.
 */
export function programPath(name: ProgramName): Promise<string> {
  let placed = pending.get(name);
  if (placed === undefined) {
    placed = placeProgram(name).catch((e: unknown) => {
      pending.delete(name);
      throw e;
    });
    pending.set(name, placed);
  }
  return placed;
}

export function runnerPath(): Promise<string> {
  return programPath('runner');
}

/** Writes a program to outFile (for the student bundle, which ships them prebuilt). */
export async function buildProgramFile(name: ProgramName, outFile: string): Promise<void> {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, await programCode(name));
}

async function programCode(name: ProgramName): Promise<Uint8Array> {
  const source = fileURLToPath(new URL(PROGRAMS[name].source, import.meta.url));
  const prebuilt = fileURLToPath(new URL(PROGRAMS[name].prebuilt, import.meta.url));
  if (existsSync(source)) {
    const result = await build({
      entryPoints: [source],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    return result.outputFiles[0].contents;
  }
  if (existsSync(prebuilt)) return readFileSync(prebuilt);
  throw new Error(`the grader's ${name} program is missing: neither ${source} nor ${prebuilt} exists`);
}

async function placeProgram(name: ProgramName): Promise<string> {
  const code = await programCode(name);
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = mkdtempSync(join(tmpdir(), `gradient-${name}-${hash}-`));
  chmodSync(dir, 0o755);
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  chmodSync(file, 0o644);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return file;
}
