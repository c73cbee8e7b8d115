// The baseline of the own-model tests (3.1, 3.1h) is spec B's fixed model: the committed topology file, rebuilt
// as the grader's trainer rebuilds it, has the reference builder's layer table, and that table is the one test 1.1
// asks of students (params counted by hand there: 5*5*1*32 + 32 = 832, 4608*128 + 128 = 589,952, 128*10 + 10 = 1,290).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { modelFromTopology } from '@gradient/models/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { buildMnistModel } from './reference';

const here = fileURLToPath(new URL('.', import.meta.url));
const table = (m: tf.LayersModel) => m.layers.map((l) => [l.getClassName(), JSON.stringify(l.outputShape), l.countParams()]);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('baseline/mnist-fixed.json is the reference builder\'s model, and test 1.1\'s table (if not: pnpm baseline)', async () => {
  const fromFile = await modelFromTopology(readFileSync(`${here}baseline/mnist-fixed.json`, 'utf8'), 0);
  expect(table(fromFile)).toEqual(table(buildMnistModel(0)));
  const spec = JSON.parse(readFileSync(`${here}assignment.json`, 'utf8')) as { tests: { number: string; layers?: { type: string; outputShape: unknown; params: number }[] }[] };
  const expected = spec.tests.find((t) => t.number === '1.1')!.layers!.map((l) => [l.type, JSON.stringify(l.outputShape), l.params]);
  expect(table(fromFile)).toEqual(expected);
  expect(fromFile.countParams()).toBe(832 + 589_952 + 1_290);
});
