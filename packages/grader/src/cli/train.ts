// `gradient train <model> --data <name|DIR>`: trains a shipped tfjs builder and writes metrics.json and
// curves.svg. Arguments and data are checked first; tfjs (about a second to import) loads only after that,
// and only for this command.
import { resolve } from 'node:path';
import { BACKEND_ORDER, MODEL_INPUTS, MODEL_NAMES, isModelName, type BackendChoice } from '@gradient/models/tfjs/names';
import { UserError } from '../errors';
import { loadTrainingData } from './train-data';

export interface TrainCommandOptions {
  data: string;
  epochs: string;
  batch: string;
  seed: string;
  limit?: string;
  testLimit?: string;
  backend?: string;
  optimizer?: string;
  out?: string;
  cifar10Dir?: string;
}

function count(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new UserError({ code: 'E_ARGUMENT', path: flag, message: 'not a count', expected: `an integer >= ${min}`, actual: JSON.stringify(value) });
  }
  return n;
}

export async function trainCommand(model: string, opts: TrainCommandOptions): Promise<void> {
  if (!isModelName(model)) {
    throw new UserError({ code: 'E_ARGUMENT', path: '<model>', message: `unknown model '${model}'`, expected: `one of ${MODEL_NAMES.join(', ')}`, actual: model });
  }
  const backend = opts.backend?.trim();
  if (backend !== undefined && !(BACKEND_ORDER as readonly string[]).includes(backend)) {
    throw new UserError({ code: 'E_ARGUMENT', path: '--backend', message: `unknown backend '${backend}'`, expected: `one of ${BACKEND_ORDER.join(', ')}`, actual: backend });
  }
  const optimizer = opts.optimizer ?? 'adam';
  if (optimizer !== 'adam' && optimizer !== 'rmsprop') {
    throw new UserError({ code: 'E_ARGUMENT', path: '--optimizer', message: `unknown optimizer '${optimizer}'`, expected: 'adam or rmsprop', actual: optimizer });
  }
  const epochs = count('--epochs', opts.epochs, 1)!;
  const batchSize = count('--batch', opts.batch, 1)!;
  const seed = count('--seed', opts.seed, 0)!;
  const limit = count('--limit', opts.limit, 1);
  const testLimit = count('--test-limit', opts.testLimit, 0);
  const data = loadTrainingData(opts.data, { limit, testLimit, cifar10Dir: opts.cifar10Dir });
  const wanted = MODEL_INPUTS[model].join('x');
  const got = data.train.imageShape.join('x');
  if (wanted !== got) {
    const fitting = MODEL_NAMES.filter((m) => MODEL_INPUTS[m].join('x') === got);
    throw new UserError({
      code: 'E_ARGUMENT', path: '--data', message: `${model} takes ${wanted} images but ${data.name} holds ${got} images`,
      expected: fitting.length ? `a model for ${got} images: ${fitting.join(', ')}` : `${wanted} images`, actual: got,
    });
  }
  const out = resolve(opts.out ?? `out/train/${model}`);
  const { runTraining, progressBar } = await import('@gradient/models/tfjs');
  const metrics = await runTraining({
    model, data: data.name, train: data.train, test: data.test, epochs, batchSize, seed, optimizer,
    backend: backend as BackendChoice | undefined, out, onBatch: progressBar(process.stderr),
  });
  const acc = metrics.testAccuracy === null ? 'no test set' : `test accuracy ${(metrics.testAccuracy * 100).toFixed(2)}% on ${metrics.testImages} images`;
  const perf = metrics.performance;
  console.log(`${model} on ${data.name}: ${metrics.imagesSeen} images in ${perf.trainSeconds.toFixed(1)} s of training ` +
    `(${Math.round(perf.imagesPerSecond)} images/s on ${metrics.backend}; ${perf.wallSeconds.toFixed(1)} s with evaluation), ` +
    `final train loss ${metrics.finalTrainLoss.toFixed(4)}, ${acc}`);
  console.log(`wrote ${out}/metrics.json and ${out}/curves.svg`);
}
