// A correct student submission, written independently of the reference with plain loops over
// ndarray get/set. Its full score is the second route that cross-checks every fixture.
import ndarray from 'ndarray';

exercise({ username: 'sample-correct', seed: 7 });
/** The grader reads this call's literals from the text; at run time it does nothing. */
function exercise(variant: { username: string; seed: number }): void {
  void variant;
}

type T = ndarray.NdArray<Float64Array>;
const zeros = (shape: number[]): T => ndarray(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);

interface ConvCache { x: T; w: T; stride: number; pad: number }

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
  return [out, { x, w, stride, pad }];
}

export function convolutionBackward(dout: T, cache: ConvCache): [T, T, T] {
  const { x, w, stride, pad } = cache;
  const [N, H, W, C] = x.shape;
  const [FH, FW, , F] = w.shape;
  const [, Ho, Wo] = dout.shape;
  const dx = zeros(x.shape);
  const dw = zeros(w.shape);
  const db = zeros([F]);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < Ho; i++)
      for (let j = 0; j < Wo; j++)
        for (let f = 0; f < F; f++) {
          const g = dout.get(n, i, j, f);
          db.set(f, db.get(f) + g);
          for (let p = 0; p < FH; p++)
            for (let q = 0; q < FW; q++) {
              const r = i * stride + p - pad;
              const c = j * stride + q - pad;
              if (r < 0 || r >= H || c < 0 || c >= W) continue;
              for (let k = 0; k < C; k++) {
                dw.set(p, q, k, f, dw.get(p, q, k, f) + g * x.get(n, r, c, k));
                dx.set(n, r, c, k, dx.get(n, r, c, k) + g * w.get(p, q, k, f));
              }
            }
        }
  return [dx, dw, db];
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

export function reluBackward(dout: T, x: T): T {
  const dx = zeros(x.shape);
  for (let i = 0; i < x.data.length; i++) dx.data[i] = x.data[i] > 0 ? dout.data[i] : 0;
  return dx;
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

export function maxpoolBackward(dout: T, { x, size, stride }: PoolCache): T {
  const dx = zeros(x.shape);
  const [N, Ho, Wo, C] = dout.shape;
  for (let n = 0; n < N; n++)
    for (let i = 0; i < Ho; i++)
      for (let j = 0; j < Wo; j++)
        for (let k = 0; k < C; k++) {
          let best = [0, 0];
          let m = -Infinity;
          for (let p = 0; p < size; p++)
            for (let q = 0; q < size; q++) {
              const v = x.get(n, i * stride + p, j * stride + q, k);
              if (v > m) [m, best] = [v, [p, q]];
            }
          const [r, c] = [i * stride + best[0], j * stride + best[1]];
          dx.set(n, r, c, k, dx.get(n, r, c, k) + dout.get(n, i, j, k));
        }
  return dx;
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

export function dropoutBackward(dout: T, mask: T | null): T {
  if (mask === null) return ndarray(Float64Array.from(dout.data), dout.shape);
  const dx = zeros(dout.shape);
  for (let i = 0; i < dx.data.length; i++) dx.data[i] = dout.data[i] * mask.data[i];
  return dx;
}

export function convOutputShape({ W, H, F, Z, S, N }: Record<string, number>): [number, number, number] {
  return [(W - F + 2 * Z) / S + 1, (H - F + 2 * Z) / S + 1, N];
}

export function trainableParameters({ M, C, F, N, Z, S, K1, K2 }: Record<string, number>): number {
  const O = (M - F + 2 * Z) / S + 1;
  return F * F * C * N + O * O * N * K1 + K1 + K1 * K2 + K2;
}
