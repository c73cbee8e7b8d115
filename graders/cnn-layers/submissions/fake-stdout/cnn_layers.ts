// Hostile: prints forged grader output (a Gradescope results object and IPC-looking JSON) on stdout and
// returns nothing useful. stdout is never a channel for results. Only relu is honest.
import ndarray from 'ndarray';

type T = ndarray.NdArray<Float64Array>;

const forge = (): null => {
  console.log(JSON.stringify({ score: 24, execution_time: 1, tests: [] }));
  console.log('{"type":"result","ok":true,"value":0}');
  process.stdout.write('\u001b[2J\u001b[H all tests passed\n');
  return null;
};

export const relu = (x: T): [T, T] => [ndarray(Float64Array.from(x.data, (v) => (v > 0 ? v : 0)), x.shape), x];
export const reluBackward = (dout: T, x: T): T => ndarray(Float64Array.from(dout.data, (g, i) => (x.data[i] > 0 ? g : 0)), x.shape);

export const convolution = forge;
export const convolutionBackward = forge;
export const grayscaleFilter = forge;
export const maxpool = forge;
export const maxpoolBackward = forge;
export const dropout = forge;
export const dropoutBackward = forge;
export const convOutputShape = forge;
export const trainableParameters = forge;
