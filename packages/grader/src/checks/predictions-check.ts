// predictions tests: a file of predicted labels in the submission, scored in the grader against the true
// labels. The file is data, never run; the labels never leave this process.
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError, parsePredictionCsv } from '@gradient/datasets';
import { isInside } from '../sandbox/import-policy';
import type { PredictionsTestSpec } from '../spec/types';
import { countCorrect } from './accuracy';
import type { Problem } from './problem';
import { caseVerdict, type CaseVerdict, type CheckContext } from './verdict';

/** Default size cap: MNIST's 10 000 labels take about 20 kB, so 16 MiB leaves room for any real test set. */
export const DEFAULT_PREDICTIONS_MAX_BYTES = 16 * 1024 * 1024;

const CSV_LISTED = 5;

/** What the submission holds instead, so a misnamed file is easy to spot. */
function csvFilesIn(root: string): string {
  let names: string[] = [];
  try {
    names = readdirSync(root).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
  } catch {
    // unreadable: say only that the file is missing
  }
  if (names.length === 0) return 'no .csv file at the top of your submission';
  return `the .csv files at the top of your submission are ${names.slice(0, CSV_LISTED).join(', ')}${names.length > CSV_LISTED ? ', …' : ''}`;
}

/** The file's text, or why it cannot be scored: missing, a link leaving the submission, not a file, too large. */
function readPredictions(spec: PredictionsTestSpec, root: string): { text: string } | { problem: Problem } {
  const file = join(root, spec.file);
  const max = spec.maxBytes ?? DEFAULT_PREDICTIONS_MAX_BYTES;
  const refuse = (expected: string, got: string) => ({ problem: { kind: 'value', label: spec.file, expected, got } as Problem });
  try {
    lstatSync(file);
  } catch {
    return refuse(`a file ${spec.file} in your submission (your predicted labels, one per row)`, `no such file (${csvFilesIn(root)})`);
  }
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return refuse(`a file ${spec.file}`, 'a link to nothing');
  }
  // a link could name the grader's own labels: only the submission's files are read
  if (!isInside(root, real)) return refuse(`the file ${spec.file} itself`, 'a link to a file outside your submission');
  const stat = statSync(real);
  if (!stat.isFile()) return refuse(`${spec.file} to be a file`, stat.isDirectory() ? 'a folder' : 'not a regular file');
  if (stat.size > max) return refuse(`at most ${max} bytes`, `${stat.size} bytes (it is not read)`);
  return { text: readFileSync(real, 'utf8') };
}

/**
 * The one case holds the true labels as `expected`. The case measures the accuracy (the share of rows equal to
 * the true label), which the test's credit formula scores; a file that cannot be read or parsed measures nothing.
 */
export async function runPredictionsCheck(spec: PredictionsTestSpec, ctx: CheckContext): Promise<CaseVerdict[]> {
  if (ctx.submissionRoot === undefined) throw new Error(`grader error: ${ctx.testLabel} reads a file of the submission, but no submission folder was given`);
  return ctx.cases.map((c) => {
    const truth = c.expected as number[];
    const read = readPredictions(spec, ctx.submissionRoot!);
    if ('problem' in read) return caseVerdict(c, [read.problem]);
    let predicted: number[];
    try {
      predicted = parsePredictionCsv(read.text, { classes: spec.classes ?? 10, rows: truth.length }, spec.file);
    } catch (e) {
      if (!(e instanceof DatasetError)) throw e;
      return caseVerdict(c, [{ kind: 'value', label: `${spec.file} ${e.field}`, expected: e.expected, got: e.actual }]);
    }
    const { from, count } = spec.rows ?? { from: 0, count: truth.length };
    return { ...caseVerdict(c, []), measured: countCorrect(predicted.slice(from, from + count), truth.slice(from, from + count)) / count };
  });
}
