// Kernels the wasm backend lacks or runs slowly for training the course models, built from wasm's own
// fast kernels (XNNPACK convolution and matmul, transpose). Each is checked against the cpu backend in
// wasm-kernels.test.ts.
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

type Backend = { disposeData(dataId: object): void };
type Attrs = Record<string, unknown>;

function wasmKernel(name: string): KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`the wasm backend has no ${name} kernel to build on`);
  return k.kernelFunc;
}

function call(name: string, backend: unknown, inputs: Record<string, TensorInfo>, attrs: Attrs = {}): TensorInfo {
  return wasmKernel(name)({ inputs, backend: backend as never, attrs: attrs as never }) as TensorInfo;
}

function transpose(backend: unknown, x: TensorInfo, perm: number[]): TensorInfo {
  return call('Transpose', backend, { x }, { perm });
}

function swapLastTwo(rank: number): number[] {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

/**
 * Filter gradient of a NHWC Conv2D as one forward Conv2D: the batch becomes the channel axis.
 * dW[fh,fw,ci,co] = sum_{n,oh,ow} x[n, oh*s+fh-top, ow*s+fw-left, ci] * dy[n,oh,ow,co], which is a
 * stride-1 convolution of x as [Cin,H,W,N] by dy as an [OH,OW,N,Cout] filter dilated by the stride,
 * padded by the forward pass's top/left; its [Cin,FH,FW,Cout] result is transposed to [FH,FW,Cin,Cout].
 */
const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | backend_ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`wasm Conv2DBackpropFilter supports NHWC only, got ${dataFormat}`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad as never, dimRoundingMode);
  const { top, left } = info.padInfo;
  const [fh, fw] = [info.filterHeight, info.filterWidth];
  const [h, w] = [info.inHeight, info.inWidth];
  const [oh, ow] = [info.outHeight, info.outWidth];
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  // Bottom/right padding that makes the output exactly fh x fw; negative means rows the forward pass
  // never reached (valid padding with a remainder), which the conv cannot drop, so they are sliced off.
  const bottom = fh + (oh - 1) * sh - h - top;
  const right = fw + (ow - 1) * sw - w - left;
  const xT = transpose(backend, x, [3, 1, 2, 0]);
  const dyT = transpose(backend, dy, [1, 2, 0, 3]);
  const conv = call('Conv2D', backend, { x: xT, filter: dyT }, {
    strides: 1,
    pad: [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]],
    dilations: [sh, sw],
    dataFormat: 'NHWC',
  });
  const b = backend as unknown as Backend;
  b.disposeData(xT.dataId);
  b.disposeData(dyT.dataId);
  let cropped = conv;
  if (bottom < 0 || right < 0) {
    cropped = call('Slice', backend, { x: conv }, { begin: [0, 0, 0, 0], size: [conv.shape[0], fh, fw, conv.shape[3]] });
    b.disposeData(conv.dataId);
  }
  const out = transpose(backend, cropped, [1, 2, 0, 3]);
  b.disposeData(cropped.dataId);
  return out;
};
/**
 * Input gradient of a NHWC Conv2D as one forward Conv2D (XNNPACK), where wasm's own kernel is a scalar
 * loop (998 of a 1,929 ms step of the strong MNIST model). dx[n,y,x,ci] = sum dy[n,oh,ow,co] W[fh,fw,ci,co]
 * over y = oh*s + fh - top: a stride-1 convolution of dy, zero-stuffed by the stride, with W flipped in
 * space as a [FH,FW,Cout,Cin] filter, padded by FH-1-top above and whatever makes the output H rows below.
 * Explicit paddings wider than the filter would need negative padding and go to wasm's own kernel.
 */
function conv2DBackpropInput(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
      strides: number | [number, number];
      pad: 'valid' | 'same' | number | backend_ExplicitPadding;
      dataFormat?: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      inputShape: [number, number, number, number];
    };
    if (dataFormat !== undefined && dataFormat !== 'NHWC') return original(args);
    const info = tf.backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, 1, pad as never, dimRoundingMode);
    const [fh, fw] = [info.filterHeight, info.filterWidth];
    const [sh, sw] = [info.strideHeight, info.strideWidth];
    const stuffedH = (info.outHeight - 1) * sh + 1;
    const stuffedW = (info.outWidth - 1) * sw + 1;
    const top = fh - 1 - info.padInfo.top;
    const left = fw - 1 - info.padInfo.left;
    const bottom = info.inHeight - stuffedH + fh - 1 - top;
    const right = info.inWidth - stuffedW + fw - 1 - left;
    if (Math.min(top, left, bottom, right) < 0) return original(args);
    const b = backend as unknown as WasmBackendIO;
    const wT = transpose(backend, filter, [0, 1, 3, 2]);
    const wFlipped = call('Reverse', backend, { x: wT }, { dims: [0, 1] });
    b.disposeData(wT.dataId);
    const dyIn = sh === 1 && sw === 1 ? dy : zeroStuff(b, dy, sh, sw, stuffedH, stuffedW);
    const dx = call('Conv2D', backend, { x: dyIn, filter: wFlipped }, {
      strides: 1,
      pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
      dilations: 1,
      dataFormat: 'NHWC',
    });
    b.disposeData(wFlipped.dataId);
    if (dyIn !== dy) b.disposeData(dyIn.dataId);
    return dx;
  };
}

/** dy [N,OH,OW,C] spread to [N,stuffedH,stuffedW,C] with its rows and columns `sh`/`sw` apart, zeros between. */
function zeroStuff(b: WasmBackendIO, dy: TensorInfo, sh: number, sw: number, stuffedH: number, stuffedW: number): TensorInfo {
  const [n, oh, ow, c] = dy.shape;
  const src = b.readSync(dy.dataId);
  const out = b.makeOutput([n, stuffedH, stuffedW, c], 'float32');
  const dst = b.typedArrayFromHeap(out);
  dst.fill(0);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        const from = ((i * oh + r) * ow + q) * c;
        dst.set(src.subarray(from, from + c), ((i * stuffedH + r * sh) * stuffedW + q * sw) * c);
      }
    }
  }
  return out;
}

/**
 * Tile as block copies. wasm's kernel walks the output one element at a time (323 ms of the strong MNIST
 * model's step, where batch norm's gradient tiles [1,1,1,C] statistics to the activations' shape).
 * Axis by axis from the last: each block of the result so far is repeated reps[axis] times in place.
 */
function tileInto(src: ArrayLike<number>, shape: number[], reps: number[], dst: Float32Array | Int32Array | Uint8Array) {
  dst.set(src as never, 0);
  let blocks = shape.reduce((a, d) => a * d, 1); // blocks of `block` elements
  let block = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    blocks /= shape[axis];
    const inner = block * shape[axis]; // a block's current length along this axis
    const outer = inner * reps[axis];
    // Move blocks back to front to their spread-out places, then repeat each in place by doubling.
    for (let k = blocks - 1; k >= 0; k--) {
      const at = k * outer;
      if (k * inner !== at) dst.copyWithin(at, k * inner, k * inner + inner);
      for (let have = inner; have < outer; have *= 2) dst.copyWithin(at + have, at, at + Math.min(have, outer - have));
    }
    block = outer;
  }
}

function tile(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs as { x: TensorInfo };
    const { reps } = attrs as unknown as { reps: number[] };
    if (x.dtype === 'string' || x.dtype === 'complex64') return original(args);
    const b = backend as unknown as WasmBackendIO;
    const src = b.readSync(x.dataId);
    const out = b.makeOutput(x.shape.map((d, i) => d * reps[i]), x.dtype as 'float32');
    if (out.shape.some((d) => d === 0)) return out;
    tileInto(src, x.shape, reps, b.typedArrayFromHeap(out));
    return out;
  };
}
type backend_ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/**
 * wasm's matmul hands XNNPACK only untransposed operands and runs a naive loop otherwise, which is what
 * a dense layer's gradients ask for (x^T dy and dy W^T); transposing explicitly first is much faster.
 */
function explicitTranspose(name: string): KernelFunc {
  const original = wasmKernel(name);
  return ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as { transposeA?: boolean; transposeB?: boolean };
    if (!transposeA && !transposeB) return original({ inputs, backend, attrs });
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const aT = transposeA ? transpose(backend, a, swapLastTwo(a.shape.length)) : a;
    const bT = transposeB ? transpose(backend, b, swapLastTwo(b.shape.length)) : b;
    const out = original({
      inputs: { ...inputs, a: aT, b: bT },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    const be = backend as unknown as Backend;
    if (aT !== a) be.disposeData(aT.dataId);
    if (bT !== b) be.disposeData(bT.dataId);
    return out;
  };
}

/**
 * MaxPoolGrad. wasm's own kernel is a scalar loop that disagrees with cpu (and with a plain loop) on
 * overlapping windows with ties and on padded windows; this is the cpu kernel's rule (the first strict
 * maximum of each window clipped to the input gets the gradient; ties are frequent after relu) as a JS loop
 * over the wasm heap. Measured on the MNIST model's [64,24,24,32] 2x2/2 pool, best of 5 on the loaded 2-core
 * box: wasm's kernel 71 ms, ArgMax/OneHot routing through wasm kernels 50 ms, this loop 34 ms.
 */
function maxPoolGradLoop(x: Float32Array, dy: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const dx = new Float32Array(x.length);
  // One window at a time over all channels at once, so reads run along NHWC's contiguous channel axis.
  const best = new Float32Array(c);
  const pos = new Int32Array(c);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        best.fill(-Infinity);
        pos.fill(-1);
        for (let r = 0; r < kh; r++) {
          const y = i * sh + r - top;
          if (y < 0 || y >= h) continue;
          for (let q = 0; q < kw; q++) {
            const xx = j * sw + q - left;
            if (xx < 0 || xx >= w) continue;
            const base = ((b * h + y) * w + xx) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = x[base + ch];
              if (v > best[ch]) {
                best[ch] = v;
                pos[ch] = base + ch;
              }
            }
          }
        }
        const out = ((b * oh + i) * ow + j) * c;
        for (let ch = 0; ch < c; ch++) if (pos[ch] >= 0) dx[pos[ch]] += dy[out + ch];
      }
    }
  }
  return dx;
}

type WasmBackendIO = Backend & {
  readSync(dataId: object): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
};

const maxPoolGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
    filterSize: number | [number, number]; strides: number | [number, number];
    pad: 'valid' | 'same' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], filterSize, strides, 1, pad as never, dimRoundingMode);
  const io = backend as unknown as WasmBackendIO;
  const dx = io.makeOutput(input.shape, 'float32');
  io.typedArrayFromHeap(dx).set(maxPoolGradLoop(io.readSync(input.dataId), io.readSync(dy.dataId), info));
  return dx;
};

export const WASM_TRAINING_KERNELS = [
  'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul', '_FusedMatMul', 'MaxPoolGrad', 'Tile',
] as const;
const registered = new Set<string>();

/**
 * Registers the training kernels on the wasm backend (each once; the wasm backend must be initialized).
 * `only` picks a subset, for benchmarks that measure what each kernel gains.
 */
export function registerWasmTrainingKernels(only: readonly string[] = WASM_TRAINING_KERNELS): void {
  const factories: Record<string, () => KernelFunc> = {
    Conv2DBackpropFilter: () => conv2DBackpropFilter,
    Conv2DBackpropInput: () => conv2DBackpropInput(wasmKernel('Conv2DBackpropInput')),
    Tile: () => tile(wasmKernel('Tile')),
    BatchMatMul: () => explicitTranspose('BatchMatMul'),
    _FusedMatMul: () => explicitTranspose('_FusedMatMul'),
    MaxPoolGrad: () => maxPoolGrad,
  };
  for (const name of only) {
    if (registered.has(name)) continue;
    const factory = factories[name];
    if (!factory) throw new Error(`registerWasmTrainingKernels: no kernel ${name}; expected one of ${WASM_TRAINING_KERNELS.join(', ')}`);
    const config: KernelConfig = { kernelName: name, backendName: 'wasm', kernelFunc: factory() };
    if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
    registered.add(name);
  }
}
