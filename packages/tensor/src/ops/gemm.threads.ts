// gemmNT's large products on two threads: the main thread and one worker_thread run the same SIMD kernel
// (gemm.simd.ts's module, instantiated on both threads over one shared WebAssembly.Memory), each taking
// tasks of KERNEL_ROWS-aligned output rows until none are left. Every output row is computed by the same
// kernel code from the same padded copies as on one thread, so results are bitwise identical.
//
// Tasks are taken, not assigned: a worker that is slow to wake (both cores busy with other jobs) takes
// fewer or none, and the main thread computes the rest itself instead of waiting for it. The main thread
// only waits for tasks the worker has already started.
//
// GRADIENT_THREADS=1 keeps everything on the main thread. The worker starts on the first large product,
// is unref()'d (it never keeps a process alive), and if it cannot start (no SharedArrayBuffer, no
// threads, a permission model that forbids workers), products stay on one thread, silently.
import os from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';
import { assemble, type ImportedPages, KERNEL_ROWS, type Kernel, type KernelPicker, specializedGemm, type WasmApi } from './gemm.simd';

/**
 * Products of fewer multiply-adds (nP mP kp) stay on one thread. Waking the worker and joining it cost
 * ~20-60 µs on a quiet machine; the kernel runs ~7 multiply-adds per ns, so below ~1 M (~150 µs) a second
 * thread gains little or loses.
 */
export const THREAD_MIN_MACS = 1 << 20;

// At most this many tasks per product: enough that the two threads finish within one task of each other,
// few enough that a task's rows amortise its pass over all of b.
const MAX_TASKS = 16;

// The shared memory: 32 MiB at first, grown on demand up to 1 GiB (address space is reserved, not memory);
// a product that needs more runs on one thread in the kernel's own memory.
const PAGE = 65536;
const INITIAL_PAGES = 512;
const MAXIMUM_PAGES = 16384;

// Int32 slots of the control block. The job's ticket is a separate BigInt64 word: gen * 2^16 +
// tasks * 2^8 + next, gen counting jobs, next the first task nobody has taken. A thread takes task `next`
// by compare-exchange on the whole word, so a take succeeds only while its job is still the current one
// and has tasks left; the parameters, written before the ticket is published, cannot change before then.
const READY = 0; // the worker has instantiated the kernel and waits for jobs
const DONE = 1; // tasks of the current job finished, by either thread
const FAILED = 2; // the worker's kernel threw (then products go back to one thread)
const A = 3;
const B = 4;
const OUT = 5;
const NP = 6;
const MP = 7;
const ROW = 8;
const TASK_ROWS = 9;
const WORKER_TASKS = 10; // tasks the worker has run, in all jobs
const SLOTS = 11;

/**
 * The worker's source. It blocks in Atomics.wait between jobs, so it has no event loop to keep alive.
 * takeTask and runTasks come in as their own text, under whatever names a bundler gave them.
 */
const WORKER_SOURCE = `
const { receiveMessageOnPort, workerData } = require('node:worker_threads');
const { module, memory, control, ticketBuffer, modules } = workerData;
const ctl = new Int32Array(control);
const ticket = new BigInt64Array(ticketBuffer);
const general = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
// the main thread's module for a row length arrives on this port before the first job that uses it;
// lengths it made no module for run the general kernel (bitwise the same sums)
const byRow = new Map();
const gemm = (a, b, out, nP, mP, row) => {
  let f = byRow.get(row);
  if (f === undefined) {
    for (let m = receiveMessageOnPort(modules); m !== undefined; m = receiveMessageOnPort(modules)) {
      byRow.set(m.message.row, new WebAssembly.Instance(m.message.module, { env: { memory } }).exports.gemm);
    }
    f = byRow.get(row) ?? general;
    byRow.set(row, f);
  }
  f(a, b, out, nP, mP, row);
};
${takeTask.toString()}
${runTasks.toString()}
Atomics.store(ctl, ${READY}, 1);
for (;;) {
  const w = Atomics.load(ticket, 0);
  // sleep while the current job has no task left to take (the main thread publishes a job's tasks as it
  // copies their rows in, so a job can gain tasks after the worker has run out of them)
  if ((w & 0xffn) >= ((w >> 8n) & 0xffn)) {
    Atomics.wait(ticket, 0, w);
    continue;
  }
  Atomics.add(ctl, ${WORKER_TASKS}, ${runTasks.name}(gemm, ctl, ticket, w >> 16n));
}
`;

/**
 * Takes the next task of job `gen`: its index, or -1 if the job is over or no longer the current one.
 * (Also runs inside the worker, from its source text: plain JavaScript, no imports.)
 */
function takeTask(ticket: BigInt64Array, gen: bigint): number {
  for (;;) {
    const w = Atomics.load(ticket, 0);
    const next = Number(w & 0xffn);
    if (w >> 16n !== gen || next >= Number((w >> 8n) & 0xffn)) return -1;
    if (Atomics.compareExchange(ticket, 0, w, w + 1n) === w) return next;
  }
}

/**
 * Runs tasks of job `gen` until none are left, counting each in DONE and waking the main thread; returns
 * how many it ran.
 */
function runTasks(gemm: Kernel['gemm'], ctl: Int32Array, ticket: BigInt64Array, gen: bigint): number {
  // DONE, FAILED..TASK_ROWS as literals: this function's text also runs in the worker, without the constants
  const a = ctl[3];
  const b = ctl[4];
  const out = ctl[5];
  const nP = ctl[6];
  const mP = ctl[7];
  const row = ctl[8];
  const taskRows = ctl[9];
  // the parameters above may belong to a later job if this one ended meanwhile; then no take succeeds
  let ran = 0;
  for (let t = takeTask(ticket, gen); t >= 0; t = takeTask(ticket, gen)) {
    const i0 = t * taskRows;
    try {
      gemm(a + i0 * row, b, out + i0 * mP * 8, Math.min(taskRows, nP - i0), mP, row);
    } catch {
      Atomics.store(ctl, 2, 1);
    }
    Atomics.add(ctl, 1, 1);
    Atomics.notify(ctl, 1);
    ran++;
  }
  return ran;
}

interface Pool {
  kernel: Kernel;
  ctl: Int32Array;
  ticket: BigInt64Array;
  gen: bigint;
  worker: Worker | null;
}

let pool: Pool | null | undefined;

/** Whether GRADIENT_THREADS and the machine allow a second thread. */
export function threadsWanted(): boolean {
  const setting = process.env.GRADIENT_THREADS;
  if (setting !== undefined && setting.trim() !== '' && Number(setting) < 2) return false;
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cpus >= 2;
}

/** The shared kernel and its worker, made on first use; null where threads are off or unavailable. */
function getPool(): Pool | null {
  if (pool !== undefined) return pool;
  pool = null;
  if (!threadsWanted()) return pool;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    const pages: ImportedPages = { initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true };
    const bytes = assemble(undefined, undefined, undefined, pages);
    if (wasm === undefined || typeof SharedArrayBuffer !== 'function' || !wasm.validate(bytes)) return pool;
    const memory = new wasm.Memory(pages);
    const module = new wasm.Module(bytes);
    const general = (new wasm.Instance(module, { env: { memory } }).exports as { gemm: Kernel['gemm'] }).gemm;
    // each row length's module goes to the worker as the main thread makes it, before the job that needs it
    const { port1, port2 } = new MessageChannel();
    port1.unref();
    const forRow = specializedGemm(wasm, memory, pages, general, (row, m) => port1.postMessage({ row, module: m }));
    const control = new SharedArrayBuffer(SLOTS * 4);
    const ticketBuffer = new SharedArrayBuffer(8);
    // execArgv [] : the worker's source is CommonJS and needs no loader; the parent's flags (--input-type=module,
    // --import tsx) would make it an ES module or load a TypeScript loader into it
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { module, memory, control, ticketBuffer, modules: port2 },
      transferList: [port2],
    });
    worker.unref();
    const p: Pool = { kernel: { gemm: general, memory }, ctl: new Int32Array(control), ticket: new BigInt64Array(ticketBuffer), gen: 0n, worker };
    // an exit or error (seen between products, on the event loop) ends the second thread; products then
    // run on the main thread in the same shared kernel
    const lost = () => {
      p.worker = null;
      Atomics.store(p.ctl, READY, 0);
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    // operands already in memory: nothing to place (gemmChunk places a through gemmPlacingA)
    // forRow(row) makes (and sends) the row length's module before the job is published
    p.kernel.gemm = (a, b, out, nP, mP, row) => runJob(p, forRow(row), () => undefined, undefined, a, b, out, nP, mP, row);
    p.kernel.gemmPlacingA = (placeA, meanwhile, a, b, out, nP, mP, row) => runJob(p, forRow(row), placeA, meanwhile, a, b, out, nP, mP, row);
    pool = p;
  } catch {
    pool = null;
  }
  return pool;
}

/**
 * One product on both threads. a's rows are copied in (placeA) task by task, each task published as
 * soon as its rows are in, so the worker computes while the main thread copies (a is the large operand:
 * copying it in is ~15 % of a two-thread product of the two-layer net). Then the main thread runs
 * `meanwhile` (the caller's work that does not depend on the product) and takes the tasks still left.
 */
function runJob(
  p: Pool,
  gemm: Kernel['gemm'],
  placeA: (from: number, to: number) => void,
  meanwhile: (() => void) | undefined,
  a: number,
  b: number,
  out: number,
  nP: number,
  mP: number,
  row: number,
): void {
  const { ctl, ticket } = p;
  if (Atomics.load(ctl, READY) !== 1 || Atomics.load(ctl, FAILED) !== 0) {
    placeA(0, nP);
    gemm(a, b, out, nP, mP, row);
    meanwhile?.();
    return;
  }
  const blocks = nP / KERNEL_ROWS;
  const taskRows = Math.ceil(blocks / Math.min(blocks, MAX_TASKS)) * KERNEL_ROWS;
  const tasks = Math.ceil(nP / taskRows);
  ctl[A] = a;
  ctl[B] = b;
  ctl[OUT] = out;
  ctl[NP] = nP;
  ctl[MP] = mP;
  ctl[ROW] = row;
  ctl[TASK_ROWS] = taskRows;
  Atomics.store(ctl, DONE, 0);
  p.gen = (p.gen + 1n) & 0xffffffffffn;
  Atomics.store(ticket, 0, p.gen << 16n);
  for (let t = 0; t < tasks; t++) {
    placeA(t * taskRows, Math.min(nP, (t + 1) * taskRows));
    // the copy's stores happen before this atomic add, so a worker that takes the task sees the rows
    Atomics.add(ticket, 0, 1n << 8n);
    Atomics.notify(ticket, 0, 1);
  }
  // the job is finished even when `meanwhile` throws: the worker must not still write into the memory when
  // the caller's next product reuses it
  try {
    meanwhile?.();
  } finally {
    runTasks(gemm, ctl, ticket, p.gen);
    for (let done = Atomics.load(ctl, DONE); done < tasks; done = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, done);
  }
  if (Atomics.load(ctl, FAILED) !== 0) gemm(a, b, out, nP, mP, row);
}

/**
 * A KernelPicker for gemmNTSimd: the two-thread kernel for products of at least THREAD_MIN_MACS that fit
 * its memory, else null (the single-thread kernel).
 */
export const pickThreaded: KernelPicker = (macs, bytes) => {
  if (macs < THREAD_MIN_MACS || bytes > MAXIMUM_PAGES * PAGE) return null;
  return getPool()?.kernel ?? null;
};

/** Whether the worker is running and has taken up the kernel (false before the first large product). */
export function workerReady(): boolean {
  return pool != null && Atomics.load(pool.ctl, READY) === 1;
}

/** Tasks (parts of products) the worker has computed so far: what tests and benchmarks check it by. */
export function workerTasks(): number {
  return pool == null ? 0 : Atomics.load(pool.ctl, WORKER_TASKS);
}

/** For benchmarks: whether large products may use a second thread, and what the worker has done so far. */
export function gemmThreadInfo(): { wanted: boolean; ready: boolean; workerTasks: number } {
  return { wanted: threadsWanted(), ready: workerReady(), workerTasks: workerTasks() };
}
