import { NPY_DTYPES, normalizeDtype, type NpyDtype } from './dtype';
import { NpyFormatError } from './npy-error';
import { parsePyLiteral, pyRepr, PyLiteralSyntaxError, type PyLiteral } from './python-literal';

/**
 * The .npy preamble and header, as NumPy's numpy/lib/format.py defines them:
 * magic "\x93NUMPY", major and minor version bytes, header length (uint16 LE in 1.0, uint32 LE in
 * 2.0 and 3.0), then the header: a Python dict literal (latin1, or utf8 in 3.0) padded with spaces
 * and a final '\n' so that the data starts at a multiple of 64 bytes.
 */

export type NpyVersion = '1.0' | '2.0' | '3.0';

export interface NpyHeader {
  readonly dtype: NpyDtype;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21; // NumPy leaves room for the growing axis to reach 21 digits
const KEYS = ['descr', 'fortran_order', 'shape'] as const;
const LENGTH_BYTES: Record<NpyVersion, 2 | 4> = { '1.0': 2, '2.0': 4, '3.0': 4 };

function byteString(bytes: Uint8Array): string {
  return `bytes ${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ') || '(none)'}`;
}

/** Magic, version and header text of an .npy file, and where its data starts. */
export function readPreamble(bytes: Uint8Array, file: string | undefined): { version: NpyVersion; headerText: string; dataOffset: number } {
  const magic = bytes.subarray(0, MAGIC.length);
  if (magic.length < MAGIC.length || MAGIC.some((b, i) => magic[i] !== b)) {
    throw new NpyFormatError('E_NPY_MAGIC', file, 'magic', 'the .npy magic string \\x93NUMPY (93 4e 55 4d 50 59)', byteString(magic));
  }
  if (bytes.length < MAGIC.length + 2) {
    throw new NpyFormatError('E_NPY_TRUNCATED', file, 'version', 'two version bytes after the magic string', `${bytes.length - MAGIC.length} bytes`);
  }
  const version = `${bytes[6]}.${bytes[7]}`;
  if (version !== '1.0' && version !== '2.0' && version !== '3.0') {
    throw new NpyFormatError('E_NPY_VERSION', file, 'version', 'format version 1.0, 2.0 or 3.0', version);
  }
  const lengthBytes = LENGTH_BYTES[version];
  const headerStart = 8 + lengthBytes;
  if (bytes.length < headerStart) {
    throw new NpyFormatError('E_NPY_TRUNCATED', file, 'header_len', `a ${lengthBytes}-byte header length`, `${bytes.length - 8} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + 8, lengthBytes);
  const headerLength = lengthBytes === 2 ? view.getUint16(0, true) : view.getUint32(0, true);
  const headerBytes = bytes.subarray(headerStart, headerStart + headerLength);
  if (headerBytes.length < headerLength) {
    throw new NpyFormatError('E_NPY_TRUNCATED', file, 'header', `${headerLength} header bytes (as header_len says)`, `${headerBytes.length} bytes`);
  }
  let headerText: string;
  if (version === '3.0') {
    try {
      headerText = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
    } catch {
      throw new NpyFormatError('E_NPY_HEADER', file, 'header', 'UTF-8 text (format 3.0)', 'invalid UTF-8');
    }
  } else {
    headerText = latin1Decode(headerBytes);
  }
  return { version, headerText, dataOffset: headerStart + headerLength };
}

function latin1Decode(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

function shortRepr(v: PyLiteral): string {
  const r = pyRepr(v);
  return r.length > 80 ? `${r.slice(0, 77)}...` : r;
}

/** The header dict's three fields, checked as NumPy checks them. */
export function parseHeader(headerText: string, file: string | undefined): NpyHeader {
  let dict: PyLiteral;
  try {
    dict = parsePyLiteral(headerText);
  } catch (e) {
    if (!(e instanceof PyLiteralSyntaxError)) throw e;
    throw new NpyFormatError('E_NPY_HEADER', file, 'header', `a Python dict literal (${e.expected} at character ${e.position})`, e.found);
  }
  const keyList = KEYS.map((k) => `'${k}'`).join(', ');
  if (dict === null || typeof dict !== 'object' || dict.kind !== 'dict') {
    throw new NpyFormatError('E_NPY_HEADER', file, 'header', `a dict with keys ${keyList}`, shortRepr(dict));
  }
  const entries = dict.entries;
  for (const key of KEYS) {
    if (!entries.has(key)) throw new NpyFormatError('E_NPY_HEADER', file, key, `a '${key}' key in the header dict`, `keys ${shortRepr({ kind: 'list', items: [...entries.keys()] })}`);
  }
  const extra = [...entries.keys()].filter((k) => !(KEYS as readonly string[]).includes(k));
  if (extra.length > 0) {
    throw new NpyFormatError('E_NPY_HEADER', file, extra[0], `only the keys ${keyList}`, `an extra key '${extra[0]}'`);
  }
  return {
    dtype: checkDescr(entries.get('descr')!, file),
    fortranOrder: checkFortranOrder(entries.get('fortran_order')!, file),
    shape: checkShape(entries.get('shape')!, file),
  };
}

const SUPPORTED = `one of ${NPY_DTYPES.map((d) => `'${d}'`).join(', ')}`;

function checkDescr(descr: PyLiteral, file: string | undefined): NpyDtype {
  if (typeof descr !== 'string') {
    const what = descr !== null && typeof descr === 'object' && descr.kind === 'list' ? 'a structured dtype ' : '';
    throw new NpyFormatError('E_NPY_DTYPE', file, 'descr', SUPPORTED, `${what}${shortRepr(descr)}`);
  }
  if (/^[<>|=]?O\d*$/.test(descr)) {
    throw new NpyFormatError('E_NPY_OBJECT', file, 'descr', `a numeric dtype (${SUPPORTED})`, `'${descr}': an object array of pickled Python objects, which is never read (save a numeric array instead)`);
  }
  const dtype = normalizeDtype(descr);
  if (dtype === undefined) throw new NpyFormatError('E_NPY_DTYPE', file, 'descr', SUPPORTED, `'${descr}'`);
  return dtype;
}

function checkFortranOrder(v: PyLiteral, file: string | undefined): boolean {
  if (typeof v !== 'boolean') throw new NpyFormatError('E_NPY_HEADER', file, 'fortran_order', 'True or False', shortRepr(v));
  return v;
}

function checkShape(v: PyLiteral, file: string | undefined): number[] {
  const expected = 'a tuple of non-negative integers';
  if (v === null || typeof v !== 'object' || v.kind !== 'tuple') throw new NpyFormatError('E_NPY_HEADER', file, 'shape', expected, shortRepr(v));
  let size = 1;
  const shape = v.items.map((d) => {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) throw new NpyFormatError('E_NPY_HEADER', file, 'shape', expected, shortRepr(v));
    size *= d;
    return d;
  });
  if (!Number.isSafeInteger(size)) throw new NpyFormatError('E_NPY_HEADER', file, 'shape', 'a shape of at most 2**53 - 1 elements', shortRepr(v));
  return shape;
}

/** The header dict exactly as NumPy's np.save writes it, growth padding included. */
export function formatHeader(header: NpyHeader): string {
  const { dtype, fortranOrder, shape } = header;
  const shapeRepr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${dtype}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeRepr}, }`;
  if (shape.length === 0) return dict;
  const growingAxis = shape[fortranOrder ? shape.length - 1 : 0];
  return dict + ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(growingAxis).length));
}

/**
 * Magic, version, length and padded header, as NumPy frames `headerText` when it picks the version:
 * 1.0 unless the padded header exceeds 65535 bytes (then 2.0), 3.0 only for non-latin1 text.
 */
export function frameHeader(headerText: string): { version: NpyVersion; bytes: Uint8Array } {
  const latin1 = [...headerText].every((c) => c.codePointAt(0)! <= 0xff);
  const encoded = latin1 ? Uint8Array.from(headerText, (c) => c.charCodeAt(0)) : new TextEncoder().encode(headerText);
  const padded = (lengthBytes: number) => {
    const hlen = encoded.length + 1; // + the final '\n'
    return hlen + ALIGN - ((MAGIC.length + 2 + lengthBytes + hlen) % ALIGN);
  };
  const version: NpyVersion = !latin1 ? '3.0' : padded(2) <= 0xffff ? '1.0' : '2.0';
  const lengthBytes = LENGTH_BYTES[version];
  const total = padded(lengthBytes);
  if (total > 0xffffffff) throw new NpyFormatError('E_NPY_HEADER', undefined, 'header', 'a header of at most 4 GiB', `${total} bytes`);
  const out = new Uint8Array(MAGIC.length + 2 + lengthBytes + total).fill(0x20);
  out.set(MAGIC, 0);
  out[6] = Number(version[0]);
  out[7] = 0;
  const view = new DataView(out.buffer, 8, lengthBytes);
  if (lengthBytes === 2) view.setUint16(0, total, true);
  else view.setUint32(0, total, true);
  out.set(encoded, 8 + lengthBytes);
  out[out.length - 1] = 0x0a;
  return { version, bytes: out };
}
