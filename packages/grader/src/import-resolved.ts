// A package imported as a given file's package.json resolves it: the copy an assignment (or a module beside it)
// itself uses, which a Gradescope kit installs even where the grader's own dev dependencies are not.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The file `specifier` resolves to from `from` (a package.json or a module file). */
export function resolveFrom(from: string, specifier: string): string {
  return createRequire(from).resolve(specifier);
}

/** The module's namespace; a CommonJS main file whose names Node could not detect has them on its default export. */
export async function importResolved(file: string): Promise<Record<string, unknown>> {
  const ns = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return Object.keys(ns).every((k) => k === 'default' || k === 'module.exports') ? (ns.default as Record<string, unknown>) : ns;
}
