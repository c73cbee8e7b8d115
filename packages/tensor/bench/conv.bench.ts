// Convolution forward + backward, x [8, 32, 32, 3], w [5, 5, 3, 16], stride 1, pad 2:
// the package's blocked kernels against the naive loops (src/ops/conv.naive.ts) and, when
// python3 with NumPy is installed, an im2col NumPy version (scripts/numpy_conv_bench.py),
// all measured in the same run. `npx tsx bench/conv.bench.ts` prints a table.
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { convBackward, convForward, type ConvParams } from '../src/ops/conv';
import { convBackwardNaive, convForwardNaive } from '../src/ops/conv.naive';
import { RandomState } from '../src/random/random-state';

/** One implementation's median time; ratio[baseline] = this median / the baseline's median. */
export interface BenchRow {
  name: string;
  medianMs: number;
  runs: number;
  ratio: Record<string, number>;
  note?: string;
}

const X_SHAPE = [8, 32, 32, 3];
const W_SHAPE = [5, 5, 3, 16];
const PARAMS: ConvParams = { stride: 1, pad: 2 };
const NUMPY_SCRIPT = fileURLToPath(new URL('../scripts/numpy_conv_bench.py', import.meta.url));

function medianMs(f: () => void, runs: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

/** NumPy's median in ms, or the reason it could not be measured. */
async function numpyMedianMs(runs: number): Promise<{ ms: number; version: string } | { skipped: string }> {
  const args = [NUMPY_SCRIPT, '--runs', String(runs)];
  const dims = { n: X_SHAPE[0], h: X_SHAPE[1], w: X_SHAPE[2], c: X_SHAPE[3], fh: W_SHAPE[0], fw: W_SHAPE[1], cout: W_SHAPE[3], ...PARAMS };
  for (const [k, v] of Object.entries(dims)) args.push(`--${k}`, String(v));
  try {
    const { stdout } = await promisify(execFile)('python3', args, { timeout: 120_000 });
    const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { median_ms: number; numpy: string };
    return { ms: parsed.median_ms, version: parsed.numpy };
  } catch (e) {
    const err = e as { code?: string; stderr?: string; message?: string };
    const why = err.code === 'ENOENT' ? 'python3 not found' : (err.stderr?.trim().split('\n').pop() ?? err.message ?? 'failed');
    return { skipped: why };
  }
}

export async function runConvBench(): Promise<BenchRow[]> {
  const rng = new RandomState(1);
  const x = rng.uniform(-1, 1, X_SHAPE);
  const w = rng.uniform(-1, 1, W_SHAPE);
  const b = rng.uniform(-1, 1, [W_SHAPE[3]]);
  const dout = rng.uniform(-1, 1, convForward(x, w, b, PARAMS)[0].shape);
  const runs = 21;
  // 10 warm-up runs: V8 needs a few calls before the kernels reach its optimising tier
  const fast = medianMs(() => convBackward(dout, convForward(x, w, b, PARAMS)[1]), runs, 10);
  const naiveRuns = 3;
  const naive = medianMs(() => {
    convForwardNaive(x, w, b, PARAMS);
    convBackwardNaive(dout, x, w, PARAMS);
  }, naiveRuns, 1);
  const numpy = await numpyMedianMs(runs);

  const shape = `x [${X_SHAPE}], w [${W_SHAPE}], stride ${PARAMS.stride}, pad ${PARAMS.pad}`;
  const tsRow: BenchRow = { name: 'conv fwd+bwd, TS blocked kernels', medianMs: fast, runs, ratio: { naive: fast / naive }, note: shape };
  const rows: BenchRow[] = [tsRow, { name: 'conv fwd+bwd, TS naive loops', medianMs: naive, runs: naiveRuns, ratio: {} }];
  if ('ms' in numpy) {
    tsRow.ratio.numpy = fast / numpy.ms;
    rows.push({ name: `conv fwd+bwd, NumPy ${numpy.version} im2col`, medianMs: numpy.ms, runs, ratio: {} });
  } else {
    rows.push({ name: 'conv fwd+bwd, NumPy im2col', medianMs: NaN, runs: 0, ratio: {}, note: `skipped: ${numpy.skipped}` });
  }
  return rows;
}

export function formatBenchRows(rows: BenchRow[]): string {
  const ratioText = (r: BenchRow) => Object.entries(r.ratio).map(([k, v]) => `${v.toFixed(v < 0.1 ? 4 : 2)}x ${k}`).join(', ');
  const cells = rows.map((r) => [r.name, Number.isNaN(r.medianMs) ? '-' : r.medianMs.toFixed(2), String(r.runs), ratioText(r), r.note ?? '']);
  const head = ['benchmark', 'median ms', 'runs', 'time ratio', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join(' | ').trimEnd();
  return [line(head), widths.map((n) => '-'.repeat(n)).join('-|-'), ...cells.map(line)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`Node ${process.version}`);
  console.log(formatBenchRows(await runConvBench()));
}
