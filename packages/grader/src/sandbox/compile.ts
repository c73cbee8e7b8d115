import { existsSync, mkdirSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { BUILD_TIME_MS, runBuildProcess } from './build-process';
import { isInside } from './import-policy';
import { libraryEntries } from './libraries';
import { ndarrayEntry } from './module-paths';
import { extractSubmissionZip } from './submission-zip';

export interface CompileOptions {
  /** A folder, or a .zip (its files may sit in one top-level folder). */
  source: string;
  /** The file to bundle, relative to the submission root, e.g. 'cnn_layers.ts'. */
  entry: string;
  /** A scratch folder for the extracted zip and the bundle. */
  workDir: string;
  /** Libraries the assignment declares (spec `libraries`), importable by name, and the assignment folder they resolve from. */
  libraries?: readonly string[];
  assignmentDir?: string;
  /** Default BUILD_TIME_MS. */
  buildTimeMs?: number;
}

export type CompileResult = { ok: true; bundlePath: string; files: string[]; /** the submission's folder (a zip's extraction), files relative to it */ root: string } | { ok: false; message: string };

const CODE_FILE = /\.(ts|mts|js|mjs)$/;
const MAX_LISTED = 20;

let esbuildMain: string | undefined;

/**
 * Bundles a submission into one ES module (bundle-submission.ts), in a build process of its own
 * with a time limit. Every problem is a message for the student: a missing entry, a file that is
 * not a regular file, a syntax error, a forbidden import, a build that crashes or hangs.
 */
export async function compileSubmission(opts: CompileOptions): Promise<CompileResult> {
  const found = submissionRoot(opts);
  if (typeof found !== 'string') return found;
  let root: string;
  let entries: Dirent[];
  try {
    root = realpathSync(found);
    entries = readdirSync(root, { recursive: true, withFileTypes: true });
  } catch (e) {
    return { ok: false, message: `the submission folder cannot be read (${(e as { code?: string }).code ?? String(e)})` };
  }
  const odd = irregularFile(root, entries);
  if (odd !== undefined) {
    return { ok: false, message: `${shown(odd)} is not a regular file (a FIFO, socket or device); a submission may hold only files and folders` };
  }
  const files = listFiles(root, entries);

  const entryPath = join(root, opts.entry);
  if (!existsSync(entryPath) || !statSync(entryPath).isFile()) {
    const code = files.filter((f) => CODE_FILE.test(f) && !f.endsWith('.d.ts'));
    const listing = code.length === 0 ? 'no .ts or .js files' : `${code.slice(0, MAX_LISTED).map(shown).join(', ')}${code.length > MAX_LISTED ? ', …' : ''}`;
    return { ok: false, message: `${opts.entry} is missing from the submission (found ${listing})` };
  }
  // a symbolic link as the entry would bundle whatever it points to (a hidden file, the reference)
  if (!isInside(root, realpathSync(entryPath))) {
    return { ok: false, message: `${opts.entry} is a link to a file outside the submission; submit the file itself` };
  }

  const bundlePath = join(opts.workDir, 'bundle.mjs');
  esbuildMain ??= createRequire(import.meta.url).resolve('esbuild');
  const libraries = opts.libraries !== undefined && opts.libraries.length > 0 ? { libraries: await libraryEntries(opts.libraries, opts.assignmentDir ?? process.cwd()) } : {};
  const reply = await runBuildProcess({ esbuild: esbuildMain, ndarray: ndarrayEntry(), root, entryPath, bundlePath, ...libraries }, opts.buildTimeMs ?? BUILD_TIME_MS);
  return reply.ok ? { ok: true, bundlePath, files, root } : reply;
}

/** The folder holding the submission's files, extracting a zip first. */
function submissionRoot(opts: CompileOptions): string | { ok: false; message: string } {
  if (!existsSync(opts.source)) return { ok: false, message: `${opts.source} does not exist` };
  if (statSync(opts.source).isDirectory()) return insideOnlyFolder(opts.source, opts.entry);
  if (!opts.source.toLowerCase().endsWith('.zip')) return { ok: false, message: `${opts.source} is neither a folder nor a .zip file` };

  const dir = join(opts.workDir, 'submission');
  mkdirSync(dir, { recursive: true });
  const problem = extractSubmissionZip(opts.source, dir);
  if (problem !== undefined) return { ok: false, message: problem };
  return insideOnlyFolder(dir, opts.entry);
}

/** What operating systems and zip tools leave beside a student's files: never part of a submission. */
const NOISE = /^(__MACOSX|\.DS_Store|\._.*|Thumbs\.db|desktop\.ini)$/i;

/**
 * Zipping a folder puts everything under that folder's name, and Gradescope unpacks such a zip into a
 * folder holding one folder: when the entry is not at the top and the top holds only one folder (besides
 * OS noise) that has the entry, the submission is that folder. One rule for folders and zips alike.
 */
function insideOnlyFolder(dir: string, entry: string): string {
  if (existsSync(join(dir, entry))) return dir;
  let top: Dirent[];
  try {
    top = readdirSync(dir, { withFileTypes: true }).filter((d) => !NOISE.test(d.name));
  } catch {
    return dir; // compileSubmission says why the folder cannot be read
  }
  // a Dirent of a symbolic link is no directory: a link to a folder elsewhere is never followed here
  if (top.length !== 1 || !top[0].isDirectory()) return dir;
  const inner = join(dir, top[0].name);
  return existsSync(join(inner, entry)) ? inner : dir;
}

const pathOf = (root: string, d: Dirent): string => relative(root, join(d.parentPath, d.name)).split(sep).join('/');

/**
 * The first FIFO, socket or device in the tree (or a link to one): reading one can block the build
 * forever (a FIFO nobody writes to) or never end (/dev/zero).
 */
function irregularFile(root: string, entries: Dirent[]): string | undefined {
  for (const d of entries) {
    if (d.isFile() || d.isDirectory()) continue;
    if (d.isSymbolicLink()) {
      let target;
      try {
        target = statSync(join(d.parentPath, d.name));
      } catch {
        continue; // a dangling link: the build says so if the code imports it
      }
      if (target.isFile() || target.isDirectory()) continue;
    }
    return pathOf(root, d);
  }
  return undefined;
}

/** The files of a submission folder as the grader sees them: regular files, no node_modules, no dot-folders, sorted. */
export function submissionFiles(root: string): string[] {
  return listFiles(root, readdirSync(root, { recursive: true, withFileTypes: true }));
}

function listFiles(root: string, entries: Dirent[]): string[] {
  return entries
    .filter((d) => d.isFile())
    .map((d) => pathOf(root, d))
    .filter((f) => !f.split('/').some((part) => part === 'node_modules' || part.startsWith('.')))
    .sort();
}

function shown(name: string): string {
  return name.length > 100 ? `${name.slice(0, 100)}…` : name;
}
