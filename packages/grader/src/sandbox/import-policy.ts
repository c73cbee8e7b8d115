import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import type { Plugin } from 'esbuild';

/** Attached to esbuild errors from this plugin, so compile.ts can word them. */
export interface ImportViolation {
  importViolation: true;
  specifier: string;
  /** 'forbidden': not a relative path or 'ndarray'; 'outside': a relative path leaving the submission. */
  reason: 'forbidden' | 'outside';
}

const RESOLVING = Symbol('submission-imports resolving');

export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep);
}

/**
 * Files of the submission (under root, a real path) may import only other files under root and
 * the bare module 'ndarray' (the file ndarrayEntry); ndarray's own imports resolve normally. A readable message for the
 * student, not the security boundary: that is the child's permission model.
 */
export function importPolicy(root: string, ndarrayEntry: string): Plugin {
  return {
    name: 'submission-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData === RESOLVING || !isInside(root, args.importer)) return undefined;
        if (args.path === 'ndarray') return { path: ndarrayEntry };
        const violation = (reason: ImportViolation['reason']) => ({
          errors: [{ text: `import '${args.path}' is not allowed`, detail: { importViolation: true, specifier: args.path, reason } satisfies ImportViolation }],
        });
        if (!/^\.\.?(\/|$)/.test(args.path)) return violation('forbidden');
        const found = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: RESOLVING });
        // not found: esbuild's own resolution reports it with the import's location
        if (found.errors.length > 0 || found.path === '') return undefined;
        if (!isInside(root, realpathSync(found.path))) return violation('outside');
        return { path: found.path, sideEffects: found.sideEffects };
      });
    },
  };
}
