// Writes baseline/mnist-fixed.json: the fixed MNIST model of spec B (the reference builder) as model.toJSON()
// topology, the model that the own-model train tests (3.1, 3.1h) compare against. `pnpm baseline` here.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { buildMnistModel } from './reference';

tf.env().set('PROD', true);
await tf.setBackend('cpu');
const file = fileURLToPath(new URL('./baseline/mnist-fixed.json', import.meta.url));
writeFileSync(file, `${JSON.stringify(buildMnistModel(0).toJSON(null, false), null, 1)}\n`);
console.log(`wrote ${file}`);
