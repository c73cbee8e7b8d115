import { existsSync, mkdirSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build, type Message } from 'esbuild';
import { importPolicy, isInside, type ImportViolation } from './import-policy';
import { SUBMISSION_SOURCE_PREFIX } from './protocol';
import { extractSubmissionZip } from './submission-zip';

export interface CompileOptions {
  /** A folder, or a .zip (its files may sit in one top-level folder). */
  source: string;
  /** The file to bundle, relative to the submission root, e.g. 'cnn_layers.ts'. */
  entry: string;
  /** A scratch folder for the extracted zip and the bundle. */
  workDir: string;
}

export type CompileResult = { ok: true; bundlePath: string; files: string[] } | { ok: false; message: string };

const CODE_FILE = /\.(ts|mts|js|mjs)$/;
const MAX_LISTED = 20;

/**
 * Bundles a submission into one ES module with an inline sourcemap whose sources are named
 * `submission:///<file>`, so the child can point at the student's own line in a stack trace.
 * Every problem is a message for the student: a missing entry, a syntax error, a forbidden import.
 */
export async function compileSubmission(opts: CompileOptions): Promise<CompileResult> {
  const found = submissionRoot(opts);
  if (typeof found !== 'string') return found;
  const root = realpathSync(found);
  const files = listFiles(root);

  const entryPath = join(root, opts.entry);
  if (!existsSync(entryPath) || !statSync(entryPath).isFile()) {
    const code = files.filter((f) => CODE_FILE.test(f) && !f.endsWith('.d.ts'));
    const listing = code.length === 0 ? 'no .ts or .js files' : `${code.slice(0, MAX_LISTED).join(', ')}${code.length > MAX_LISTED ? ', …' : ''}`;
    return { ok: false, message: `${opts.entry} is missing from the submission (found ${listing})` };
  }
  // a symbolic link as the entry would bundle whatever it points to (a hidden file, the reference)
  if (!isInside(root, realpathSync(entryPath))) {
    return { ok: false, message: `${opts.entry} is a link to a file outside the submission; submit the file itself` };
  }

  const bundlePath = join(opts.workDir, 'bundle.mjs');
  let output;
  try {
    output = await build({
      entryPoints: [entryPath],
      absWorkingDir: root,
      outfile: bundlePath,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      tsconfigRaw: {}, // the submission's own tsconfig (paths, ...) does not steer resolution
      plugins: [importPolicy(root)],
      logLevel: 'silent',
    });
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (errors === undefined || errors.length === 0) throw e;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    return { ok: false, message: `${describeError(errors[0])}${more}` };
  }

  const js = output.outputFiles.find((f) => f.path === bundlePath);
  const map = output.outputFiles.find((f) => f.path === `${bundlePath}.map`);
  if (js === undefined || map === undefined) throw new Error(`esbuild wrote no ${bundlePath} and map`);
  mkdirSync(dirname(bundlePath), { recursive: true });
  writeFileSync(bundlePath, withInlineMap(js.text, map.text, dirname(bundlePath), root));
  return { ok: true, bundlePath, files };
}

/** The folder holding the submission's files, extracting a zip first. */
function submissionRoot(opts: CompileOptions): string | { ok: false; message: string } {
  if (!existsSync(opts.source)) return { ok: false, message: `${opts.source} does not exist` };
  if (statSync(opts.source).isDirectory()) return opts.source;
  if (!opts.source.toLowerCase().endsWith('.zip')) return { ok: false, message: `${opts.source} is neither a folder nor a .zip file` };

  const dir = join(opts.workDir, 'submission');
  mkdirSync(dir, { recursive: true });
  const problem = extractSubmissionZip(opts.source, dir);
  if (problem !== undefined) return { ok: false, message: problem };
  // zipping a folder puts everything under that folder's name
  const top = readdirSync(dir, { withFileTypes: true });
  if (!existsSync(join(dir, opts.entry)) && top.length === 1 && top[0].isDirectory()) return join(dir, top[0].name);
  return dir;
}

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(root, join(d.parentPath, d.name)).split(sep).join('/'))
    .filter((f) => !f.split('/').some((part) => part === 'node_modules' || part.startsWith('.')))
    .sort();
}

function describeError(e: Message): string {
  const at = e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}` : undefined;
  const violation = e.detail as ImportViolation | undefined;
  if (violation?.importViolation === true && e.location) {
    const line = `${e.location.file}:${e.location.line}`;
    return violation.reason === 'forbidden'
      ? `forbidden import '${violation.specifier}' in ${line} — submissions may import only relative files and 'ndarray'`
      : `import '${violation.specifier}' in ${line} leaves the submission folder — submissions may import only their own files and 'ndarray'`;
  }
  return at ? `${at}: ${e.text}` : e.text;
}

/** The bundle with its sourcemap inlined, sources renamed to submission:///file or lib:///package/file. */
function withInlineMap(js: string, mapText: string, outDir: string, root: string): string {
  const map = JSON.parse(mapText) as { sources: string[] };
  map.sources = map.sources.map((s) => {
    const path = resolve(outDir, s);
    if (isInside(root, path)) return SUBMISSION_SOURCE_PREFIX + relative(root, path).split(sep).join('/');
    const parts = path.split(sep);
    const lib = parts.lastIndexOf('node_modules');
    return `lib:///${(lib >= 0 ? parts.slice(lib + 1) : parts.slice(-1)).join('/')}`;
  });
  const code = js.replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
  return `${code}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}
