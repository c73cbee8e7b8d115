import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Test helper: the bytes of an IDX unsigned-byte file with the given magic, dimensions and data. */
export function idxBytes(magic: number, dims: number[], data: ArrayLike<number>): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  header.setUint32(0, magic, false);
  dims.forEach((d, i) => header.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.byteLength + data.length);
  out.set(new Uint8Array(header.buffer), 0);
  out.set(data, header.byteLength);
  return out;
}

export function tempDir(prefix = 'gradient-datasets-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTemp(dir: string, name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
