// The trusted trainer's work for one job: rebuild the model from its topology (tfjs's built-in layer classes
// only), refuse what cannot fit the budget, train on the best backend and evaluate after every epoch on a set whose
// labels never reach a child. The training engine (tfjs and @gradient/models/tfjs) is handed in by the entry
// (trainer-process.ts, or the student bundle's trainer-bundled.ts), so that each finds it where it is installed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from '@gradient/datasets';
import { datasetRows } from '../fixtures/builtin-datasets';
import { readNpyFile } from '@gradient/tensor';
import type * as Tf from '@tensorflow/tfjs';
import type * as Models from '@gradient/models/tfjs';
import type { ImageSetRef } from '../spec/types';
import { REPLY_MARKER, type TrainerJob, type TrainerReply } from './trainer-job';

export interface TrainingEngine {
  tf: typeof Tf;
  models: typeof Models;
}

/** Raised for problems the student's model causes (its input does not fit the data): a refusal, not a crash. */
class Refusal extends Error {}

/** The job on stdin, as JSON. */
export function readJob(): TrainerJob {
  return JSON.parse(readFileSync(0, 'utf8')) as TrainerJob;
}

interface Rows {
  pixels: Float32Array;
  labels: Int32Array;
  rowSize: number;
}

function readRows(ref: ImageSetRef, dir: string, classes: number, what: string): Rows {
  if ('$dataset' in ref) {
    const { X, y } = datasetRows(ref);
    return { pixels: Float32Array.from(X.data), labels: Int32Array.from(y), rowSize: X.shape[1] };
  }
  const x = readNpyFile(join(dir, ref.x));
  const y = readNpyFile(join(dir, ref.y));
  const n = x.shape[0];
  if (y.shape[0] !== n || y.size !== n) throw new Error(`${what}: ${ref.y} holds ${y.size} labels for the ${n} rows of ${ref.x}`);
  const scale = x.dtype === '|u1' ? 1 / 255 : 1;
  const pixels = new Float32Array(x.size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Number(x.data[i]) * scale;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = Number(y.data[i]);
    if (!Number.isInteger(labels[i]) || labels[i] < 0 || labels[i] >= classes) throw new Error(`${what}: label ${String(y.data[i])} of row ${i} in ${ref.y} is outside 0..${classes - 1}`);
  }
  return { pixels, labels, rowSize: x.size / Math.max(n, 1) };
}

/** The rows shaped as the model's input; a model whose input does not hold one row is the student's problem. */
function asModelInput(tf: typeof Tf, rows: Rows, inputShape: number[], what: string): Tf.Tensor {
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (size !== rows.rowSize) {
    throw new Refusal(`the model's input shape [${inputShape.join(', ')}] holds ${size} values, but each ${what} image has ${rows.rowSize}`);
  }
  return tf.tensor(rows.pixels, [rows.labels.length, ...inputShape]);
}

async function runJob(job: TrainerJob, { tf, models }: TrainingEngine): Promise<TrainerReply> {
  const { estimateWork, modelFromTopology, modelInputShape, TopologyError, trainTopology, useBestBackend } = models;
  const pick = await useBestBackend();
  let model: Tf.LayersModel;
  try {
    // over budget.maxParams: refused before any weight is drawn
    model = await modelFromTopology(job.topology, job.seed, job.budget.maxParams !== undefined ? { maxParams: job.budget.maxParams } : {});
  } catch (e) {
    if (e instanceof TopologyError) return { ok: false, refused: true, message: e.message };
    throw e;
  }
  const inputShape = modelInputShape(model);
  const { params, forwardFlopsPerExample } = estimateWork(model);
  const train = readRows(job.data.train, job.assignmentDir, job.classes, 'training data');
  // forward + backward: about three forward passes of work per image
  const flopsPerEpoch = 3 * forwardFlopsPerExample * train.labels.length;
  const { maxFlopsPerEpoch } = job.budget;
  if (maxFlopsPerEpoch !== undefined && flopsPerEpoch > maxFlopsPerEpoch) {
    return {
      ok: false, refused: true,
      message: `one epoch of the model on ${train.labels.length} images takes about ${flopsPerEpoch.toExponential(2)} floating-point operations; this test's budget allows at most ${maxFlopsPerEpoch.toExponential(2)}`,
    };
  }
  const evalRows = readRows(job.data.eval, job.assignmentDir, job.classes, 'evaluation data');
  const trainX = asModelInput(tf, train, inputShape, 'training');
  const evalX = asModelInput(tf, evalRows, inputShape, 'evaluation');
  const result = await trainTopology({
    model, settings: job.settings, seed: job.seed,
    train: { x: trainX, labels: train.labels },
    eval: { x: evalX, labels: evalRows.labels },
    maxEpochs: job.budget.epochs,
    ...(job.budget.timeMs !== undefined ? { budgetSeconds: job.budget.timeMs / 1000 } : {}),
  });
  tf.dispose([trainX, evalX]);
  return { ok: true, backend: pick.backend, params, flopsPerEpoch, history: result.history, stoppedBy: result.stoppedBy, seconds: result.seconds };
}

/** Runs the job and writes the one marked reply line; every failure becomes a reply. */
export async function answerJob(job: TrainerJob, engine: TrainingEngine): Promise<void> {
  let reply: TrainerReply;
  try {
    reply = await runJob(job, engine);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const refused = e instanceof Refusal || e instanceof engine.models.TopologyError;
    reply = refused ? { ok: false, refused: true, message } : { ok: false, refused: false, message: e instanceof DatasetError ? `${message} (${e.file ?? ''})` : message };
  }
  process.stdout.write(`\n${REPLY_MARKER}${JSON.stringify(reply)}\n`);
}
