// The digest that ties an evaluation log to the code it was written for.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CODE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;

export interface SourceDigest {
  /** "sha256:<hex>" */
  digest: string;
  /** The files it covers, relative to the submission root, sorted. */
  files: string[];
}

/**
 * SHA-256 over every code file of the submission (`files` as compileSubmission lists them: no node_modules, no
 * dot-folders), the bundle's own fixtures/ excluded: for each, its path, a NUL, its length, a NUL and its text with
 * CRLF read as LF (a zip made on Windows is the same code). A student's scratch file that is not handed in changes
 * it, which is why the log lists the files.
 */
export function sourceDigest(root: string, files: string[]): SourceDigest {
  const code = files.filter((f) => CODE_FILE.test(f) && !f.endsWith('.d.ts') && !f.startsWith('fixtures/')).sort();
  const hash = createHash('sha256');
  for (const f of code) {
    const text = readFileSync(join(root, f), 'utf8').replace(/\r\n/g, '\n');
    hash.update(`${f}\0${Buffer.byteLength(text)}\0`).update(text);
  }
  return { digest: `sha256:${hash.digest('hex')}`, files: code };
}
