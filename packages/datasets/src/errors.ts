/**
 * A data file (or a request for rows of one) that this package cannot serve: names the file, the field
 * and what was expected against what was found. `code` is stable so the grader and the CLI can match it.
 */
export class DatasetError extends Error {
  readonly code: DatasetErrorCode;
  readonly file: string | undefined;
  readonly field: string;
  readonly expected: string;
  readonly actual: string;

  constructor(code: DatasetErrorCode, file: string | undefined, field: string, expected: string, actual: string) {
    super(`${file ?? 'dataset'}: ${field} expected ${expected}, found ${actual}`);
    this.name = 'DatasetError';
    this.code = code;
    this.file = file;
    this.field = field;
    this.expected = expected;
    this.actual = actual;
  }
}

export type DatasetErrorCode =
  | 'E_DATA_MISSING' // a file or folder that is not there
  | 'E_IDX_MAGIC' // not an IDX file, or an IDX file of another kind (images vs labels)
  | 'E_IDX_TRUNCATED' // fewer bytes than the header or the dimensions need
  | 'E_IDX_SIZE' // bytes beyond the data, or dimensions other than the data set's
  | 'E_LABEL_RANGE' // a label outside 0..classes-1
  | 'E_COUNT_MISMATCH' // images and labels (or X and y) of different counts
  | 'E_RANGE' // a slice outside the split
  | 'E_CIFAR_SIZE' // a CIFAR-10 batch whose size is not a whole number of records
  | 'E_NPY_SHAPE' // a course .npy array of the wrong rank or dtype
  | 'E_CSV_ROWS' // a prediction CSV with the wrong number of rows
  | 'E_CSV_LABEL'; // a prediction CSV row that is not an integer label in range
