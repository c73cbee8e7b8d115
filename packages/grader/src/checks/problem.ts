// What a check found wrong with one case, as plain data. Checks build these; only renderers turn them into
// words (render/verdict-text.ts for the terminal, results.json and the evaluation log; render/html-verdict.ts).

/** One entry of a tensor, C-order position and index, yours against the expected value. */
export interface WorstEntry {
  /** Position in C order. */
  flat: number;
  index: number[];
  actual: number;
  expected: number;
  relError: number;
}

/** A likely cause the numbers show (checks/hints.ts). */
export type Hint =
  | { kind: 'all-zero' }
  | { kind: 'sign' }
  /** Off by a whole factor (reciprocal: by 1/factor); batchSize when the factor is the case's batch size. */
  | { kind: 'factor'; factor: number; reciprocal: boolean; batchSize?: number }
  | { kind: 'constant-factor'; ratio: number }
  | { kind: 'transpose'; axes: [number, number] };

/** The numerical gradient of the student's own forward at one of the worst entries. */
export interface NumericEntry {
  grad: string;
  index: number[];
  yours: number;
  numeric: number;
}

export type Problem =
  /** `got` is a short phrase for what came back (checks/describe.ts). */
  | { kind: 'not-tensor'; label: string; expectedShape: number[]; got: string }
  | { kind: 'dtype'; label: string; actual: string }
  | { kind: 'shape'; label: string; expected: number[]; actual: number[] }
  | { kind: 'data-length'; label: string; length: number; shape: number[] }
  | { kind: 'non-finite'; label: string; value: number; index: number[] }
  /** Entries over the tolerance, worst first (at most 3); relError is the worst one's. */
  | { kind: 'mismatch'; label: string; relError: number; tolerance: number; worst: WorstEntry[]; hint?: Hint }
  /** A plain number that differs (or is not finite). */
  | { kind: 'number'; label: string; expected: number; actual: number }
  /** Predicted labels right in `correct` of `total` cases, short of the step's atLeast. */
  | { kind: 'accuracy'; label: string; correct: number; total: number; atLeast: number }
  /** A value of the wrong kind or size: `expected` and `got` are short phrases ("an array of 3", "null"). */
  | { kind: 'value'; label: string; expected: string; got: string }
  /** A backward that returned the wrong number of gradients. */
  | { kind: 'returned'; fn: string; gradNames: string[]; got: string }
  /** The call did not return normally (sandbox outcome); deriveGradient: a backward that timed out. */
  | { kind: 'failure'; failure: string; message: string; deriveGradient?: boolean }
  /** Why a backward differs (gradcheck-check.ts explain); never changes a score. */
  | {
      kind: 'gradient-explanation'; call: string; backward: string;
      /** forward-differs: the backward agrees with the student's own forward; backward-wrong: the forward's gradient agrees with the expected values. */
      finding: 'forward-differs' | 'backward-wrong' | 'neither';
      entries: NumericEntry[];
    }
  | { kind: 'gradient-explanation-failed'; call: string; message: string }
  /** A model whose layers differ from the spec's table: every row, both sides, the differing fields marked. */
  | { kind: 'layers'; call: string; rows: LayerRow[]; expectedParams: number | undefined; actualParams: number }
  /** The trusted trainer refused the student's model or settings before training (budget, custom layer, input). */
  | { kind: 'training-refused'; message: string }
  /** spec B's comparison rule not met: the student's final accuracy and the fixed model's, epochs each ran. */
  | { kind: 'baseline'; accuracy: number; epochs: number; baselineAccuracy: number; baselineEpochs: number };

/** What the trusted trainer did with a train test's model: shown with the test's result, pass or fail. */
export interface TrainingRecord {
  backend: string;
  params: number;
  /** Held-out accuracy after each epoch that ran. */
  accuracies: number[];
  /** Epochs the test's budget allowed (the settings may have asked for more). */
  epochsAllowed: number;
  stoppedBy: 'epochs' | 'time';
  seconds: number;
  /** spec B's comparison: the fixed model's accuracies, trained with the same seed, data and settings. */
  baseline?: number[];
}

/** What a structure test knows of one layer: the spec's row, or the student's model's layer. */
export interface LayerFacts {
  type: string;
  outputShape?: (number | null)[] | (number | null)[][];
  params?: number;
  activation?: string;
  config?: Record<string, unknown>;
}

/** One line of the side-by-side layer table: the expected layer, the student's, and which fields differ. */
export interface LayerRow {
  expected?: LayerFacts;
  actual?: LayerFacts;
  /** 'type', 'outputShape', 'params', 'activation', 'config.kernelSize', ...; 'missing' / 'extra' for a row on one side only. */
  differs: string[];
}

/** One parameter of a case, from the fixture case's arguments: a tensor's shape, a scalar, a seed. */
export type CaseParam =
  | { name: string; kind: 'tensor'; shape: number[] }
  | { name: string; kind: 'value'; value: number | string | boolean | null }
  | { name: string; kind: 'rng'; seed: number };
