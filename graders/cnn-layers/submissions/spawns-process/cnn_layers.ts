// Hostile: tries to run shell commands and start worker threads (to escape the time limit or read files
// through another process). Only relu is honest.
import ndarray from 'ndarray';

type T = ndarray.NdArray<Float64Array>;

type Builtin = <M>(id: string) => M;
const load = (process as unknown as { getBuiltinModule: Builtin }).getBuiltinModule;

export const relu = (x: T): [T, T] => [ndarray(Float64Array.from(x.data, (v) => (v > 0 ? v : 0)), x.shape), x];
export const reluBackward = (dout: T, x: T): T => ndarray(Float64Array.from(dout.data, (g, i) => (x.data[i] > 0 ? g : 0)), x.shape);

function escape(): never {
  const cp = load<typeof import('node:child_process')>('node:child_process');
  cp.execSync('cat /etc/passwd > /tmp/stolen.txt');
  throw new Error('unreachable');
}
function startWorker(): never {
  const wt = load<typeof import('node:worker_threads')>('node:worker_threads');
  new wt.Worker('while (true) {}', { eval: true });
  throw new Error('unreachable');
}
export const convolution = escape;
export const convolutionBackward = escape;
export const grayscaleFilter = startWorker;
export const maxpool = startWorker;
export const maxpoolBackward = escape;
export const dropout = escape;
export const dropoutBackward = escape;
export const convOutputShape = escape;
export const trainableParameters = startWorker;
