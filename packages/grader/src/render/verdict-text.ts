// The one text form of verdicts: what the terminal, results.json and the evaluation log show.
import { shapeString } from '@gradient/tensor';
import type { Hint, Problem, TrainingRecord } from '../checks/problem';
import type { CaseVerdict } from '../checks/verdict';
import { layerTableText } from './layer-table';

/** A number as messages show it: integers whole, others to 6 significant digits. */
export const fmt = (v: number): string => (Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : v.toPrecision(6));

const SLOW_BACKWARD = ' (backward passes are timed on large inputs, where a finite-difference gradient, two forwards per input entry, cannot finish: derive the gradient)';

const at = (index: readonly number[]) => `[${index.join(', ')}]`;

export function hintText(hint: Hint): string {
  switch (hint.kind) {
    case 'all-zero':
      return 'your values are all zero where the expected ones are not';
    case 'sign':
      return 'off by a sign: every entry has the opposite sign';
    case 'factor':
      return `off by a factor of ${hint.reciprocal ? '1/' : ''}${hint.factor}${hint.batchSize !== undefined ? ` (N = ${hint.batchSize}, the batch size): sum vs mean?` : ''}`;
    case 'constant-factor':
      return `off by a constant factor of ${hint.ratio.toPrecision(4)}`;
    case 'transpose':
      return `matches the expected values with axes ${hint.axes[0]} and ${hint.axes[1]} swapped (a transposed index?)`;
  }
}

/** What the gradient check's numerical gradient of the student's own forward showed. */
export function explanationText(p: Extract<Problem, { kind: 'gradient-explanation' }>): string {
  switch (p.finding) {
    case 'forward-differs':
      return `    note: your ${p.backward} agrees with the numerical gradient of your own ${p.call} at these entries, so your ${p.call} itself differs from the reference: fix its forward test first`;
    case 'backward-wrong':
      return `    note: the numerical gradient of your ${p.call} agrees with the expected values at these entries, so the forward is right and ${p.backward} is at fault`;
    case 'neither':
      return [
        `    your ${p.backward} matches neither the reference nor the numerical gradient of your own ${p.call}:`,
        ...p.entries.map((e) => `    ${e.grad} at ${at(e.index)}: yours ${fmt(e.yours)}, numerical gradient of your ${p.call} ${fmt(e.numeric)}`),
      ].join('\n');
  }
}

export function problemText(p: Problem): string {
  switch (p.kind) {
    case 'not-tensor':
      return `${p.label}: expected a float64 ndarray of shape ${shapeString(p.expectedShape)}, got ${p.got}`;
    case 'dtype':
      return `${p.label}: expected float64 data (Float64Array), got ${p.actual}`;
    case 'shape':
      return `${p.label}: expected shape ${shapeString(p.expected)}, got ${shapeString(p.actual)}`;
    case 'data-length':
      return `${p.label}: data holds ${p.length} values for shape ${shapeString(p.shape)}`;
    case 'non-finite':
      return `${p.label}: contains ${p.value} at index ${at(p.index)}`;
    case 'mismatch': {
      const rows = p.worst.map((w) => `    at ${at(w.index)}: yours ${fmt(w.actual)}, expected ${fmt(w.expected)}`).join('\n');
      return `${p.label}: relative error ${p.relError.toExponential(2)} exceeds ${p.tolerance.toExponential(0)}; worst entries:\n${rows}${p.hint ? `\n    hint: ${hintText(p.hint)}` : ''}`;
    }
    case 'number':
      return `${p.label}: expected ${fmt(p.expected)}, got ${fmt(p.actual)}`;
    case 'value':
      return `${p.label}: expected ${p.expected}, got ${p.got}`;
    case 'accuracy':
      return `${p.label}: accuracy ${Number((p.correct / p.total).toPrecision(4))} (${p.correct} of ${p.total} labels right), needs at least ${p.atLeast}`;
    case 'returned':
      return `${p.fn} should return ${p.gradNames.length === 1 ? p.gradNames[0] : `[${p.gradNames.join(', ')}]`}, got ${p.got}`;
    case 'failure':
      return `${p.message}${p.deriveGradient ? SLOW_BACKWARD : ''}`;
    case 'gradient-explanation':
      return explanationText(p);
    case 'layers':
      return layerTableText(p);
    case 'gradient-explanation-failed':
      return `    (the numerical gradient of your ${p.call} could not be taken to explain this: ${p.message})`;
    case 'training-refused':
      return `not trained: ${p.message}`;
    case 'baseline':
      return `your model reached ${accuracy(p.accuracy)} after ${epochCount(p.epochs)}, the fixed model ${accuracy(p.baselineAccuracy)} after ${epochCount(p.baselineEpochs)}: ` +
        'beat its accuracy, or reach it in fewer epochs';
  }
}

const accuracy = (a: number) => `${Number((a * 100).toFixed(2))} %`;
const epochCount = (n: number) => `${n} epoch${n === 1 ? '' : 's'}`;

/** "trained 2 of 2 epochs on wasm in 14.2 s (1,199,882 parameters); held-out accuracy by epoch: 91.2 %, 95.01 %". */
export function trainingText(t: TrainingRecord): string[] {
  const ran = t.accuracies.length;
  const stop = t.stoppedBy === 'time' ? ' (stopped at the time budget)' : '';
  return [
    `trained ${ran} of ${epochCount(t.epochsAllowed)} on ${t.backend} in ${t.seconds.toFixed(1)} s${stop} (${t.params.toLocaleString('en-US')} parameters); held-out accuracy by epoch: ${t.accuracies.map(accuracy).join(', ') || 'none'}`,
    ...(t.baseline ? [`the fixed model, same seed, data and settings: ${t.baseline.map(accuracy).join(', ')}`] : []),
  ];
}

/** Why a case failed, without its name (scoring names cases that failed alike together). */
export function verdictText(v: Pick<CaseVerdict, 'problems'>): string {
  return v.problems.map(problemText).join('\n');
}

/** A parameter as its author wrote it: 0.3, not fmt's 0.300000. */
export function paramValue(value: number | string | boolean | null): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value);
}
