/**
 * A .npy file (or buffer, or array to write) that this package cannot read or write.
 * `code` is stable for callers to match; `file` is the path when reading from or writing to one.
 */
export class NpyFormatError extends Error {
  readonly code: NpyErrorCode;
  readonly file: string | undefined;
  readonly field: string;
  readonly expected: string;
  readonly actual: string;

  constructor(code: NpyErrorCode, file: string | undefined, field: string, expected: string, actual: string) {
    super(`${file ?? 'npy buffer'}: field '${field}' expected ${expected}, got ${actual}`);
    this.name = 'NpyFormatError';
    this.code = code;
    this.file = file;
    this.field = field;
    this.expected = expected;
    this.actual = actual;
  }
}

export type NpyErrorCode =
  | 'E_NPY_MAGIC' // not a .npy file
  | 'E_NPY_VERSION' // a format version other than 1.0, 2.0, 3.0
  | 'E_NPY_HEADER' // the header dict is malformed or has wrong keys/values
  | 'E_NPY_DTYPE' // a dtype this package does not read or write
  | 'E_NPY_OBJECT' // an object (pickled) array
  | 'E_NPY_TRUNCATED' // fewer bytes than the header or the shape needs
  | 'E_NPY_VALUE'; // a value the target type cannot hold exactly (writing, or int64 -> float64)
