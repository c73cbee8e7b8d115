// Libraries a submission may import by name when its assignment declares them (`"libraries"` in the spec):
// bundled into the submission from the copy the assignment's package depends on (graders/<name>/package.json;
// in a student bundle, the bundle's own), never from the submission's node_modules. The grader itself has tfjs
// only as a dev dependency (its tests), so a Gradescope kit of an assignment without tfjs does not carry it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors';

export const SUPPORTED_LIBRARIES = ['@tensorflow/tfjs'] as const;

/** The ES module build of a package (its package.json "module" field), as the assignment folder resolves it, else as the grader does. */
function esmEntry(name: string, assignmentDir: string): string {
  let pkgFile: string | undefined;
  for (const from of [join(assignmentDir, 'package.json'), fileURLToPath(import.meta.url)]) {
    try {
      pkgFile = createRequire(from).resolve(`${name}/package.json`);
      break;
    } catch {
      // not installed there
    }
  }
  if (pkgFile === undefined) {
    throw new UserError({
      code: 'E_DEPENDENCY', file: join(assignmentDir, 'package.json'), path: '/dependencies', message: `the spec declares the library '${name}', which is not installed for this assignment`,
      expected: `"${name}" in the assignment's package.json dependencies, then pnpm install (npm install in a student bundle)`,
    });
  }
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { module?: string; main?: string };
  return join(dirname(pkgFile), pkg.module ?? pkg.main ?? 'index.js');
}

/**
 * '@tensorflow/tfjs' as a submission sees it: the library, with its "install tfjs-node" banner (printed on
 * the cpu backend's first use) turned off, so that it never lands in the student's printed output.
 * PROD also skips tfjs's debug checks, which grading does not need.
 */
function tfjsEntrySource(entryFile: string): string {
  const entry = JSON.stringify(entryFile);
  return `import { env } from ${entry};\nexport * from ${entry};\nenv().set('PROD', true);\n`;
}

/**
 * tfjs's ES modules still call require('util') (PlatformNode), which an ES module lacks: the prebuilt file
 * gets a require of its own that serves that builtin alone (module-scoped: student code bundled beside it
 * does not see it). The child's permission model, not this, is what confines student code.
 */
const REQUIRE_UTIL_ONLY =
  'import __gradientUtil from "node:util";\n' +
  'const require = (id) => { if (id === "util" || id === "node:util") return __gradientUtil; throw new Error(`require(${JSON.stringify(id)}) is not available to submissions`); };\n';

/** By tfjs's entry file: one prebuild per copy of tfjs a grader process meets (usually one). */
const prebuilt = new Map<string, Promise<string>>();

/**
 * tfjs prebuilt once per grader process into one ES module (~2.5 MB, about 0.7 s): bundling a submission
 * that imports it then parses one file instead of resolving tfjs's hundreds of modules (about 0.3 s instead
 * of 1.6 s per submission). The file lives in a private temporary folder: nothing another user could replace.
 */
function tfjsLibraryFile(tfjsEntry: string): Promise<string> {
  const made = prebuilt.get(tfjsEntry) ?? (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradient-libraries-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const entry = join(dir, 'tfjs-entry.mjs');
    writeFileSync(entry, tfjsEntrySource(tfjsEntry));
    const outfile = join(dir, 'tfjs.mjs');
    const { build } = await import('esbuild');
    await build({
      entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
      mainFields: ['module', 'main'], banner: { js: REQUIRE_UTIL_ONLY }, legalComments: 'none', logLevel: 'silent',
    });
    return outfile;
  })();
  prebuilt.set(tfjsEntry, made);
  return made;
}

/** Bare specifier -> the file a submission's import of it bundles, for each declared library. */
export async function libraryEntries(names: readonly string[], assignmentDir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) {
    if (name !== '@tensorflow/tfjs') throw new Error(`grader error: no entry for library '${name}' (supported: ${SUPPORTED_LIBRARIES.join(', ')})`);
    out[name] = await tfjsLibraryFile(esmEntry(name, assignmentDir));
  }
  return out;
}
