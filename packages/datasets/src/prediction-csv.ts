/**
 * Prediction CSVs (the course's `submission.csv`): one predicted label per row, in test-set order, with an
 * optional first row `label`. Errors are DatasetError naming the file and the row (1-based data rows; the
 * line number is given too, since the header shifts them).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DatasetError } from './errors';

export interface PredictionCsvOptions {
  /** Labels must be integers in 0..classes-1. */
  classes: number;
  /** The number of rows expected (the test set's size); unchecked when absent. */
  rows?: number;
}

export const PREDICTION_CSV_HEADER = 'label';

/**
 * The labels in a prediction CSV's text. Accepts CRLF, a UTF-8 BOM, blank lines at the end and labels
 * written as integral numbers in float form ("3.0", "3.000000000000000000e+00": NumPy's savetxt default),
 * since the value is still an exact class; a fractional, empty, non-numeric or multi-column row is an error.
 */
export function parsePredictionCsv(text: string, options: PredictionCsvOptions, file = 'prediction CSV'): number[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const first = lines.length > 0 && lines[0].trim().toLowerCase() === PREDICTION_CSV_HEADER ? 1 : 0;
  const labels: number[] = [];
  for (let i = first; i < lines.length; i++) {
    const row = i - first + 1;
    const where = `row ${row} (line ${i + 1})`;
    const cell = lines[i].trim();
    const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell) ? Number(cell) : NaN;
    if (!Number.isSafeInteger(value)) {
      throw new DatasetError('E_CSV_LABEL', file, where, 'an integer label', cell === '' ? 'an empty row' : JSON.stringify(cell));
    }
    if (value < 0 || value >= options.classes) {
      throw new DatasetError('E_CSV_LABEL', file, where, `a label in 0..${options.classes - 1}`, cell);
    }
    labels.push(value === 0 ? 0 : value); // -0 -> 0
  }
  const rows = options.rows;
  if (rows !== undefined && labels.length !== rows) {
    const field =
      labels.length < rows
        ? `row ${labels.length + 1} (line ${labels.length + first + 1})`
        : `row ${rows + 1} (line ${rows + first + 1})`;
    const what = labels.length < rows ? 'missing' : 'one too many';
    throw new DatasetError('E_CSV_ROWS', file, field, `${rows} rows (one label per test example, in test-set order)`, `${labels.length} rows: ${field} is ${what}`);
  }
  return labels;
}

export function readPredictionCsv(file: string, options: PredictionCsvOptions): number[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DatasetError('E_DATA_MISSING', file, 'file', 'a readable prediction CSV', (e as NodeJS.ErrnoException).code ?? String(e));
  }
  return parsePredictionCsv(text, options, file);
}

/** The CSV text for labels: the header row `label` (unless header is false), one label a line, a final newline. */
export function formatPredictionCsv(labels: ArrayLike<number>, options: { classes?: number; header?: boolean } = {}, file?: string): string {
  const out: string[] = options.header === false ? [] : [PREDICTION_CSV_HEADER];
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    const inRange = options.classes === undefined || (v >= 0 && v < options.classes);
    if (!Number.isSafeInteger(v) || !inRange) {
      const range = options.classes === undefined ? 'an integer label' : `an integer label in 0..${options.classes - 1}`;
      throw new DatasetError('E_CSV_LABEL', file, `prediction ${i}`, range, String(v));
    }
    out.push(String(v));
  }
  return `${out.join('\n')}\n`;
}

export function writePredictionCsv(file: string, labels: ArrayLike<number>, options: { classes?: number; header?: boolean } = {}): void {
  writeFileSync(file, formatPredictionCsv(labels, options, file));
}
