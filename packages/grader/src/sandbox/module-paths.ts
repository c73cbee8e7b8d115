import { createRequire } from 'node:module';

let cached: string | undefined;

/**
 * The file 'ndarray' resolves to, so submissions get the same copy as the reference code. In the
 * monorepo the grader does not depend on ndarray itself (pnpm keeps it private to
 * @gradient/tensor), so it is looked up from there; a student bundle has it as its own dependency.
 */
export function ndarrayEntry(): string {
  if (cached === undefined) {
    const here = createRequire(import.meta.url);
    let from: NodeJS.Require = here;
    try {
      from = createRequire(here.resolve('@gradient/tensor'));
    } catch {
      // not in the monorepo
    }
    cached = from.resolve('ndarray');
  }
  return cached;
}
