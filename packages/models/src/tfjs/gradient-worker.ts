// A gradient worker: rebuilds the model from its Keras-style topology, then for each request takes the main
// thread's weights and a share of the batch and sends back that share's loss, correct count and gradients.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { pickBackend } from './backend';
import { batchGradients } from './gradients';

export interface WorkerInit {
  topology: object;
  backend: string;
}

export interface WorkerRequest {
  weights: Float32Array[];
  x: Float32Array;
  xShape: number[];
  labels: Int32Array;
  numClasses: number;
  dropoutOffset: number;
}

const init = workerData as WorkerInit;
await pickBackend({ override: init.backend });
tf.env().set('PROD', true);
const model = await tf.models.modelFromJSON({ modelTopology: init.topology } as tf.io.ModelJSON);
const port = parentPort!;
port.on('message', (req: WorkerRequest) => {
  try {
    const shapes = model.getWeights().map((w) => w.shape);
    const weights = req.weights.map((w, i) => tf.tensor(w, shapes[i]));
    model.setWeights(weights);
    const x = tf.tensor(req.x, req.xShape);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(req.labels, 'int32'), req.numClasses));
    const r = batchGradients(model, x, y, req.dropoutOffset);
    tf.dispose([...weights, x, y]);
    port.postMessage({ ok: true, ...r }, r.grads.map((g) => g.buffer as ArrayBuffer));
  } catch (e) {
    port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ ready: true });
