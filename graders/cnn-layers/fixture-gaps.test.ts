// Each slip that used to score full marks on these fixtures now fails exactly the test aimed at it, on the
// public and on the hidden sets: the correct sample with one function mutated, run in this process.
import { fileURLToPath } from 'node:url';
import ndarray from 'ndarray';
import { beforeAll, describe, expect, it } from 'vitest';
import { failingTests, type FixtureBank, loadAssignment, loadFixtureBank, runTestsInProcess } from '@gradient/grader';
import * as correct from './submissions/correct/cnn_layers';

type T = ndarray.NdArray<Float64Array>;
const assignment = loadAssignment(fileURLToPath(new URL('.', import.meta.url)));
let bank: FixtureBank;
beforeAll(async () => {
  bank = await loadFixtureBank(assignment, true);
});

async function failedTests(mutation: Partial<typeof correct>): Promise<string[]> {
  const mod = { ...correct, ...mutation };
  const failed = await failingTests(assignment, mod, bank);
  // a student's variant takes each public case slot from any pool member: the slip must fail the same case
  // slots on every member, or some variant would let it through
  const failedCases = async (j: number) => (await runTestsInProcess(assignment, mod, 'public', bank.pool![j]))
    .flatMap(({ test, verdicts }) => verdicts.flatMap((v, k) => (v.ok ? [] : [`${test.number} #${k} ${v.name}`])));
  const onMember0 = await failedCases(0);
  for (let j = 1; j < bank.pool!.length; j++) expect(await failedCases(j), `pool member ${j}`).toEqual(onMember0);
  return failed;
}

/** maxpoolBackward sending the gradient to the LAST maximum of a window. */
function lastMaxBackward(dout: T, { x, size, stride }: { x: T; size: number; stride: number }): T {
  const dx = ndarray(new Float64Array(x.size), x.shape.slice());
  const [N, Ho, Wo, C] = dout.shape;
  for (let n = 0; n < N; n++)
    for (let i = 0; i < Ho; i++)
      for (let j = 0; j < Wo; j++)
        for (let k = 0; k < C; k++) {
          let [m, r, c] = [-Infinity, 0, 0];
          for (let p = 0; p < size; p++)
            for (let q = 0; q < size; q++) {
              const v = x.get(n, i * stride + p, j * stride + q, k);
              if (v >= m) [m, r, c] = [v, i * stride + p, j * stride + q];
            }
          dx.set(n, r, c, k, dx.get(n, r, c, k) + dout.get(n, i, j, k));
        }
  return dx;
}

describe('cnn-layers fixtures catch what they used to miss', () => {
  it('the correct sample fails nothing', async () => {
    expect(await failedTests({})).toEqual([]);
  });

  it('relu backward passing the gradient at x = 0 (>= for >)', async () => {
    const geq = (dout: T, x: T) => ndarray(Float64Array.from(x.data, (v, i) => (v >= 0 ? dout.data[i] : 0)), x.shape.slice());
    expect(await failedTests({ reluBackward: geq })).toEqual(['5.2', '5.2h']);
  });

  it('max pooling backward routing ties to the last maximum instead of the first', async () => {
    expect(await failedTests({ maxpoolBackward: lastMaxBackward as never })).toEqual(['5.3', '5.3h']);
  });

  it('convolution backward sizing dx from the output shape, (OH - 1) * stride + FH - 2 * pad', async () => {
    const fromOutput: typeof correct.convolutionBackward = (dout, cache) => {
      const [dx, dw, db] = correct.convolutionBackward(dout, cache);
      const [N, , , C] = cache.x.shape;
      const [FH, FW] = cache.w.shape;
      const [, OH, OW] = dout.shape;
      return [dx.hi(N, (OH - 1) * cache.stride + FH - 2 * cache.pad, (OW - 1) * cache.stride + FW - 2 * cache.pad, C), dw, db];
    };
    expect(await failedTests({ convolutionBackward: fromOutput })).toEqual(['5.1', '5.1h']);
  });

  it('grayscale filter with FH and FW swapped when finding the centre', async () => {
    const swapped = (w: T): T => {
      const [FH, FW] = w.shape;
      const out = ndarray(Float64Array.from(w.data), w.shape.slice());
      const luma = [0.299, 0.587, 0.114];
      for (let p = 0; p < FH; p++)
        for (let q = 0; q < FW; q++)
          for (let k = 0; k < 3; k++) out.set(p, q, k, 1, p === Math.floor(FW / 2) && q === Math.floor(FH / 2) ? luma[k] : 0);
      return out;
    };
    expect(await failedTests({ grayscaleFilter: swapped })).toEqual(['1.2', '1.2h']);
  });

  it('dropout treating p = 0 as unset (p || 0.5)', async () => {
    const falsyDefault: typeof correct.dropout = (x, params) => correct.dropout(x, { ...params, p: params.p || 0.5 });
    expect(await failedTests({ dropout: falsyDefault })).toEqual(['4.1', '5.4', '4.1h', '5.4h']);
  });

  it('a backward returning float32 gradients', async () => {
    const f32 = (dout: T, x: T) => {
      const dx = correct.reluBackward(dout, x);
      return ndarray(Float32Array.from(dx.data), dx.shape.slice());
    };
    expect(await failedTests({ reluBackward: f32 as never })).toEqual(['5.2', '5.2h']);
  });
});
