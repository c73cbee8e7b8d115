// Runs in the build process (build-worker.ts), never in the grader: esbuild can crash or hang on
// hostile sources, and that must cost only this submission's build.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { build as esbuildBuild, Message } from 'esbuild';
import { importPolicy, isSubmissionFile, type ImportViolation } from './import-policy';
import { LIBRARIES_EXPORT, SUBMISSION_SOURCE_PREFIX } from './protocol';

/** What the grader asks the build process to do; paths are absolute. */
export interface BuildJob {
  /** The esbuild package's main file, as the grader resolves it (the build program has no node_modules of its own). */
  esbuild: string;
  ndarray: string;
  /** The submission folder (a real path) and its entry file. */
  root: string;
  entryPath: string;
  /** Where the bundle goes. */
  bundlePath: string;
  /** Libraries the assignment declares: bare specifier -> the entry file to bundle (libraries.ts). */
  libraries?: Record<string, string>;
  /** The build process ends itself after this long, should the grader that started it be gone. */
  timeMs: number;
}

export type BuildReply = { ok: true } | { ok: false; message: string };

/**
 * Bundles a submission into one ES module with an inline sourcemap whose sources are named
 * `submission:///<file>`, so the child can point at the student's own line in a stack trace.
 * A syntax error or a forbidden import is a message for the student.
 */
export async function bundleSubmission(build: typeof esbuildBuild, job: BuildJob): Promise<BuildReply> {
  let output;
  try {
    output = await build({
      ...entryOf(job),
      absWorkingDir: job.root,
      outfile: job.bundlePath,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      tsconfigRaw: {}, // the submission's own tsconfig (paths, ...) does not steer resolution
      plugins: [importPolicy(job.root, job.ndarray, job.libraries ?? {})],
      logLevel: 'silent',
    });
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (errors === undefined || errors.length === 0) return { ok: false, message: `esbuild failed: ${e instanceof Error ? e.message : String(e)}` };
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    return { ok: false, message: `${describeError(errors[0], Object.keys(job.libraries ?? {}))}${more}` };
  }
  const js = output.outputFiles.find((f) => f.path === job.bundlePath);
  const map = output.outputFiles.find((f) => f.path === `${job.bundlePath}.map`);
  if (js === undefined || map === undefined) throw new Error(`esbuild wrote no ${job.bundlePath} and map`);
  mkdirSync(dirname(job.bundlePath), { recursive: true });
  writeFileSync(job.bundlePath, withInlineMap(js.text, map.text, dirname(job.bundlePath), job.root));
  return { ok: true };
}

/**
 * The submission's entry; with declared libraries, an entry around it that also exports their namespaces (the very
 * modules the submission's own imports get) as __gradientLibraries, for the runner's train-step harness.
 */
function entryOf(job: BuildJob): { entryPoints: string[] } | { stdin: { contents: string; resolveDir: string; sourcefile: string; loader: 'js' } } {
  const libraries = Object.entries(job.libraries ?? {});
  if (libraries.length === 0) return { entryPoints: [job.entryPath] };
  const lines = [`export * from ${JSON.stringify(job.entryPath)};`];
  libraries.forEach(([, file], i) => lines.push(`import * as __library${i} from ${JSON.stringify(file)};`));
  lines.push(`export const ${LIBRARIES_EXPORT} = { ${libraries.map(([name], i) => `${JSON.stringify(name)}: __library${i}`).join(', ')} };`);
  // placed beside the bundle, outside the submission: its imports (absolute paths) are the grader's, not the student's
  return { stdin: { contents: lines.join('\n'), resolveDir: dirname(job.bundlePath), sourcefile: 'gradient-entry.js', loader: 'js' } };
}

function describeError(e: Message, libraries: string[]): string {
  const at = e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}` : undefined;
  const violation = e.detail as ImportViolation | undefined;
  if (violation?.importViolation === true && e.location) {
    const line = `${e.location.file}:${e.location.line}`;
    const named = ['ndarray', ...libraries].map((n) => `'${n}'`).join(', ');
    if (violation.reason === 'forbidden') return `forbidden import '${violation.specifier}' in ${line} — submissions may import only relative files and ${named}`;
    if (violation.reason === 'installed') return `import '${violation.specifier}' in ${line} reaches into node_modules, which is not part of a submission — import 'ndarray' by its name`;
    return `import '${violation.specifier}' in ${line} leaves the submission folder — submissions may import only their own files and 'ndarray'`;
  }
  return at ? `${at}: ${e.text}` : e.text;
}

/** The bundle with its sourcemap inlined, sources renamed to submission:///file or lib:///package/file. */
function withInlineMap(js: string, mapText: string, outDir: string, root: string): string {
  const map = JSON.parse(mapText) as { sources: string[] };
  map.sources = map.sources.map((s) => {
    const path = resolve(outDir, s);
    if (isSubmissionFile(root, path)) return SUBMISSION_SOURCE_PREFIX + relative(root, path).split(sep).join('/');
    const parts = path.split(sep);
    const lib = parts.lastIndexOf('node_modules');
    return `lib:///${(lib >= 0 ? parts.slice(lib + 1) : parts.slice(-1)).join('/')}`;
  });
  const code = js.replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
  return `${code}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}
