// The messages between the grader (parent) and the child process that runs student code.
// Only inputs go down; only student outputs come up. Expected values and scores never leave the parent.

/** compile.ts names the submission's files this way in its sourcemaps, so the child can tell them apart in stacks. */
export const SUBMISSION_SOURCE_PREFIX = 'submission:///';

/** The export under which a bundle's entry hands the runner the declared libraries (bundle-submission.ts). */
export const LIBRARIES_EXPORT = '__gradientLibraries';

/** A float64 tensor on the wire: V8 structured-clone frames (framing.ts) carry the typed array. */
export interface WireTensor {
  $tensor: true;
  shape: number[];
  data: Float64Array;
  /** Set when the student's tensor was not float64 (e.g. 'float32', 'array'); the data was converted. */
  dtype?: string;
}

/** In an argument list: replaced in the child by a fresh RandomState(seed) on every call, so masks repeat. */
export interface WireRng {
  $rng: number;
}

export type WireValue =
  | number
  | string
  | boolean
  | null
  | WireTensor
  | WireRng
  | WireValue[]
  | { [key: string]: WireValue };

interface CallBase {
  /** Names the test and case, e.g. "1.1/case-2": used in messages and to match replies. */
  id: string;
  /** The student's exported function to call. */
  fn: string;
  args: WireValue[];
  /** Wall-clock limit for this call; the parent SIGKILLs the child past it. */
  timeLimitMs: number;
}

/** Call fn(...args) and return what it returned, or only out of an [out, cache] the spec declares. */
export interface PlainCall extends CallBase {
  kind: 'call';
  /**
   * true: the spec declares fn out-and-cache (`returns`): it must return [out, cache]; only out comes back,
   * the cache stays in the child. Otherwise the value comes back as is, a pair included: no guessing.
   */
  returnsCache?: boolean;
}

/**
 * A backward pass on its own forward's cache:
 *   [out, cache] = fn(...args); grads = backward(dout, cache).
 * Returns { out, grads }: the grader compares grads with the reference's analytic gradients.
 * No numerical gradient is taken here, so a backward that is itself a finite-difference loop
 * gains nothing from one.
 */
export interface BackwardCall extends CallBase {
  kind: 'backward';
  backward: string;
  dout: WireTensor;
}

/**
 * Centered differences of sum(fn(...args)[0] * dout) at chosen entries of chosen arguments:
 *   value[k].data[j] = d sum(out * dout) / d args[wrt[k]].flat[entries[k][j]].
 * Only explains a failed backward (is it consistent with the student's own forward?); never scores.
 */
export interface NumericGradientCall extends CallBase {
  kind: 'numeric-gradient';
  dout: WireTensor;
  /** Indices into args of the tensors to differentiate. */
  wrt: number[];
  /** For each wrt, the flat (C-order) entries to differentiate. */
  entries: number[][];
  h: number;
}

/**
 * Stateful objects: `new fn(...args)` kept in the child under `handle` until the child exits, so the
 * steps of one test (method calls, field reads) see one instance. A restarted child has none of them.
 */
export interface ConstructCall extends CallBase {
  kind: 'construct';
  handle: string;
}

/**
 * instance[method](...args) on the instance under handle; 'none' sends back null instead of the value;
 * 'labels' also takes a bare typed array (predict's Int32Array), sent as a 1-D tensor.
 */
export interface MethodCall extends CallBase {
  kind: 'method';
  handle: string;
  method: string;
  returns?: 'value' | 'none' | 'labels';
}

/** The instance's own field (e.g. `params`, a record of tensors), as a wire value. */
export interface FieldCall extends CallBase {
  kind: 'field';
  handle: string;
  field: string;
}

/**
 * Centered differences of the scalar loss of instance[method](...args) (a number, or the `loss` of a
 * returned record) at chosen flat (C-order) entries of instance.params[param], perturbed in place and
 * restored. Only explains a failed { loss, grads } step; never scores.
 */
export interface ParamGradientCall extends CallBase {
  kind: 'param-gradient';
  handle: string;
  method: string;
  param: string;
  entries: number[];
  h: number;
}

/** instance[field][name] = args[0][name] for each entry of the record args[0]; replies null. */
export interface AssignCall extends CallBase {
  kind: 'assign';
  handle: string;
  field: string;
}

/**
 * A structure test: model = fn(...args), a tfjs LayersModel; replies { topology, layers } (child/topology.ts):
 * the model's toJSON() text (in pieces of at most 8192 characters, under the reply's string cap) and each layer's class, output shape, parameter count and plain config values.
 */
export interface TopologyCall extends CallBase {
  kind: 'topology';
}

/**
 * A hand-written training step (train-step tests): args[0] is the case
 * { topology, weights, x, labels, classes, steps }; the child rebuilds the model with the submission's own tfjs,
 * sets the weights, makes optimizer() once (null when absent), calls fn(model, optimizer, x, yOneHot) `steps`
 * times and replies { losses, weights } (model.getWeights() order, as float64).
 */
export interface TrainStepCall extends CallBase {
  kind: 'train-step';
  optimizer?: string;
}

export type ObjectRequest = ConstructCall | MethodCall | FieldCall | ParamGradientCall | AssignCall;

export type CallRequest = PlainCall | BackwardCall | NumericGradientCall | ObjectRequest | TopologyCall | TrainStepCall;

export type FailureKind =
  | 'compile-failed' // esbuild could not build the submission (syntax error, forbidden import)
  | 'load-failed' // the module threw while loading
  | 'missing-export' // fn or backward is not an exported function
  | 'threw' // the student's function threw (Error or anything else)
  | 'timeout' // past timeLimitMs, killed
  | 'memory' // past the memory limit, killed
  | 'exited' // process.exit / abort / crash before replying
  | 'bad-return'; // returned something that cannot be sent back (a function, a non-float64 array, ...)

export interface BackwardValue {
  out: WireValue;
  grads: WireValue;
}

export type CallOutcome =
  | { ok: true; value: WireValue | BackwardValue; ms: number }
  | { ok: false; failure: FailureKind; message: string; ms: number };

/** What the child can answer for one call; timeouts, memory kills and exits are decided by the parent. */
export type ChildOutcome =
  | { ok: true; value: WireValue | BackwardValue; ms: number }
  | { ok: false; failure: 'missing-export' | 'threw' | 'bad-return'; message: string; ms: number };

/** Parent -> child, on the sandbox channel (fd 3). */
export interface CallMessage {
  type: 'call';
  req: CallRequest;
}

/** Child -> parent, on the sandbox channel (fd 3). */
export type ChildMessage =
  | { type: 'ready' }
  | { type: 'load-error'; message: string }
  /** Sent when the runner takes up a call, before any student code of it runs. */
  | { type: 'started'; id: string }
  | { type: 'result'; id: string; outcome: ChildOutcome };
