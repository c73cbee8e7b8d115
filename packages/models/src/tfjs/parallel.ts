// Data-parallel training steps over worker threads: the wasm backend is single-threaded under Node, so the
// second core trains a replica. Each step the main thread sends its weights and a share of the batch to
// each worker, computes its own share meanwhile, averages the gradients (weighted by share size, which
// equals the full batch's mean gradient) and applies them with its optimizer.
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { batchGradients, type BatchGradients, trainableVariables } from './gradients';
import type { WorkerInit, WorkerRequest } from './gradient-worker';

type Reply = ({ ok: true } & BatchGradients) | { ok: false; error: string };

export class GradientWorkers {
  private constructor(private readonly workers: Worker[]) {}

  static async start(model: tf.LayersModel, count: number, backend: string): Promise<GradientWorkers> {
    const init: WorkerInit = { topology: model.toJSON(null, false) as object, backend };
    const workers = await Promise.all(Array.from({ length: count }, () => new Promise<Worker>((resolve, reject) => {
      const w = new Worker(new URL('./gradient-worker.mjs', import.meta.url), { workerData: init });
      w.once('error', reject);
      w.once('message', () => resolve(w));
    })));
    return new GradientWorkers(workers);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private ask(w: Worker, req: WorkerRequest): Promise<BatchGradients> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      w.once('error', onError);
      w.once('message', (r: Reply) => {
        w.off('error', onError);
        if (r.ok) resolve(r);
        else reject(new Error(`gradient worker: ${r.error}`));
      });
      w.postMessage(req);
    });
  }

  /**
   * One step over x (NHWC) and integer labels, split into 1 + workers shares; dropout offsets
   * step * shares + share keep every share's masks distinct and reproducible for a given worker count.
   */
  async step(model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, labels: Int32Array, numClasses: number, step: number) {
    const n = labels.length;
    const shares = this.workers.length + 1;
    const per = Math.ceil(n / shares);
    const pixels = x.dataSync() as Float32Array;
    const rowSize = pixels.length / n;
    const weights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
    const pending = this.workers.map((w, k) => {
      const from = Math.min(n, (k + 1) * per);
      const to = Math.min(n, (k + 2) * per);
      if (to <= from) return Promise.resolve(undefined);
      return this.ask(w, {
        weights, x: pixels.slice(from * rowSize, to * rowSize), xShape: [to - from, ...x.shape.slice(1)],
        labels: labels.slice(from, to), numClasses, dropoutOffset: step * shares + k + 1,
      }).then((r) => ({ r, size: to - from }));
    });
    const mine = Math.min(n, per);
    const own = tf.tidy(() => [tf.slice(x, 0, mine), tf.oneHot(tf.tensor1d(labels.subarray(0, mine), 'int32'), numClasses)]);
    const parts = [{ r: batchGradients(model, own[0], own[1], step * shares), size: mine }];
    tf.dispose(own);
    for (const p of await Promise.all(pending)) if (p) parts.push(p);
    const vars = trainableVariables(model);
    const named: tf.NamedTensorMap = {};
    vars.forEach((v, i) => {
      const sum = new Float32Array(parts[0].r.grads[i].length);
      for (const { r, size } of parts) {
        const g = r.grads[i];
        for (let j = 0; j < sum.length; j++) sum[j] += (g[j] * size) / n;
      }
      named[v.name] = tf.tensor(sum, v.shape);
    });
    optimizer.applyGradients(named);
    tf.dispose(Object.values(named));
    let loss = 0;
    let correct = 0;
    for (const { r, size } of parts) {
      loss += (r.loss * size) / n;
      correct += r.correct;
    }
    return { loss, correct };
  }
}
