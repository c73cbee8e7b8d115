import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ndarray from 'ndarray';
import { afterAll, describe, expect, it } from 'vitest';
import { tensor } from '../core/tensor';
import { NpyArray, readNpy, readNpyFile, writeNpy, writeNpyFile, type NpyDtype } from './npy';
import { caught } from './test-support';

// Written by packages/tensor/scripts/numpy_npy_reference.py with NumPy; `values` are what np.load reads back.
const REFERENCE = join(dirname(fileURLToPath(import.meta.url)), '__reference__');
interface Expected {
  descr: string;
  shape: number[];
  fortran_order: boolean;
  version: string;
  values: (number | string | boolean)[];
}
const manifest = JSON.parse(readFileSync(join(REFERENCE, 'expected.json'), 'utf8')) as {
  files: Record<string, Expected>;
  rejected: Record<string, string>;
};
const files = Object.entries(manifest.files);
const ref = (name: string) => join(REFERENCE, name);
const bytesOf = (name: string) => new Uint8Array(readFileSync(ref(name)));

/** A JSON value of the manifest as the element readNpy must produce (int64 as bigint). */
function expectedElement(v: number | string | boolean, descr: string): number | bigint {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (descr.endsWith('i8')) return BigInt(v);
  if (typeof v === 'number') return v;
  return { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 }[v]!;
}

describe('readNpy on files NumPy wrote', () => {
  it('covers every dtype, both byte orders, scalars, empty arrays, Fortran order and versions 2.0, 3.0', () => {
    const all = Object.values(manifest.files);
    for (const d of ['<f8', '>f8', '<f4', '>f4', '<i8', '>i8', '<i4', '>i4', '|u1', '|i1', '|b1']) expect(all.some((e) => e.descr === d)).toBe(true);
    expect(all.some((e) => e.shape.length === 0)).toBe(true);
    expect(all.some((e) => e.shape.includes(0))).toBe(true);
    expect(all.some((e) => e.fortran_order)).toBe(true);
    expect(new Set(all.map((e) => e.version))).toEqual(new Set(['1.0', '2.0', '3.0']));
  });

  it.each(files)('%s: dtype, shape, header facts and every element', (name, e) => {
    const a = readNpy(bytesOf(name));
    expect(a.dtype).toBe(e.descr);
    expect(a.shape).toEqual(e.shape);
    expect(a.fortranOrder).toBe(e.fortran_order);
    expect(a.version).toBe(e.version);
    expect(Array.from(a.data as ArrayLike<number | bigint>)).toEqual(e.values.map((v) => expectedElement(v, e.descr)));
  });

  it('keeps int64 beyond 2**53 exact', () => {
    expect(readNpy(bytesOf('i8_big.npy')).data).toEqual(BigInt64Array.from(manifest.files['i8_big.npy'].values.map((v) => BigInt(v))));
  });

  it('transposes Fortran-order files into the C order of the same array', () => {
    const c = readNpy(bytesOf('f8_2x3x4.npy'));
    const f = readNpy(bytesOf('f8_2x3x4_fortran.npy'));
    expect(f.fortranOrder).toBe(true);
    expect(f.data).toEqual(c.data);
  });

  it('reads from a path, the same as from the bytes', () => {
    expect(readNpy(ref('f8_2x3.npy')).data).toEqual(readNpy(bytesOf('f8_2x3.npy')).data);
    expect(readNpyFile(ref('f8_2x3.npy')).file).toBe(ref('f8_2x3.npy'));
  });

  it('reads from a Uint8Array that is a view at an odd offset of a larger buffer', () => {
    const bytes = bytesOf('be_f8_2x3.npy');
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    expect(readNpy(big.subarray(3)).data).toEqual(readNpy(bytes).data);
  });
});

describe('toTensor', () => {
  it.each(files.filter(([name]) => name !== 'i8_big.npy'))('%s: a float64 tensor of the same values', (name, e) => {
    const t = readNpy(bytesOf(name)).toTensor();
    expect(t.data).toBeInstanceOf(Float64Array);
    expect(t.shape).toEqual(e.shape);
    expect(Array.from(t.data)).toEqual(e.values.map((v) => Number(expectedElement(v, e.descr))));
  });

  it('refuses int64 values that float64 cannot hold exactly, naming the index', () => {
    const err = caught(() => readNpy(ref('i8_big.npy')).toTensor());
    expect(err.code).toBe('E_NPY_VALUE');
    expect(err.field).toBe('data[1]');
    expect(err.actual).toBe(String(manifest.files['i8_big.npy'].values[1]));
    expect(err.message).toContain(ref('i8_big.npy'));
  });
});

describe('writeNpy is byte-identical to np.save', () => {
  const plain = files.filter(([, e]) => e.version === '1.0' && !e.fortran_order);

  it.each(plain)('%s: rewriting what was read', (name) => {
    expect(writeNpy(readNpy(bytesOf(name)))).toEqual(bytesOf(name));
  });

  it.each(plain.filter(([name]) => name !== 'i8_big.npy'))('%s: writing the float64 tensor with the file dtype', (name, e) => {
    expect(writeNpy(readNpy(bytesOf(name)).toTensor(), e.descr)).toEqual(bytesOf(name));
  });

  it("defaults to '<f8' for a tensor", () => {
    expect(writeNpy(readNpy(bytesOf('f8_2x3.npy')).toTensor())).toEqual(bytesOf('f8_2x3.npy'));
  });

  it('writes a strided (transposed) tensor in C order', () => {
    const grid = readNpy(bytesOf('f8_2x3x4.npy')).toTensor().transpose(2, 1, 0);
    expect(writeNpy(grid)).toEqual(bytesOf('f8_4x3x2_transposed.npy'));
  });

  it('writes an array read from a Fortran-order file as the C-order file', () => {
    expect(writeNpy(readNpy(bytesOf('f8_2x3x4_fortran.npy')))).toEqual(bytesOf('f8_2x3x4.npy'));
  });

  it('changes byte order on request', () => {
    expect(writeNpy(readNpy(bytesOf('f8_2x3.npy')), '>f8')).toEqual(bytesOf('be_f8_2x3.npy'));
    expect(writeNpy(readNpy(bytesOf('be_f8_2x3.npy')), '<f8')).toEqual(bytesOf('f8_2x3.npy'));
  });

  it('writes files whose data starts at a multiple of 64 bytes', () => {
    for (const [name] of plain) {
      const out = writeNpy(readNpy(bytesOf(name)));
      const headerLength = out[8] | (out[9] << 8);
      expect((10 + headerLength) % 64).toBe(0);
      expect(out[9 + headerLength]).toBe(0x0a);
    }
  });
});

describe('round trips', () => {
  const dir = mkdtempSync(join(tmpdir(), 'npy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tensor -> file -> tensor for every dtype that holds the values', () => {
    const x = tensor([0, 1, 1, 0, 1, 0], [3, 2]);
    for (const dtype of ['<f8', '>f8', '<f4', '>f4', '<i8', '>i8', '<i4', '>i4', '|u1', '|i1', '|b1'] as NpyDtype[]) {
      const path = join(dir, `x${dtype.replace(/[<>|]/, '_')}.npy`);
      writeNpyFile(path, x, dtype);
      const back = readNpy(path);
      expect(back.dtype).toBe(dtype);
      expect(back.toTensor().shape).toEqual([3, 2]);
      expect(Array.from(back.toTensor().data)).toEqual(Array.from(x.data));
    }
  });

  it('float64 keeps every bit, NaN, infinities and -0 included', () => {
    const x = tensor([NaN, -0, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE, 0.1], [7]);
    expect(Object.is(readNpy(writeNpy(x)).data[1], -0)).toBe(true);
    expect(readNpy(writeNpy(x)).data).toEqual(x.data);
  });

  it('int64 beyond 2**53 survives a read-write-read', () => {
    const a = readNpy(bytesOf('i8_big.npy'));
    expect(readNpy(writeNpy(a, '>i8')).data).toEqual(a.data);
  });

  it('scalar and zero-size tensors', () => {
    const scalar = ndarray(new Float64Array([2.5]), []);
    expect(readNpy(writeNpy(scalar)).shape).toEqual([]);
    expect(Array.from(readNpy(writeNpy(scalar)).toTensor().data)).toEqual([2.5]);
    expect(readNpy(writeNpy(tensor([], [0, 4]), '<i4')).shape).toEqual([0, 4]);
  });
});

describe('writeNpy refuses values the dtype cannot hold', () => {
  const cases: [NpyDtype, number[], string, string][] = [
    ['<i4', [1, 2.5], 'array[1]', '2.5'],
    ['<i4', [2 ** 31], 'array[0]', String(2 ** 31)],
    ['|u1', [-1], 'array[0]', '-1'],
    ['|u1', [256], 'array[0]', '256'],
    ['|i1', [128], 'array[0]', '128'],
    ['|b1', [0, 2], 'array[1]', '2'],
    ['>i8', [2 ** 63], 'array[0]', String(2 ** 63)],
    ['<i8', [NaN], 'array[0]', 'NaN'],
  ];
  it.each(cases)('%s %j: names %s', (dtype, values, field, actual) => {
    const err = caught(() => writeNpy(tensor(values, [values.length]), dtype));
    expect(err.code).toBe('E_NPY_VALUE');
    expect(err.field).toBe(field);
    expect(err.actual).toBe(actual);
    expect(err.expected).toContain(dtype);
  });

  it('names the multi-index of the bad element and the path when writing a file', () => {
    const err = caught(() => writeNpyFile('/nonexistent/out.npy', tensor([0, 1, 2, 3.5], [2, 2]), '<i4'));
    expect(err.field).toBe('array[1, 1]');
    expect(err.message).toContain('/nonexistent/out.npy');
  });

  it('accepts the extremes of each integer dtype', () => {
    expect(readNpy(writeNpy(tensor([-(2 ** 63), 2 ** 53], [2]), '<i8')).data).toEqual(BigInt64Array.from([-(2n ** 63n), 2n ** 53n]));
    expect(readNpy(writeNpy(tensor([-128, 127], [2]), '|i1')).data).toEqual(Int8Array.from([-128, 127]));
  });

  it('refuses an unsupported dtype, listing the supported ones', () => {
    const err = caught(() => writeNpy(tensor([1], [1]), '<f2'));
    expect(err.code).toBe('E_NPY_DTYPE');
    expect(err.actual).toBe("'<f2'");
    expect(err.expected).toContain("'<f8'");
    expect(err.expected).toContain("'|b1'");
  });

  it('refuses something that is not a tensor', () => {
    expect(() => writeNpy([1, 2] as unknown as NpyArray)).toThrow(/writeNpy: argument 'array' expected a float64 ndarray/);
  });
});

describe('readNpy errors', () => {
  it('bad magic, naming the file', () => {
    const bytes = bytesOf('f8_2x3.npy');
    bytes[1] = 'X'.charCodeAt(0);
    const err = caught(() => readNpy(bytes));
    expect(err.code).toBe('E_NPY_MAGIC');
    expect(err.field).toBe('magic');
    expect(err.message).toMatch(/^npy buffer: /);
    const text = caught(() => readNpy(join(REFERENCE, 'expected.json')));
    expect(text.code).toBe('E_NPY_MAGIC');
    expect(text.message).toContain(join(REFERENCE, 'expected.json'));
    expect(caught(() => readNpy(new Uint8Array(0))).code).toBe('E_NPY_MAGIC');
  });

  it('an unsupported version', () => {
    const bytes = bytesOf('f8_2x3.npy');
    bytes[6] = 4;
    const err = caught(() => readNpy(bytes));
    expect(err.code).toBe('E_NPY_VERSION');
    expect(err.field).toBe('version');
    expect(err.actual).toBe('4.0');
  });

  it('data shorter than the shape needs', () => {
    const bytes = bytesOf('f8_2x3.npy');
    const err = caught(() => readNpy(bytes.subarray(0, bytes.length - 1)));
    expect(err.code).toBe('E_NPY_TRUNCATED');
    expect(err.field).toBe('data');
    expect(err.expected).toContain('48 bytes');
    expect(err.actual).toBe('47 bytes');
  });

  it('a header cut short', () => {
    const bytes = bytesOf('f8_2x3.npy');
    expect(caught(() => readNpy(bytes.subarray(0, 7))).code).toBe('E_NPY_TRUNCATED');
    expect(caught(() => readNpy(bytes.subarray(0, 9))).field).toBe('header_len');
    expect(caught(() => readNpy(bytes.subarray(0, 40))).field).toBe('header');
  });

  it('an unsupported dtype, named, with the supported ones listed', () => {
    const err = caught(() => readNpy(ref('c16_2.npy')));
    expect(err.code).toBe('E_NPY_DTYPE');
    expect(err.field).toBe('descr');
    expect(err.actual).toBe(`'${manifest.rejected['c16_2.npy']}'`);
    expect(err.expected).toContain("'<f8'");
    expect(err.message).toContain(ref('c16_2.npy'));
  });

  it('a structured dtype', () => {
    const err = caught(() => readNpy(ref('structured.npy')));
    expect(err.code).toBe('E_NPY_DTYPE');
    expect(err.actual).toBe(`a structured dtype ${manifest.rejected['structured.npy']}`);
  });

  it('an object array', () => {
    const err = caught(() => readNpy(ref('object.npy')));
    expect(err.code).toBe('E_NPY_OBJECT');
    expect(err.field).toBe('descr');
    expect(err.actual).toContain(`'${manifest.rejected['object.npy']}'`);
  });

  it('a missing file is Node’s error, naming the path', () => {
    expect(() => readNpy(join(REFERENCE, 'missing.npy'))).toThrow(/ENOENT.*missing\.npy/);
  });
});

describe('bool bytes', () => {
  it('reads any nonzero byte of a |b1 array as 1, as NumPy does', () => {
    const bytes = bytesOf('b1_2x2.npy');
    bytes[bytes.length - 1] = 2;
    expect(Array.from(readNpy(bytes).data as Uint8Array)).toEqual([1, 0, 0, 1]);
  });
});
