import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceDigest } from './source-digest';

const tmp = mkdtempSync(join(tmpdir(), 'gradient-digest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

function folder(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(tmp, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

describe('sourceDigest', () => {
  it('is SHA-256 of "<path>\\0<sha256 of the file>\\n" over the code files, sorted, computed here by hand', () => {
    const dir = folder('plain', { 'main.ts': 'export const a = 1;\n', 'lib/util.js': 'x\n', 'notes.txt': 'not code', 'fixtures/public/gen.ts': 'bundle', 'types.d.ts': 'declare' });
    const files = ['fixtures/public/gen.ts', 'lib/util.js', 'main.ts', 'notes.txt', 'types.d.ts'];
    const want = sha(`lib/util.js\0${sha('x\n')}\nmain.ts\0${sha('export const a = 1;\n')}\n`);
    expect(sourceDigest(dir, files)).toEqual({ digest: `sha256:${want}`, files: ['lib/util.js', 'main.ts'] });
  });

  it('reads CRLF as LF, a lone CR as itself, and a CRLF split across the 1 MiB chunk boundary as LF', () => {
    const lf = folder('lf', { 'a.ts': 'x\ny\rz\n' });
    const crlf = folder('crlf', { 'a.ts': 'x\r\ny\rz\r\n' });
    expect(sourceDigest(crlf, ['a.ts']).digest).toBe(sourceDigest(lf, ['a.ts']).digest);
    expect(sourceDigest(lf, ['a.ts']).digest).toBe(`sha256:${sha(`a.ts\0${sha('x\ny\rz\n')}\n`)}`);
    const head = 'a'.repeat((1 << 20) - 1);
    const split = folder('split', { 'a.ts': `${head}\r\nb\r` });
    expect(sourceDigest(split, ['a.ts']).digest).toBe(`sha256:${sha(`a.ts\0${sha(`${head}\nb\r`)}\n`)}`);
    const crAtEdge = folder('cr-edge', { 'a.ts': `${head}\rb` });
    expect(sourceDigest(crAtEdge, ['a.ts']).digest).toBe(`sha256:${sha(`a.ts\0${sha(`${head}\rb`)}\n`)}`);
  });

  it('changes with any byte of the code and with a file added', () => {
    const a = sourceDigest(folder('v1', { 'a.ts': 'let x = 1;\n' }), ['a.ts']).digest;
    expect(sourceDigest(folder('v2', { 'a.ts': 'let x = 2;\n' }), ['a.ts']).digest).not.toBe(a);
    expect(sourceDigest(folder('v3', { 'a.ts': 'let x = 1;\n', 'b.ts': '' }), ['a.ts', 'b.ts']).digest).not.toBe(a);
  });
});
