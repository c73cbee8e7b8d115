import { describe, expect, it } from 'vitest';
import { frameHeader, formatHeader, parseHeader, readPreamble } from './header';
import { caught } from './test-support';

describe('parseHeader', () => {
  it('accepts key order, quotes and spacing that np.save does not use', () => {
    expect(parseHeader('{"shape":(4,),"descr":"<u1","fortran_order":True}', 'a.npy')).toEqual({ dtype: '|u1', fortranOrder: true, shape: [4] });
  });

  it.each([
    ["{'descr': '<f8', 'shape': (2,), }", 'fortran_order', "a 'fortran_order' key in the header dict"],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}", 'extra', "only the keys 'descr', 'fortran_order', 'shape'"],
    ["{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", 'fortran_order', 'True or False'],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': [2]}", 'shape', 'a tuple of non-negative integers'],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (2, -1)}", 'shape', 'a tuple of non-negative integers'],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (2, 'a')}", 'shape', 'a tuple of non-negative integers'],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", 'shape', 'a shape of at most 2**53 - 1 elements'],
    ["('descr', '<f8')", 'header', "a dict with keys 'descr', 'fortran_order', 'shape'"],
    ["{'descr': '<f8', 'fortran_order': False, 'shape': (2,)", 'header', "a Python dict literal (',' or '}' at character 54)"],
  ])('%s: field %s', (text, field, expected) => {
    const err = caught(() => parseHeader(text, 'bad.npy'));
    expect(err.code).toBe('E_NPY_HEADER');
    expect(err.field).toBe(field);
    expect(err.expected).toBe(expected);
    expect(err.message).toMatch(/^bad\.npy: /);
  });

  it("refuses big-endian spellings of multi-byte types only where NumPy's dtype would differ", () => {
    expect(parseHeader("{'descr': '>u1', 'fortran_order': False, 'shape': ()}", undefined).dtype).toBe('|u1');
    expect(caught(() => parseHeader("{'descr': '|f8', 'fortran_order': False, 'shape': ()}", undefined)).code).toBe('E_NPY_DTYPE');
    expect(caught(() => parseHeader("{'descr': 5, 'fortran_order': False, 'shape': ()}", undefined)).actual).toBe('5');
  });
});

describe('formatHeader and frameHeader', () => {
  it('pads version 1.0 headers so the data starts at a multiple of 64 bytes', () => {
    for (let extra = 0; extra < 70; extra++) {
      const { version, bytes } = frameHeader(`{}${' '.repeat(extra)}`);
      expect(version).toBe('1.0');
      expect(bytes.length % 64).toBe(0);
      expect(bytes[bytes.length - 1]).toBe(0x0a);
      expect(readPreamble(bytes, undefined)).toEqual({ version: '1.0', headerText: `{}${' '.repeat(extra)}`.padEnd(bytes.length - 11, ' ') + '\n', dataOffset: bytes.length });
    }
  });

  it('switches to version 2.0 only when the padded header exceeds 65535 bytes', () => {
    const fits = frameHeader('x'.repeat(65535 - 64 - 1));
    expect(fits.version).toBe('1.0');
    const big = frameHeader('x'.repeat(65535));
    expect(big.version).toBe('2.0');
    expect(big.bytes.length % 64).toBe(0);
    const { headerText, dataOffset } = readPreamble(big.bytes, undefined);
    expect(headerText.startsWith('x'.repeat(65535))).toBe(true);
    expect(dataOffset).toBe(big.bytes.length);
  });

  it('uses version 3.0 (UTF-8) only for text beyond latin1', () => {
    expect(frameHeader("{'é': 1}").version).toBe('1.0');
    const utf = frameHeader("{'名': 1}");
    expect(utf.version).toBe('3.0');
    expect(readPreamble(utf.bytes, undefined).headerText.trimEnd()).toBe("{'名': 1}");
  });

  it('leaves room for the growing axis to reach 21 digits, and none for scalars', () => {
    const c = formatHeader({ dtype: '<f8', fortranOrder: false, shape: [123, 4] });
    expect(c).toBe(`{'descr': '<f8', 'fortran_order': False, 'shape': (123, 4), }${' '.repeat(18)}`);
    const f = formatHeader({ dtype: '<f8', fortranOrder: true, shape: [123, 4] });
    expect(f.endsWith(`}${' '.repeat(20)}`)).toBe(true);
    expect(formatHeader({ dtype: '|b1', fortranOrder: false, shape: [] })).toBe("{'descr': '|b1', 'fortran_order': False, 'shape': (), }");
  });
});
