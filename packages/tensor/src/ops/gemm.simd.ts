// gemmNT through WebAssembly SIMD (f64x2): the same products as gemm.ts's kernel, two lanes at a time.
// V8 compiles JavaScript float64 loops to scalar code with a bounds check per typed-array read; a wasm
// kernel gets packed SSE multiplies and adds and no per-read checks (out-of-bounds traps come from guard
// pages). The module is assembled below from its instructions (no binary blob in the repository).
//
// The kernel works on copies in the module's memory: a and b with each row padded to a length kp that is a
// multiple of 2 (zeros) and their row counts padded to multiples of the block's (zero rows), so every block and
// every turn of the inner loop runs in full with no edge code; out is [nP, mP] and the caller's [n, m] part is copied back. The copies cost
// O((n + m) k) against the product's O(n m k).
//
// Order of the sums: lane 0 adds the products at even p, lane 1 those at odd p, each in order, and
// out = lane0 + lane1 (a different rounding from a plain running sum, as BLAS's is).

// Blocks of 4 rows of a x 2 rows of b (8 sums and 6 vectors, plus a temporary: 15 of the 16 SSE registers),
// one step per turn of the inner loop. Each row of the block has its own pointer, advanced once per turn, so a
// load needs no address arithmetic. The shape was chosen by measuring, on one core, the fastest of 1,500 calls
// on each of the two-layer net's products ([200, 784] x [50, 784]ᵀ, [784, 200] x [50, 200]ᵀ,
// [1000, 784] x [50, 784]ᵀ and the small ones): 4 x 2 with one step runs 9.7-10.4 GMAC/s where 3 x 3 with two
// steps (the earlier choice) ran 8.0-8.3, 2 x 4 9.4-10.0, 3 x 2 9.4, 2 x 2 8.8, 4 x 3, 3 x 4, 6 x 2 and 2 x 6
// ~7. Two steps per turn lose whenever the block's sums and one step's vectors already fill the registers:
// TurboFan hoists every load of a turn to its top, and the disassembly of 3 x 3 with two steps shows 6 of its 9
// sums kept on the stack (loaded and stored every turn). 4 x 2 also pads less here: 200, 784 and 1,000 rows
// are multiples of 4, and 50 and 10 of 2.
const UNROLL = 1;
const MR = 4;
const NR = 2;
const I32 = 0x7f;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];

// instructions
const get = (l: number) => [0x20, ...uleb(l)];
const set = (l: number) => [0x21, ...uleb(l)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const add = [0x6a];
const mul = [0x6c];
const geS = [0x4e];
const geU = [0x4f];
const block = [0x02, 0x40];
const loop = [0x03, 0x40];
const end = [0x0b];
const br = (depth: number) => [0x0c, ...uleb(depth)];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const v128Load = (offset: number) => simd(0x00, 3, ...uleb(offset)); // align 2^3
const v128Zero = simd(0x0c, ...new Array(16).fill(0));
const f64x2Add = simd(0xf0);
const f64x2Mul = simd(0xf2);
const lane = (l: number) => simd(0x21, l);
const f64Add = [0xa0];
const f64Store = (offset: number) => [0x39, 3, ...uleb(offset)];

/** for (v = 0; v < limit; v += step) body, with v and limit locals. */
function forLoop(v: number, limit: number, step: number, body: number[]): number[] {
  return [
    ...i32(0), ...set(v),
    ...block, ...loop,
    ...get(v), ...get(limit), ...geS, ...brIf(1),
    ...body,
    ...get(v), ...i32(step), ...add, ...set(v),
    ...br(0), ...end, ...end,
  ];
}

/** Limits, in 64 KiB pages, of the memory the module imports as env.memory; a shared one must have a maximum. */
export interface ImportedPages {
  initial: number;
  maximum?: number;
  shared?: boolean;
}

/**
 * The kernel's module: blocks of mr rows of a x nr rows of b, `unroll` steps (of two products each) per loop turn.
 * It owns and exports its memory, or with `imported` imports one as env.memory. With `rowBytes`, the module
 * only multiplies rows of that length: the rows of a block are loaded at immediate offsets from one pointer
 * per operand, two pointer adds a turn instead of one per row (see specializedGemm).
 */
export function assemble(unroll = UNROLL, mr = MR, nr = NR, imported?: ImportedPages, rowBytes?: number): Uint8Array {
  // params: aPtr bPtr outPtr nP mP rowBytes (byte addresses; nP a multiple of mr, mP of nr; rowBytes = 8 * kp)
  const [A, B, OUT, NP, MP, ROW] = [0, 1, 2, 3, 4, 5];
  // i32 locals: i, j, o, the end of the block's first row, then a pointer into each row of the block (mr of
  // a, nr of b) that walks along the row: one add per row per turn and the step's offset as an immediate
  const [I, J, O, END] = [6, 7, 8, 9];
  const PTRS = Array.from({ length: mr + nr }, (_, r) => 10 + r);
  const nI32 = 4 + mr + nr;
  // v128 locals: mr * nr sums, then the mr + nr vectors of one step
  const S = (r: number, c: number) => 6 + nI32 + r * nr + c;
  const V = (s: number) => 6 + nI32 + mr * nr + s;
  const rowStart = (base: number, idx: number, plus: number, dst: number) => [
    ...get(idx), ...i32(plus), ...add, ...get(ROW), ...mul, ...get(base), ...add, ...set(dst),
  ];
  // a step's vectors go to locals first: V8 does not merge repeated loads of one address
  const step: number[] = [];
  const load = (s: number, u: number) => {
    if (rowBytes === undefined) return [...get(PTRS[s]), ...v128Load(16 * u)];
    const [first, r] = s < mr ? [PTRS[0], s] : [PTRS[mr], s - mr];
    return [...get(first), ...v128Load(16 * u + r * rowBytes)];
  };
  for (let u = 0; u < unroll; u++) {
    PTRS.forEach((_, s) => step.push(...load(s, u), ...set(V(s))));
    for (let r = 0; r < mr; r++) {
      for (let c = 0; c < nr; c++) step.push(...get(S(r, c)), ...get(V(r)), ...get(V(mr + c)), ...f64x2Mul, ...f64x2Add, ...set(S(r, c)));
    }
  }
  const advance = (rowBytes === undefined ? PTRS : [PTRS[0], PTRS[mr]]).flatMap((ptr) => [...get(ptr), ...i32(16 * unroll), ...add, ...set(ptr)]);
  const kLoop = [
    ...block, ...loop,
    ...get(PTRS[0]), ...get(END), ...geU, ...brIf(1),
    ...step, ...advance,
    ...br(0), ...end, ...end,
  ];
  const store: number[] = [];
  for (let r = 0; r < mr; r++) {
    for (let c = 0; c < nr; c++) {
      // out[(i + r) * mP + j + c] = lane0 + lane1; O = outPtr + (i * mP + j) * 8
      store.push(...get(O), ...get(MP), ...i32(8 * r), ...mul, ...add);
      store.push(...get(S(r, c)), ...lane(0), ...get(S(r, c)), ...lane(1), ...f64Add, ...f64Store(8 * c));
    }
  }
  const jBody = [
    ...PTRS.slice(0, mr).flatMap((dst, r) => rowStart(A, I, r, dst)),
    ...get(PTRS[0]), ...get(ROW), ...add, ...set(END),
    ...PTRS.slice(mr).flatMap((dst, c) => rowStart(B, J, c, dst)),
    ...Array.from({ length: mr * nr }, (_, s) => [...v128Zero, ...set(S(0, 0) + s)]).flat(),
    ...kLoop,
    ...get(I), ...get(MP), ...mul, ...get(J), ...add, ...i32(8), ...mul, ...get(OUT), ...add, ...set(O),
    ...store,
  ];
  const iBody = forLoop(J, MP, nr, jBody);
  const locals = vec([[...uleb(nI32), I32], [...uleb(mr * nr + mr + nr), V128]]);
  const body = [...locals, ...forLoop(I, NP, mr, iBody), ...end];

  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(new Array(6).fill([I32])), 0x00]])),
    ...(imported ? section(2, vec([[...name('env'), ...name('memory'), 0x02, ...limits(imported)]])) : []),
    ...section(3, vec([uleb(0)])),
    ...(imported ? [] : section(5, vec([[0x00, ...uleb(1)]]))),
    ...section(7, vec([[...name('gemm'), 0x00, ...uleb(0)], ...(imported ? [] : [[...name('memory'), 0x02, ...uleb(0)]])])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ];
  return Uint8Array.from(bytes);
}

/** A memory type's limits: flag 0x00 initial only, 0x01 with a maximum, 0x03 shared with a maximum. */
function limits(p: ImportedPages): number[] {
  if (p.maximum === undefined) return [0x00, ...uleb(p.initial)];
  return [p.shared ? 0x03 : 0x01, ...uleb(p.initial), ...uleb(p.maximum)];
}

/** Rows of a per block: a kernel call's nP, and any split of its rows, is a multiple of this. */
export const KERNEL_ROWS = MR;

/** The kernel's export and the memory it works in (its own, or a shared one it imports). */
export interface Kernel {
  /** out [nP, mP] = a [nP, kp] bᵀ at byte addresses, rowBytes = 8 kp; nP a multiple of KERNEL_ROWS. */
  gemm(a: number, b: number, out: number, nP: number, mP: number, rowBytes: number): void;
  /**
   * gemm with a not yet in memory: the kernel calls placeA(from, to) for consecutive KERNEL_ROWS-aligned
   * row ranges covering [0, nP), and may start on rows already placed while later ones are copied in.
   * `meanwhile`, if given, runs once on the calling thread while other threads compute.
   */
  gemmPlacingA?(
    placeA: (from: number, to: number) => void, meanwhile: (() => void) | undefined,
    a: number, b: number, out: number, nP: number, mP: number, rowBytes: number,
  ): void;
  memory: { buffer: ArrayBufferLike; grow(pages: number): number };
}

/**
 * Chooses the kernel for one call: macs = nP mP kp, bytes = the memory the call needs. Returns null for
 * the module's own single-thread kernel.
 */
export type KernelPicker = (macs: number, bytes: number) => Kernel | null;

/** The part of the WebAssembly global used here (the project's type libraries do not declare it). */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: unknown };
  Memory: new (limits: { initial: number; maximum?: number; shared?: boolean }) => Kernel['memory'];
}

/**
 * At most this many row lengths get a module of their own per memory; products with other row lengths run
 * the general kernel (bitwise the same sums, ~10-15 % slower). Each module is ~750 bytes of wasm.
 */
export const MAX_ROW_KERNELS = 16;

/**
 * The gemm over `memory` for rows of rowBytes: that length's own module (assemble's rowBytes), made on
 * first use and kept, up to MAX_ROW_KERNELS of them; `general` for other lengths. `made` hears of every new module
 * (the two-thread pool sends it to its worker). Fastest of 1,500 calls on one core, the kernel alone on the
 * two-layer net's large products: 11.3-12.2 GMAC/s against 10.2-10.4 for the general kernel (gemmNT with its
 * copies: 10.1-11.6 against 9.6-9.9), with the same sums in the same order.
 */
export function specializedGemm(
  wasm: WasmApi,
  memory: Kernel['memory'],
  pages: ImportedPages,
  general: Kernel['gemm'],
  made?: (rowBytes: number, module: object) => void,
): (rowBytes: number) => Kernel['gemm'] {
  const byRow = new Map<number, Kernel['gemm']>();
  return (rowBytes) => {
    let gemm = byRow.get(rowBytes);
    if (gemm === undefined) {
      gemm = general;
      if (byRow.size < MAX_ROW_KERNELS) {
        const module = new wasm.Module(assemble(UNROLL, MR, NR, pages, rowBytes));
        gemm = (new wasm.Instance(module, { env: { memory } }).exports as { gemm: Kernel['gemm'] }).gemm;
        made?.(rowBytes, module);
      }
      byRow.set(rowBytes, gemm);
    }
    return gemm;
  };
}

let kernel: Kernel | null | undefined;

/** The compiled kernel (one module per row length over one memory), or null where WebAssembly SIMD is unavailable. */
function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    const pages: ImportedPages = { initial: 1 };
    const bytes = assemble(UNROLL, MR, NR, pages);
    if (wasm === undefined || !wasm.validate(bytes)) return (kernel = null);
    const memory = new wasm.Memory(pages);
    const general = (new wasm.Instance(new wasm.Module(bytes), { env: { memory } }).exports as { gemm: Kernel['gemm'] }).gemm;
    const forRow = specializedGemm(wasm, memory, pages, general);
    kernel = { gemm: (a, b, out, nP, mP, rowBytes) => forRow(rowBytes)(a, b, out, nP, mP, rowBytes), memory };
  } catch {
    kernel = null;
  }
  return kernel;
}

export function simdAvailable(): boolean {
  return loadKernel() !== null;
}

const roundUp = (v: number, step: number) => Math.ceil(v / step) * step;

/**
 * Rows [from, to) of the [rowsP, kp] zero-padded copy of src [rows, k] (rows <= rowsP) into mem, whose
 * row 0 is at doubles offset `at`.
 */
function place(mem: Float64Array, at: number, src: Float64Array, rows: number, k: number, kp: number, from: number, to: number): void {
  const last = Math.min(to, rows);
  if (kp === k) {
    if (last > from) mem.set(src.subarray(from * k, last * k), at + from * k);
  } else {
    // element by element: a subarray per row would allocate one view per row
    for (let r = from; r < last; r++) {
      const src0 = r * k;
      const dst0 = at + r * kp;
      for (let q = 0; q < k; q++) mem[dst0 + q] = src[src0 + q];
      for (let q = k; q < kp; q++) mem[dst0 + q] = 0;
    }
  }
  if (to > last) mem.fill(0, at + Math.max(from, rows) * kp, at + to * kp);
}

/**
 * gemmNT's contract (out [n, m] = a [n, k] times the transpose of b [m, k]) through the SIMD kernel, with
 * `meanwhile` run once (while a second thread computes, where the picked kernel has one). Returns false,
 * computing nothing and not running `meanwhile`, where WebAssembly SIMD is unavailable.
 */
export function gemmNTSimd(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  n: number,
  m: number,
  k: number,
  pick?: KernelPicker,
  meanwhile?: () => void,
): boolean {
  const own = loadKernel();
  if (own === null) return false;
  if (n === 0 || m === 0) {
    meanwhile?.();
    return true;
  }
  const kp = roundUp(k, 2 * UNROLL);
  // a in chunks of rows, so that the module's memory (which never shrinks) holds at most ~32 MB of a
  const chunk = Math.max(MR, Math.floor(A_CHUNK_DOUBLES / kp / MR) * MR);
  for (let i0 = 0; i0 < n; i0 += chunk) {
    const rows = Math.min(chunk, n - i0);
    gemmChunk(own, pick, a.subarray(i0 * k, (i0 + rows) * k), b, out.subarray(i0 * m, (i0 + rows) * m), rows, m, k, kp, i0 === 0 ? meanwhile : undefined);
  }
  return true;
}

const A_CHUNK_DOUBLES = 4 * 1024 * 1024;

function gemmChunk(
  own: Kernel,
  pick: KernelPicker | undefined,
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  n: number,
  m: number,
  k: number,
  kp: number,
  meanwhile: (() => void) | undefined,
): void {
  const nP = roundUp(n, MR);
  const mP = roundUp(m, NR);
  const aAt = 0;
  const bAt = nP * kp;
  const outAt = bAt + mP * kp;
  const bytes = (outAt + nP * mP) * 8;
  const kern = pick?.(nP * mP * kp, bytes) ?? own;
  const have = kern.memory.buffer.byteLength;
  if (bytes > have) kern.memory.grow(Math.ceil((bytes - have) / 65536));
  const mem = new Float64Array(kern.memory.buffer);
  place(mem, bAt, b, m, k, kp, 0, mP);
  if (kern.gemmPlacingA) {
    kern.gemmPlacingA((from, to) => place(mem, aAt, a, n, k, kp, from, to), meanwhile, aAt * 8, bAt * 8, outAt * 8, nP, mP, kp * 8);
  } else {
    place(mem, aAt, a, n, k, kp, 0, nP);
    kern.gemm(aAt * 8, bAt * 8, outAt * 8, nP, mP, kp * 8);
    meanwhile?.();
  }
  if (mP === m) out.set(mem.subarray(outAt, outAt + n * m));
  else if (m >= 16) for (let i = 0; i < n; i++) out.set(mem.subarray(outAt + i * mP, outAt + i * mP + m), i * m);
  else for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] = mem[outAt + i * mP + j];
}
