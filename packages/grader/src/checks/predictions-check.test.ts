// predictions tests end to end: a CSV in the submission folder, scored in the grader against labels the
// child never sees, through gradeSubmission (so the points, the leaderboard and the messages are the real ones).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mnistFiles } from '@gradient/datasets';
import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import { gradeSubmission } from '../grade';
import { toGradescope, validateGradescope } from '../render/gradescope';
import { validateAssignmentSpec } from '../spec/validate';
import type { Assignment, PredictionsTestSpec } from '../spec/types';
import { tempDirs } from '../testing/temp-dirs';

const tempDir = tempDirs();

// written by NumPy, as a course's labels file would be: a second route to the labels the grader reads
const TRUTH = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
const assignmentDir = tempDir('gradient-predictions-assignment-');
execFileSync('python3', ['-c', `import numpy as np; np.save(${JSON.stringify(join(assignmentDir, 'test_y.npy'))}, np.array(${JSON.stringify(TRUTH)}, dtype=np.int64))`]);

const predictionsTest = (over: Partial<PredictionsTestSpec> = {}): PredictionsTestSpec => ({
  number: '1', name: 'test-set predictions', points: 5, set: 'hidden', kind: 'predictions', file: 'submission.csv', labels: 'test_y.npy',
  credit: { thresholds: [[0.5, 1], [0.7, 3], [0.9, 5]] }, ...over,
});

function assignment(test: PredictionsTestSpec): Assignment {
  return {
    spec: { name: 'preds', title: 'preds', entry: 'solution.ts', exports: ['noop'], fixtures: { generator: 'none', publicSeed: 0 }, limits: {}, tests: [test] },
    dir: assignmentDir, specFile: join(assignmentDir, 'assignment.json'), publicFixturesDir: assignmentDir,
  };
}

/** A submission folder: the code entry plus the given files. */
function submission(files: Record<string, string>): string {
  const dir = tempDir('gradient-predictions-sub-');
  writeFileSync(join(dir, 'solution.ts'), 'export function noop() { return 0; }\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const csv = (labels: number[], header = true) => `${header ? 'label\n' : ''}${labels.join('\n')}\n`;

async function grade(test: PredictionsTestSpec, dir: string) {
  const r = await gradeSubmission(assignment(test), dir, { public: {} }, { hidden: true });
  return { result: r, test: r.tests[0] };
}

describe('predictions test', () => {
  it('gives full points for every label right, and puts the accuracy on the leaderboard', async () => {
    const { result, test } = await grade(predictionsTest({ visibility: 'visible' }), submission({ 'submission.csv': csv(TRUTH) }));
    expect(test).toMatchObject({ score: 5, maxScore: 5, status: 'passed', measured: 1, leaderboard: { name: 'test-set predictions', value: 1 } });
    const gs = toGradescope(result);
    expect(gs.leaderboard).toEqual([{ name: 'test-set predictions', value: 1, order: 'desc' }]);
    expect(validateGradescope(gs)).toEqual([]);
  });

  it('keeps a test students cannot see yet (a hidden set, after_due_date) off the leaderboard, which Gradescope shows at once', async () => {
    const { result, test } = await grade(predictionsTest(), submission({ 'submission.csv': csv(TRUTH) }));
    expect(test).toMatchObject({ score: 5, measured: 1, visibility: 'after_due_date' });
    expect(test.leaderboard).toBeUndefined();
    expect(toGradescope(result).leaderboard).toBeUndefined();
  });

  it('scores 7 of 10 right with the thresholds table: 0.7 reaches the 3-point step, not the 5-point one', async () => {
    const wrong = TRUTH.map((y, i) => (i < 3 ? (y + 1) % 10 : y)); // rows 1-3 wrong, no header
    const { test } = await grade(predictionsTest({ leaderboard: 'Accuracy', visibility: 'visible' }), submission({ 'submission.csv': csv(wrong, false) }));
    expect(test).toMatchObject({ score: 3, maxScore: 5, status: 'failed', measured: 0.7, leaderboard: { name: 'Accuracy', value: 0.7 } });
    expect(test.output).toContain('measured 0.7: 3 of 5 points');
  });

  it('scores only the rows it names: a visible leaderboard on rows 0-3 tells nothing of the graded rows 4-9', async () => {
    // rows 0-3 all right, rows 4-9 half wrong
    const mixed = TRUTH.map((y, i) => (i >= 4 && i % 2 === 0 ? (y + 1) % 10 : y));
    const dir = submission({ 'submission.csv': csv(mixed) });
    const board = await grade(predictionsTest({ number: '1', visibility: 'visible', leaderboard: 'Accuracy', points: 0, credit: { thresholds: [[0, 0]] }, rows: { from: 0, count: 4 } }), dir);
    expect(board.test).toMatchObject({ measured: 1, leaderboard: { name: 'Accuracy', value: 1 } });
    const graded = await grade(predictionsTest({ number: '1h', rows: { from: 4, count: 6 } }), dir);
    expect(graded.test).toMatchObject({ measured: 0.5, score: 1, visibility: 'after_due_date' });
    expect(graded.test.output).toContain('measured 0.5: 1 of 5 points');
    // the file must still hold a row per label
    const short = await grade(predictionsTest({ rows: { from: 4, count: 6 } }), submission({ 'submission.csv': csv(TRUTH.slice(0, 6)) }));
    expect(short.test.output).toContain('expected 10 rows');
    await expect(grade(predictionsTest({ rows: { from: 8, count: 3 } }), dir)).rejects.toThrow('rows 8 to 10 are not all among the 10 labels');
  });

  it('fails clearly when the file is missing, naming the file and the .csv files that are there', async () => {
    const { result, test } = await grade(predictionsTest(), submission({ 'predictions.csv': csv(TRUTH) }));
    expect(test).toMatchObject({ score: 0, status: 'failed' });
    expect(test.measured).toBeUndefined();
    expect(test.output).toContain('submission.csv');
    expect(test.output).toContain('no such file (the .csv files at the top of your submission are predictions.csv)');
    expect(toGradescope(result).leaderboard).toBeUndefined();
  });

  it('names the row of a label that is not a class, and the first missing row of a short file', async () => {
    const bad = [...TRUTH];
    bad[4] = 12;
    const { test: badLabel } = await grade(predictionsTest(), submission({ 'submission.csv': csv(bad) }));
    expect(badLabel.score).toBe(0);
    expect(badLabel.output).toContain('submission.csv row 5 (line 6): expected a label in 0..9, got 12');
    const { test: short } = await grade(predictionsTest(), submission({ 'submission.csv': csv(TRUTH.slice(0, 8)) }));
    expect(short.score).toBe(0);
    expect(short.output).toContain('submission.csv row 9 (line 10): expected 10 rows');
  });

  it('refuses a file over maxBytes without reading it, and a link out of the submission (to the grader\'s labels)', async () => {
    const { test: big } = await grade(predictionsTest({ maxBytes: 16 }), submission({ 'submission.csv': csv(TRUTH) }));
    expect(big.score).toBe(0);
    expect(big.output).toContain('expected at most 16 bytes, got 26 bytes (it is not read)');

    const dir = submission({});
    symlinkSync(join(assignmentDir, 'test_y.npy'), join(dir, 'submission.csv'));
    const { test: link } = await grade(predictionsTest(), dir);
    expect(link.score).toBe(0);
    expect(link.output).toContain('a link to a file outside your submission');

    const folder = submission({});
    mkdirSync(join(folder, 'submission.csv'));
    expect((await grade(predictionsTest(), folder)).test.output).toContain('expected submission.csv to be a file, got a folder');
  });

  it('reads the file from a zipped submission, inside the one folder the zip holds', async () => {
    const zip = new AdmZip();
    zip.addFile('hw/solution.ts', Buffer.from('export function noop() { return 0; }\n'));
    zip.addFile('hw/submission.csv', Buffer.from(csv(TRUTH)));
    const file = join(tempDir('gradient-predictions-zip-'), 'student.zip');
    zip.writeZip(file);
    const { test } = await grade(predictionsTest(), file);
    expect(test).toMatchObject({ score: 5, measured: 1 });
  });

  it('scores against rows of a built-in dataset: the first 50 MNIST test labels, read from the IDX file directly', async () => {
    // second route: the IDX labels file's bytes after its 8-byte header, not @gradient/datasets' reader
    const idx = readFileSync(mnistFiles('test').labels);
    const truth = [...idx.subarray(8, 58)];
    const half = truth.map((y, i) => (i % 2 === 0 ? y : (y + 1) % 10));
    const test = predictionsTest({ labels: { $dataset: 'mnist', split: 'test', take: 'labels', from: 0, count: 50 }, credit: { clampFloor: { offset: 0, scale: 0.25, max: 1 } }, points: 4 });
    expect((await grade(test, submission({ 'submission.csv': csv(truth) }))).test).toMatchObject({ score: 4, measured: 1 });
    // 25 of 50 right: floor(0.5 / 0.25) = 2 > max 1, so still all 4 points; 0.2 would give 0
    expect((await grade(test, submission({ 'submission.csv': csv(half) }))).test).toMatchObject({ score: 4, measured: 0.5 });
    const mostlyWrong = truth.map((y, i) => (i < 10 ? y : (y + 1) % 10));
    expect((await grade(test, submission({ 'submission.csv': csv(mostlyWrong) }))).test).toMatchObject({ score: 0, measured: 0.2 });
  });
});

describe('predictions spec', () => {
  const spec = (test: Record<string, unknown>) => ({
    name: 'preds', title: 'preds', entry: 'solution.ts', exports: ['noop'], fixtures: { generator: 'fixtures.ts', publicSeed: 0 }, limits: {},
    tests: [{ number: '1', name: 'p', points: 5, set: 'hidden', kind: 'predictions', file: 'submission.csv', labels: 'test_y.npy', credit: { thresholds: [[0.5, 5]] }, ...test }],
  });
  it('accepts a .npy path or a labels ref, and refuses a spec without a credit formula, a path out of the submission, images as labels', () => {
    expect(validateAssignmentSpec(spec({}), 'a.json').tests[0].kind).toBe('predictions');
    expect(() => validateAssignmentSpec(spec({ labels: { $dataset: 'mnist', split: 'test', take: 'labels', from: 0, count: 10 } }), 'a.json')).not.toThrow();
    expect(() => validateAssignmentSpec(spec({ credit: 'all-or-nothing' }), 'a.json')).toThrow(/a predictions test scores its accuracy with a credit formula/);
    expect(() => validateAssignmentSpec(spec({ file: '../labels.csv' }), 'a.json')).toThrow(expect.objectContaining({ code: 'E_SPEC', path: '/tests/0/file' }));
    expect(() => validateAssignmentSpec(spec({ labels: { $dataset: 'mnist', split: 'test', take: 'images', from: 0, count: 10 } }), 'a.json')).toThrow(expect.objectContaining({ code: 'E_SPEC', path: expect.stringMatching(/^\/tests\/0\/labels/) }));
  });
});
