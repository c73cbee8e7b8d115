import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, posix } from 'node:path';
import AdmZip from 'adm-zip';

export const MAX_ZIP_BYTES = 50 * 1024 * 1024;
export const MAX_ZIP_FILES = 2000;

/**
 * Never part of a submission, so never extracted nor counted against the limits: what zip tools add,
 * and installed packages (a student who zips their whole folder; the grader uses its own ndarray).
 */
const IGNORED = /(^|\/)(__MACOSX|\.DS_Store|node_modules)(\/|$)/;

/** An entry name as a message quotes it: a hostile name can be thousands of characters long. */
function shown(name: string): string {
  return name.length > 100 ? `${name.slice(0, 100)}…` : name;
}

/**
 * Extracts a submission zip into dir. Returns an error message for a path that would land
 * outside dir (zip-slip), for too many files, for more than MAX_ZIP_BYTES unpacked, and for an
 * entry the file system refuses (a name too long, a file and a folder of the same name, ...).
 */
export function extractSubmissionZip(zipPath: string, dir: string): string | undefined {
  let entries: AdmZip.IZipEntry[];
  try {
    entries = new AdmZip(zipPath).getEntries();
  } catch (e) {
    return `${zipPath} is not a readable zip file (${e instanceof Error ? e.message : String(e)})`;
  }
  const files = entries.filter((e) => !e.isDirectory && !IGNORED.test(e.entryName.replace(/\\/g, '/')));
  if (files.length > MAX_ZIP_FILES) return `the zip holds ${files.length} files; at most ${MAX_ZIP_FILES} are accepted`;

  let total = 0;
  for (const entry of files) {
    const name = entry.entryName;
    const normal = posix.normalize(name.replace(/\\/g, '/'));
    if (isAbsolute(name) || /^[A-Za-z]:/.test(name) || normal === '..' || normal.startsWith('../')) {
      return `the zip entry '${shown(name)}' points outside the submission folder`;
    }
    total += entry.header.size;
    if (total > MAX_ZIP_BYTES) return `the zip unpacks to more than ${MAX_ZIP_BYTES / 1024 / 1024} MB`;
    // adm-zip inflates at most the declared size, except for a declared 0, which would be unbounded
    let data: Buffer;
    try {
      data = entry.header.size === 0 ? Buffer.alloc(0) : entry.getData();
    } catch (e) {
      return `the zip entry '${shown(name)}' is damaged (${e instanceof Error ? e.message : String(e)})`;
    }
    const target = join(dir, normal);
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const sameName = code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR';
      const why = code === 'ENAMETOOLONG' ? 'its name is too long' : sameName ? 'a file and a folder of the zip have the same name' : shown(String(code ?? e));
      return `the zip entry '${shown(name)}' cannot be extracted: ${why}`;
    }
  }
  return undefined;
}
