// The digest that ties an evaluation log to the code it was written for.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

const CODE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const CHUNK = 1 << 20;
const CR = 0x0d;
const LF = 0x0a;

export interface SourceDigest {
  /** "sha256:<hex>" */
  digest: string;
  /** The files it covers, relative to the submission root, sorted. */
  files: string[];
}

/** Feeds a file to the hash in chunks (a huge file costs time, never memory), with CRLF read as LF. */
function hashFile(path: string, hash: Hash): void {
  const buf = Buffer.alloc(CHUNK);
  const fd = openSync(path, 'r');
  try {
    let pendingCr = false;
    for (let n = readSync(fd, buf, 0, CHUNK, null); n > 0; n = readSync(fd, buf, 0, CHUNK, null)) {
      const out: number[] = [];
      let start = 0;
      if (pendingCr && buf[0] !== LF) hash.update(Buffer.of(CR));
      pendingCr = false;
      for (let i = 0; i < n; i++) {
        if (buf[i] === CR && (i + 1 === n || buf[i + 1] === LF)) {
          out.push(start, i);
          start = i + 1;
          if (i + 1 === n) pendingCr = true; // decided by the next chunk's first byte
        }
      }
      out.push(start, n);
      for (let k = 0; k < out.length; k += 2) hash.update(buf.subarray(out[k], out[k + 1]));
    }
    if (pendingCr) hash.update(Buffer.of(CR));
  } finally {
    closeSync(fd);
  }
}

/** A file the digest covers, and so one a student hands in: code, not type declarations, not the bundle's fixtures/. */
export function isCodeFile(path: string): boolean {
  return CODE_FILE.test(path) && !path.endsWith('.d.ts') && !path.startsWith('fixtures/');
}

/**
 * SHA-256 over the lines "<path>\0<sha256 hex of the file>\n" of every code file of the submission (`files` as
 * compileSubmission lists them: regular files only, no node_modules, no dot-folders), the bundle's own fixtures/
 * excluded, sorted by path; each file hashed with CRLF read as LF, so a zip made on Windows is the same code. A
 * student's scratch file that is not handed in changes it, which is why the log lists the files.
 */
export function sourceDigest(root: string, files: string[]): SourceDigest {
  const code = files.filter(isCodeFile).sort();
  const all = createHash('sha256');
  for (const f of code) {
    const one = createHash('sha256');
    hashFile(join(root, f), one);
    all.update(`${f}\0${one.digest('hex')}\n`);
  }
  return { digest: `sha256:${all.digest('hex')}`, files: code };
}
