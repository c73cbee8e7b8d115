// train-step tests: the student's hand-written training step, run here on the submission's own tfjs (the copy
// bundled with it, so the model, the optimizer and the student's tf calls share one engine) on the cpu backend.
// Student code may have replaced any tf function by the time this runs; that can only change its own result.
import { LIBRARIES_EXPORT, type TrainStepCall, type WireTensor, type WireValue } from '../protocol';
import { BadReturn } from './bad-return';
import { apply, F64, isArray, NativePromise, typedLength } from './intrinsics';

interface TensorLike { shape: number[]; dataSync(): ArrayLike<number>; dispose(): void; size: number }
interface Tf {
  setBackend(name: string): Promise<boolean>;
  tensor(values: Float32Array, shape: number[]): TensorLike;
  tensor1d(values: Int32Array, dtype: 'int32'): TensorLike;
  oneHot(indices: TensorLike, depth: number): TensorLike;
  models: { modelFromJSON(json: unknown): Promise<{ setWeights(w: TensorLike[]): void; getWeights(): TensorLike[] }> };
}

interface StepCase {
  topology: string;
  weights: WireTensor[];
  x: WireTensor;
  labels: number[] | WireTensor;
  classes: number;
  steps: number;
}

/** The bundle's tfjs (bundle-submission.ts); a trusted module run in process gets the assignment's (checks/in-process.ts). */
function tfOf(mod: Record<string, unknown>): Tf {
  const tf = (mod[LIBRARIES_EXPORT] as Record<string, unknown> | undefined)?.['@tensorflow/tfjs'] as Tf | undefined;
  if (tf === undefined || typeof tf.models?.modelFromJSON !== 'function') throw new Error('grader error: a train-step test needs "libraries": ["@tensorflow/tfjs"] in the spec');
  return tf;
}

function float32(data: Float64Array): Float32Array {
  const n = typedLength(data);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = data[i];
  return out;
}

function float64Wire(t: TensorLike, what: string): WireTensor {
  const values = t.dataSync();
  const n = values.length;
  const data = new F64(n);
  for (let i = 0; i < n; i++) data[i] = values[i];
  const shape: number[] = [];
  if (!isArray(t.shape)) throw new BadReturn(`${what} has no shape`);
  for (let i = 0; i < t.shape.length; i++) shape[i] = t.shape[i];
  return { $tensor: true, shape, data };
}

/** The step's loss: a number, or a one-entry tf tensor (a tf.Scalar), read in the child. */
function lossValue(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  const t = v as Partial<TensorLike> | null;
  if (t !== null && typeof t === 'object' && typeof t.dataSync === 'function' && t.size === 1) {
    const x = Number(apply(t.dataSync, t, [])[0]);
    return x;
  }
  const got = v === undefined ? 'undefined (a missing return?)' : v === null ? 'null' : typeof v === 'object' ? 'an object that is not a one-entry tensor' : `a ${typeof v}`;
  throw new BadReturn(`${what} must return the batch's loss (a number or a tf.Scalar); it returned ${got}`);
}

export async function trainStepCall(mod: Record<string, unknown>, fn: (...args: unknown[]) => unknown, req: TrainStepCall): Promise<WireValue> {
  const tf = tfOf(mod);
  const c = req.args[0] as unknown as StepCase;
  await tf.setBackend('cpu');
  const model = await tf.models.modelFromJSON(JSON.parse(c.topology));
  const start: TensorLike[] = [];
  for (let i = 0; i < c.weights.length; i++) start[i] = tf.tensor(float32(c.weights[i].data), c.weights[i].shape);
  model.setWeights(start);
  for (let i = 0; i < start.length; i++) start[i].dispose();
  let optimizer: unknown = null;
  if (req.optimizer !== undefined) {
    const make = mod[req.optimizer];
    if (typeof make !== 'function') throw new BadReturn(`your code has no exported function '${req.optimizer}' (the optimizer this test uses)`);
    optimizer = apply(make as () => unknown, undefined, []);
    if (optimizer instanceof NativePromise) optimizer = await optimizer;
    if (optimizer === null || typeof optimizer !== 'object') throw new BadReturn(`${req.optimizer}() must return a tf optimizer (e.g. tf.train.rmsprop(1e-3)); it returned ${optimizer === undefined ? 'undefined (a missing return?)' : String(optimizer)}`);
  }
  const x = tf.tensor(float32(c.x.data), c.x.shape);
  const labelData = isArray(c.labels) ? c.labels : (c.labels as WireTensor).data;
  const labels = new Int32Array(labelData.length);
  for (let i = 0; i < labelData.length; i++) labels[i] = labelData[i];
  const indices = tf.tensor1d(labels, 'int32');
  const y = tf.oneHot(indices, c.classes);
  indices.dispose();
  const losses: number[] = [];
  for (let s = 0; s < c.steps; s++) {
    let r = apply(fn, undefined, [model, optimizer, x, y]);
    if (r instanceof NativePromise) r = await r;
    losses[s] = lossValue(r, `${req.fn}(model, optimizer, x, y)`);
  }
  const after = model.getWeights();
  const weights: WireTensor[] = [];
  for (let i = 0; i < after.length; i++) weights[i] = float64Wire(after[i], `weight ${i + 1}`);
  return { losses, weights };
}
