import type { Visibility } from '../model';

export interface Limits {
  timeMs?: number;
  memoryMb?: number;
  loadTimeMs?: number;
}

/** The assignment's limits: every test's defaults, plus the wall-clock budget of a whole submission. */
export interface SubmissionLimits extends Limits {
  submissionMs?: number;
}

/**
 * A formula scoring the value a check measures (an accuracy; CaseVerdict.measured), per case.
 * thresholds: [[atLeast, points], ...] ascending: the highest atLeast reached gives its points.
 * clampFloor: min(floor((x - offset) / scale), max) times the test's points, 0 when negative.
 */
export type CreditFormula =
  | { thresholds: [atLeast: number, points: number][] }
  | { clampFloor: { offset: number; scale: number; max: number } };

export type Credit = 'all-or-nothing' | 'per-case' | CreditFormula;

interface TestCommon {
  name: string;
  number: string;
  points: number;
  visibility?: Visibility;
  /** public: committed fixtures students have; hidden: generated at grading time from the hidden seed. */
  set: 'public' | 'hidden';
  tags?: string[];
  limits?: Limits;
  credit?: Credit;
}

export interface FixtureTestSpec extends TestCommon {
  kind: 'fixture';
  call: string;
  fixture: string;
  tolerance: number;
}

export interface NumericTestSpec extends TestCommon {
  kind: 'numeric';
  call: string;
  fixture: string;
  tolerance: number;
}

export interface GradcheckTestSpec extends TestCommon {
  kind: 'gradcheck';
  call: string;
  backward: string;
  fixture: string;
  /** Max relative error against the reference's analytic gradients. */
  tolerance: number;
  /** Centered-difference step of the numerical gradient that explains a failure. */
  h?: number;
  gradNames: string[];
}

/**
 * What one step of an object test returns, and so how it is compared with the fixture's value.
 * 'accuracy': predicted labels, scored against the case step's true labels (which never reach the child).
 */
export type StepReturns = 'tensor' | 'number' | 'loss-and-grads' | 'history' | 'accuracy' | 'none';

/** instance[method](...case step args), its value judged as `returns` declares. */
export interface MethodStep {
  method: string;
  returns: StepReturns;
  /** accuracy steps: the step passes only at this accuracy or above (e.g. 1 for "overfits 50 examples"). */
  atLeast?: number;
}

/** instance[set][name] = value for each entry of the case step's args[0], a record (e.g. weights into `params`). */
export interface SetStep {
  set: string;
}

export type ObjectStep = MethodStep | SetStep;

export const isSetStep = (s: ObjectStep): s is SetStep => 'set' in s;

/**
 * A stateful object: `new class(...args)` once per fixture case, then `steps` called in order on that
 * one instance; each step's arguments and the reference's value come from the case's `steps`.
 */
export interface ObjectTestSpec extends TestCommon {
  kind: 'object';
  class: string;
  /** Constructor arguments ({"$rng": seed} becomes a RandomState); the fixture case's args when absent. */
  args?: unknown[];
  steps: ObjectStep[];
  fixture: string;
  /** Max relative error of tensors, numbers and losses. */
  tolerance: number;
  /** Max relative error of each of a loss-and-grads step's grads against the reference's (default 1e-10). */
  gradTolerance?: number;
  /** Centered-difference step of the numerical gradient that explains a failed grad (default 1e-5). */
  h?: number;
}

/** Rows of a built-in dataset's labels, as in a fixture's {"$dataset"} value (fixtures/dataset-refs.ts). */
export interface DatasetLabelsRef {
  $dataset: string;
  split: string;
  take: 'labels';
  from: number;
  count: number;
}

/**
 * A predictions file in the submission (one label per row), read by the grader and never run, scored
 * against hidden labels (a .npy in the assignment folder or dataset rows): the accuracy is the measured value
 * its credit formula turns into points, and a column of Gradescope's leaderboard.
 */
export interface PredictionsTestSpec extends TestCommon {
  kind: 'predictions';
  file: string;
  labels: string | DatasetLabelsRef;
  /** Labels are integers in 0..classes-1 (default 10). */
  classes?: number;
  /** A file over this many bytes is refused before it is read (default 16 MiB). */
  maxBytes?: number;
  /** The leaderboard column (default the test's name). */
  leaderboard?: string;
  /** Only these rows are scored (the file still has a row per label): a leaderboard share apart from the graded rows. */
  rows?: { from: number; count: number };
}

/** One row of a structure test's expected layer table; the fields given are compared. */
export interface ExpectedLayer {
  /** The tfjs layer class: Conv2D, MaxPooling2D, Flatten, Dense, ... */
  type: string;
  /** e.g. [null, 22, 22, 32]; null is the batch dimension. */
  outputShape?: (number | null)[];
  params?: number;
  activation?: string;
  /** Other getConfig() values matched exactly: kernelSize, filters, strides, padding, units, poolSize, rate. */
  config?: Record<string, unknown>;
}

/**
 * A model builder (an export returning a tfjs LayersModel) run in the student's process; its layers
 * (class, output shape, parameters, activation, config) are compared with the spec's table.
 */
export interface StructureTestSpec extends TestCommon {
  kind: 'structure';
  call: string;
  args?: unknown[];
  layers: ExpectedLayer[];
}

/**
 * A hand-written training step run in the student's process on tfjs's cpu backend: per fixture case the child
 * rebuilds the case's model from its topology, sets its weights, makes the student's optimizer once, and calls
 * call(model, optimizer, x, yOneHot) `steps` times; the losses and final weights are compared with the reference's.
 */
export interface TrainStepTestSpec extends TestCommon {
  kind: 'train-step';
  call: string;
  optimizer?: string;
  fixture: string;
  tolerance: number;
}

/** Rows of a built-in dataset (images and labels) for the trusted trainer. */
export interface DatasetRows {
  $dataset: string;
  split: string;
  from: number;
  count: number;
}

/** A course .npy pair in the assignment folder. */
export interface NpyImageSet {
  x: string;
  y: string;
}

export type ImageSetRef = DatasetRows | NpyImageSet;

export interface TrainBudget {
  epochs: number;
  maxParams?: number;
  maxFlopsPerEpoch?: number;
  timeMs?: number;
}

/**
 * The student's own model, trained by the trusted trainer: only the builder's topology and the settings (data)
 * leave the student's process; training and evaluation on `data.eval` run in a trainer process of the grader's.
 */
export interface TrainTestSpec extends TestCommon {
  kind: 'train';
  call: string;
  args?: unknown[];
  settings: string;
  data: { train: ImageSetRef; eval: ImageSetRef };
  classes?: number;
  budget: TrainBudget;
  seed?: number;
  /** A topology file in the assignment folder: spec B's "beats the fixed model" rule decides the test. */
  baseline?: string;
}

export type TestSpec = FixtureTestSpec | NumericTestSpec | GradcheckTestSpec | ObjectTestSpec | PredictionsTestSpec | StructureTestSpec | TrainStepTestSpec | TrainTestSpec;

/**
 * How an export hands back its result. 'value': as is (the default). 'out-and-cache': it returns [out, cache];
 * a call compares out alone, the cache stays in the child, and a gradcheck backward receives it.
 */
export type ReturnConvention = 'value' | 'out-and-cache';

export interface AssignmentSpec {
  name: string;
  title: string;
  entry: string;
  exports: string[];
  /** Per export, how it returns; an export not named here returns a value as is. */
  returns?: Record<string, ReturnConvention>;
  fixtures: { generator: string; reference?: string; publicSeed: number; hiddenSeedFile?: string };
  /** Libraries student code may import by name (the assignment package's copy, never the submission's), e.g. ['@tensorflow/tfjs']. */
  libraries?: string[];
  limits: SubmissionLimits;
  tests: TestSpec[];
  /** Per-student variants of the public tests and the evaluation-log check (docs/variants.md); off when absent. */
  variants?: VariantsSpec;
  /** The public test log's file name, as the course names it (default evaluation_<name>.txt). */
  evaluationLog?: string;
}

export interface VariantsSpec {
  /** Fixture sets in the pool each public case is picked from (default 4; set 0 is the committed public fixtures). */
  pool?: number;
  /** The grading-time test comparing the handed-in evaluation log with this run. */
  log?: { number?: string; name?: string; points?: number };
}

/** A validated spec plus where it came from. */
export interface Assignment {
  spec: AssignmentSpec;
  /** Absolute folder of the assignment (graders/<name>, or the student bundle's folder). */
  dir: string;
  specFile: string;
  /** Folder holding the committed public fixtures (manifest.json + .npy). */
  publicFixturesDir: string;
}
