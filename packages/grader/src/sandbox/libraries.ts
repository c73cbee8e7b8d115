// Libraries a submission may import by name when its assignment declares them (`"libraries"` in the spec):
// bundled into the submission from the grader's own copy, never from the submission's node_modules.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const SUPPORTED_LIBRARIES = ['@tensorflow/tfjs'] as const;
export type LibraryName = (typeof SUPPORTED_LIBRARIES)[number];

/** The ES module build of a package the grader depends on (its package.json "module" field). */
function esmEntry(name: string): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve(`${name}/package.json`);
  const pkg = require(pkgFile) as { module?: string; main?: string };
  return join(dirname(pkgFile), pkg.module ?? pkg.main ?? 'index.js');
}

/**
 * What '@tensorflow/tfjs' resolves to in a submission: the library, with its "install tfjs-node" banner
 * (printed on the cpu backend's first use) turned off, so it never lands in the student's printed output.
 * PROD also skips tfjs's debug checks, which a grading run does not need.
 */
function tfjsShim(): string {
  const entry = JSON.stringify(esmEntry('@tensorflow/tfjs'));
  return `import { env } from ${entry};\nexport * from ${entry};\nenv().set('PROD', true);\n`;
}

/** Writes one entry file per declared library into dir; returns specifier -> file, for the build's import policy. */
export function libraryEntries(names: readonly string[], dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    if (name !== '@tensorflow/tfjs') throw new Error(`grader error: no entry for library '${name}' (supported: ${SUPPORTED_LIBRARIES.join(', ')})`);
    const file = join(dir, 'library-tfjs.mjs');
    writeFileSync(file, tfjsShim());
    out[name] = file;
  }
  return out;
}

/**
 * tfjs's ES modules still call require('util') (PlatformNode), which an ES module bundle lacks: this banner
 * gives the bundle a require that serves that builtin alone. The child's permission model, not this, is
 * what confines student code.
 */
export const LIBRARY_BANNER =
  'import __gradientUtil from "node:util";\n' +
  'const require = (id) => { if (id === "util" || id === "node:util") return __gradientUtil; throw new Error(`require(${JSON.stringify(id)}) is not available to submissions`); };\n';
