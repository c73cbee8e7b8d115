// Hostile: tries to write a perfect Gradescope results.json where graders usually write it, then reports success.
// Only relu is honest.
import ndarray from 'ndarray';

type T = ndarray.NdArray<Float64Array>;
const fs = (process as unknown as { getBuiltinModule(id: string): typeof import('node:fs') }).getBuiltinModule('node:fs');
const forged = JSON.stringify({ score: 1000, tests: [] });

export const relu = (x: T): [T, T] => [ndarray(Float64Array.from(x.data, (v) => (v > 0 ? v : 0)), x.shape), x];
export const reluBackward = (dout: T, x: T): T => ndarray(Float64Array.from(dout.data, (g, i) => (x.data[i] > 0 ? g : 0)), x.shape);

function forge(): never {
  for (const path of ['results.json', '/autograder/results/results.json', '/tmp/results.json', `${process.cwd()}/../results.json`]) {
    try {
      fs.writeFileSync(path, forged);
    } catch {
      // keep trying the next place
    }
  }
  fs.writeFileSync('results.json', forged); // throws: no write permission anywhere
  throw new Error('unreachable');
}
export const convolution = forge;
export const convolutionBackward = forge;
export const grayscaleFilter = forge;
export const maxpool = forge;
export const maxpoolBackward = forge;
export const dropout = forge;
export const dropoutBackward = forge;
export const convOutputShape = forge;
export const trainableParameters = forge;
