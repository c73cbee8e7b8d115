import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caught } from './testing/caught';
import { formatPredictionCsv, parsePredictionCsv, readPredictionCsv, writePredictionCsv } from './prediction-csv';
import { tempDir, writeTemp } from './testing/idx-files';
import { numpyAvailable, runNumpy } from '@gradient/tensor/testing';

const dir = tempDir();
const opts = { classes: 10, rows: 4 };

describe('prediction CSV', () => {
  it('writes a header and one label a line, and reads it back', () => {
    const file = `${dir}/submission.csv`;
    writePredictionCsv(file, [3, 0, 9, 1]);
    expect(readFileSync(file, 'utf8')).toBe('label\n3\n0\n9\n1\n');
    expect(readPredictionCsv(file, opts)).toEqual([3, 0, 9, 1]);
    expect(formatPredictionCsv(Int32Array.from([2, 5]), { header: false })).toBe('2\n5\n');
  });

  it('reads without header, with CRLF, a BOM, spaces and blank lines at the end', () => {
    expect(parsePredictionCsv('3\n0\n9\n1', opts)).toEqual([3, 0, 9, 1]);
    expect(parsePredictionCsv('\uFEFFlabel\r\n 3\r\n0 \r\n9\r\n1\r\n\r\n\n', opts)).toEqual([3, 0, 9, 1]);
  });

  it("reads integral floats as NumPy's savetxt writes them by default, but not fractions", () => {
    expect(parsePredictionCsv('3.000000000000000000e+00\n0.0\n9.\n1e0\n', opts)).toEqual([3, 0, 9, 1]);
    const e = caught(() => parsePredictionCsv('label\n3\n0\n2.5\n1\n', opts, 'sub.csv'));
    expect(e.code).toBe('E_CSV_LABEL');
    expect(e.message).toBe('sub.csv: row 3 (line 4) expected an integer label, found "2.5"');
  });

  it('names the row of a non-integer, empty or multi-column label', () => {
    expect(caught(() => parsePredictionCsv('3\ncat\n9\n1\n', opts)).field).toBe('row 2 (line 2)');
    const empty = caught(() => parsePredictionCsv('label\n3\n\n9\n1\n', opts));
    expect([empty.field, empty.actual]).toEqual(['row 2 (line 3)', 'an empty row']);
    expect(caught(() => parsePredictionCsv('id,label\n0,3\n', opts)).field).toBe('row 1 (line 1)');
    expect(caught(() => parsePredictionCsv('3\n0x1\n', opts)).actual).toBe('"0x1"');
  });

  it('names the row of a label outside the class range', () => {
    const high = caught(() => parsePredictionCsv('label\n3\n0\n9\n10\n', opts, 'sub.csv'));
    expect(high.code).toBe('E_CSV_LABEL');
    expect(high.message).toBe('sub.csv: row 4 (line 5) expected a label in 0..9, found 10');
    expect(caught(() => parsePredictionCsv('-1\n0\n9\n1\n', opts)).field).toBe('row 1 (line 1)');
    expect(parsePredictionCsv('-0\n0\n9\n1\n', opts)).toEqual([0, 0, 9, 1]);
  });

  it('names the missing or extra row of a wrong row count', () => {
    const short = caught(() => parsePredictionCsv('label\n3\n0\n9\n', opts, 'sub.csv'));
    expect(short.code).toBe('E_CSV_ROWS');
    expect(short.message).toBe('sub.csv: row 4 (line 5) expected 4 rows (one label per test example, in test-set order), found 3 rows: row 4 (line 5) is missing');
    const long = caught(() => parsePredictionCsv('3\n0\n9\n1\n1\n', opts));
    expect([long.field, long.actual]).toEqual(['row 5 (line 5)', '5 rows: row 5 (line 5) is one too many']);
    expect(caught(() => parsePredictionCsv('', opts)).actual).toBe('0 rows: row 1 (line 1) is missing');
    expect(parsePredictionCsv('5\n5\n', { classes: 10 })).toEqual([5, 5]);
  });

  it('refuses to write a label that is not an integer in range, and names a missing file', () => {
    expect(caught(() => formatPredictionCsv([1, 2.5])).field).toBe('prediction 1');
    expect(caught(() => writePredictionCsv(`${dir}/x.csv`, [1, 10], { classes: 10 })).message).toContain(`${dir}/x.csv: prediction 1 expected an integer label in 0..9`);
    expect(caught(() => readPredictionCsv(`${dir}/none.csv`, opts)).code).toBe('E_DATA_MISSING');
  });

  it.skipIf(!numpyAvailable)('round-trips with NumPy: np.loadtxt reads ours, we read np.savetxt output', () => {
    const labels = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9];
    const ours = `${dir}/ours.csv`;
    writePredictionCsv(ours, labels);
    const theirs = `${dir}/theirs.csv`;
    const loaded = runNumpy(`
y = np.loadtxt(${JSON.stringify(ours)}, skiprows=1, dtype=np.int64)
np.savetxt(${JSON.stringify(theirs)}, y.astype(np.float64), header='label', comments='')
print(json.dumps(y.tolist()))
`);
    expect(loaded).toEqual(labels);
    expect(readPredictionCsv(theirs, { classes: 10, rows: 10 })).toEqual(labels);
    expect(readFileSync(theirs, 'utf8').split('\n')[1]).toBe('7.000000000000000000e+00');
  });
});
