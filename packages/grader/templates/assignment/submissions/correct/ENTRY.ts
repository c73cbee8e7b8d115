// A correct solution, written independently of the reference (which re-exports @gradient/tensor's ops):
// the grading test pins that it earns every point, public and hidden.
import ndarray from 'ndarray';

type Tensor = ndarray.NdArray<Float64Array>;
interface Cache { x: Float64Array; w: Float64Array; xShape: number[]; D: number; M: number }

/** x's entries in row-major order, whatever its strides. */
function rowMajor(x: Tensor): Float64Array {
  const out = new Float64Array(x.size);
  const index = new Array<number>(x.shape.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    out[i] = x.get(...index);
    for (let d = index.length - 1; d >= 0 && ++index[d] === x.shape[d]; d--) index[d] = 0;
  }
  return out;
}

export function affineForward(x: Tensor, w: Tensor, b: Tensor): [Tensor, Cache] {
  const N = x.shape[0];
  const [D, M] = w.shape;
  const xs = rowMajor(x);
  const ws = rowMajor(w);
  const out = new Float64Array(N * M);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < M; j++) out[i * M + j] = b.get(j);
    for (let k = 0; k < D; k++) {
      const xik = xs[i * D + k];
      for (let j = 0; j < M; j++) out[i * M + j] += xik * ws[k * M + j];
    }
  }
  return [ndarray(out, [N, M]), { x: xs, w: ws, xShape: x.shape.slice(), D, M }];
}

export function affineBackward(dout: Tensor, { x, w, xShape, D, M }: Cache): [Tensor, Tensor, Tensor] {
  const N = xShape[0];
  const g = rowMajor(dout);
  const dx = new Float64Array(N * D);
  const dw = new Float64Array(D * M);
  const db = new Float64Array(M);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < M; j++) db[j] += g[i * M + j];
    for (let k = 0; k < D; k++) {
      let s = 0;
      for (let j = 0; j < M; j++) {
        s += g[i * M + j] * w[k * M + j];
        dw[k * M + j] += x[i * D + k] * g[i * M + j];
      }
      dx[i * D + k] = s;
    }
  }
  return [ndarray(dx, xShape), ndarray(dw, [D, M]), ndarray(db, [M])];
}

export function parameterCount({ D, M }: { D: number; M: number }): number {
  return D * M + M;
}
