import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Plugin } from 'esbuild';

/** Attached to esbuild errors from this plugin, so compile.ts can word them. */
export interface ImportViolation {
  importViolation: true;
  specifier: string;
  /**
   * 'forbidden': not a relative path or 'ndarray'; 'outside': a relative path leaving the submission;
   * 'installed': a relative path into a node_modules folder of the submission.
   */
  reason: 'forbidden' | 'outside' | 'installed';
}

const RESOLVING = Symbol('submission-imports resolving');

export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep);
}

/**
 * A file of the submission itself: under root and in no node_modules folder. What a package manager
 * installed is library code wherever it sits: the student bundle is graded with its own node_modules
 * inside the folder, and a student may zip that folder whole.
 */
export function isSubmissionFile(root: string, path: string): boolean {
  return isInside(root, path) && !relative(root, path).split(sep).includes('node_modules');
}

/**
 * Files of the submission (under root, a real path) may import only other files of the submission, the
 * bare module 'ndarray' (the file ndarrayEntry, the grader's own copy) and the libraries the assignment
 * declares (specifier -> entry file, never the submission's copy: sandbox/libraries.ts); their own imports
 * resolve normally. Nothing is taken from the submission's node_modules: a package there is not the
 * grader's, and a student could have put anything in it. A readable message for the student, not the
 * security boundary: that is the child's permission model.
 */
export function importPolicy(root: string, ndarrayEntry: string, libraries: Record<string, string> = {}): Plugin {
  return {
    name: 'submission-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData === RESOLVING || !isSubmissionFile(root, args.importer)) return undefined;
        if (args.path === 'ndarray') return { path: ndarrayEntry };
        if (Object.hasOwn(libraries, args.path)) return { path: libraries[args.path] };
        const violation = (reason: ImportViolation['reason']) => ({
          errors: [{ text: `import '${args.path}' is not allowed`, detail: { importViolation: true, specifier: args.path, reason } satisfies ImportViolation }],
        });
        if (!/^\.\.?(\/|$)/.test(args.path)) return violation('forbidden');
        const found = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: RESOLVING });
        // not found: esbuild's own resolution reports it with the import's location
        if (found.errors.length > 0 || found.path === '') return undefined;
        const target = realpathSync(found.path);
        if (!isInside(root, target)) return violation('outside');
        if (!isSubmissionFile(root, target)) return violation('installed');
        return { path: found.path, sideEffects: found.sideEffects };
      });
    },
  };
}
