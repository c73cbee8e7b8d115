// Derives nothing: every backward pass is the centered-difference gradient of its own (correct) forward,
// as the numerical gradient check itself computes it. Those numbers agree with the analytic gradients to
// ~1e-8, so a grader that compares backward passes with numerical gradients gives them full marks. Here
// every backward test leads with a case on which two forwards per input entry cannot finish in time.
import ndarray from 'ndarray';

type T = ndarray.NdArray<Float64Array>;
const zeros = (shape: number[]): T => ndarray(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);

interface ConvCache { x: T; w: T; b: T; stride: number; pad: number }

export function convolution(x: T, w: T, b: T, { stride, pad }: { stride: number; pad: number }): [T, ConvCache] {
  const [N, H, W, C] = x.shape;
  const [FH, FW, , F] = w.shape;
  const Ho = Math.floor((H + 2 * pad - FH) / stride) + 1;
  const Wo = Math.floor((W + 2 * pad - FW) / stride) + 1;
  const out = zeros([N, Ho, Wo, F]);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < Ho; i++)
      for (let j = 0; j < Wo; j++)
        for (let f = 0; f < F; f++) {
          let s = b.get(f);
          for (let p = 0; p < FH; p++)
            for (let q = 0; q < FW; q++) {
              const r = i * stride + p - pad;
              const c = j * stride + q - pad;
              if (r < 0 || r >= H || c < 0 || c >= W) continue;
              for (let k = 0; k < C; k++) s += x.get(n, r, c, k) * w.get(p, q, k, f);
            }
          out.set(n, i, j, f, s);
        }
  return [out, { x, w, b, stride, pad }];
}

export function grayscaleFilter(w: T): T {
  const [FH, FW, C, F] = w.shape;
  const out = zeros(w.shape);
  for (let p = 0; p < FH; p++) for (let q = 0; q < FW; q++) for (let k = 0; k < C; k++) for (let f = 0; f < F; f++) out.set(p, q, k, f, w.get(p, q, k, f));
  const luma = [0.299, 0.587, 0.114];
  for (let p = 0; p < FH; p++)
    for (let q = 0; q < FW; q++)
      for (let k = 0; k < 3; k++) {
        const centre = p === Math.floor(FH / 2) && q === Math.floor(FW / 2);
        out.set(p, q, k, 1, centre ? luma[k] : 0);
      }
  return out;
}

export function relu(x: T): [T, T] {
  const out = zeros(x.shape);
  for (let i = 0; i < x.data.length; i++) out.data[i] = Math.max(0, x.data[i]);
  return [out, x];
}

interface PoolCache { x: T; size: number; stride: number }

export function maxpool(x: T, { size, stride }: { size: number; stride: number }): [T, PoolCache] {
  const [N, H, W, C] = x.shape;
  const Ho = Math.floor((H - size) / stride) + 1;
  const Wo = Math.floor((W - size) / stride) + 1;
  const out = zeros([N, Ho, Wo, C]);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < Ho; i++)
      for (let j = 0; j < Wo; j++)
        for (let k = 0; k < C; k++) {
          let m = -Infinity;
          for (let p = 0; p < size; p++) for (let q = 0; q < size; q++) m = Math.max(m, x.get(n, i * stride + p, j * stride + q, k));
          out.set(n, i, j, k, m);
        }
  return [out, { x, size, stride }];
}

interface Rng { rand(...shape: number[]): { data: Float64Array } }

export function dropout(x: T, { p, mode, rng }: { p: number; mode: 'train' | 'test'; rng: Rng }): [T, T | null] {
  if (mode === 'test') return [ndarray(Float64Array.from(x.data), x.shape), null];
  const u = rng.rand(...x.shape).data;
  const mask = zeros(x.shape);
  const out = zeros(x.shape);
  for (let i = 0; i < u.length; i++) {
    mask.data[i] = u[i] >= p ? 1 / (1 - p) : 0;
    out.data[i] = x.data[i] * mask.data[i];
  }
  return [out, mask];
}

export function convOutputShape({ W, H, F, Z, S, N }: Record<string, number>): [number, number, number] {
  return [(W - F + 2 * Z) / S + 1, (H - F + 2 * Z) / S + 1, N];
}

export function trainableParameters({ M, C, F, N, Z, S, K1, K2 }: Record<string, number>): number {
  const O = (M - F + 2 * Z) / S + 1;
  return F * F * C * N + O * O * N * K1 + K1 + K1 * K2 + K2;
}

/** d sum(f(x) * dout) / dx by centered differences, h = 1e-5, one entry of x at a time. */
function numeric(f: (x: T) => T, x: T, dout: T): T {
  const grad = zeros(x.shape);
  const h = 1e-5;
  for (let i = 0; i < x.data.length; i++) {
    const old = x.data[i];
    x.data[i] = old + h;
    const plus = f(x).data;
    x.data[i] = old - h;
    const minus = f(x).data;
    x.data[i] = old;
    let s = 0;
    for (let j = 0; j < dout.data.length; j++) s += (plus[j] - minus[j]) * dout.data[j];
    grad.data[i] = s / (2 * h);
  }
  return grad;
}

export function convolutionBackward(dout: T, { x, w, b, stride, pad }: ConvCache): [T, T, T] {
  const conv = (x2: T, w2: T, b2: T) => convolution(x2, w2, b2, { stride, pad })[0];
  return [numeric((v) => conv(v, w, b), x, dout), numeric((v) => conv(x, v, b), w, dout), numeric((v) => conv(x, w, v), b, dout)];
}

export function reluBackward(dout: T, x: T): T {
  return numeric((v) => relu(v)[0], x, dout);
}

export function maxpoolBackward(dout: T, { x, size, stride }: PoolCache): T {
  return numeric((v) => maxpool(v, { size, stride })[0], x, dout);
}

export function dropoutBackward(dout: T, mask: T | null): T {
  if (mask === null) return numeric((v) => v, zeros(dout.shape), dout);
  return numeric((v) => { const out = zeros(v.shape); for (let i = 0; i < v.data.length; i++) out.data[i] = v.data[i] * mask.data[i]; return out; }, zeros(dout.shape), dout);
}
