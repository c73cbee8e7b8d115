/*
 * Ordinary least squares through a Householder QR of the design matrix (better conditioned than the
 * normal equations for polynomial columns), with the hat-matrix diagonal h_ii = sum_j Q_ij^2 from
 * the thin Q. Plain float64 arrays; the design matrix is n rows by p columns, n >= p, full rank.
 */

export interface LeastSquaresFit {
  coefficients: number[];
  fitted: number[];
  residuals: number[];
  /** Diagonal of the hat matrix H = X (X^T X)^{-1} X^T. */
  leverage: number[];
}

export function leastSquares(X: readonly (readonly number[])[], y: readonly number[]): LeastSquaresFit {
  const n = X.length;
  const p = n === 0 ? 0 : X[0].length;
  if (y.length !== n) throw new RangeError(`leastSquares: ${n} rows but ${y.length} targets`);
  if (p === 0 || n < p) throw new RangeError(`leastSquares: need at least as many rows as columns (>= 1), got ${n} x ${p}`);
  if (X.some((row) => row.length !== p)) throw new RangeError('leastSquares: rows of X differ in length');
  const R = X.map((row) => [...row]);
  const Qt: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const qty = [...y];
  for (let k = 0; k < p; k++) {
    let norm = 0;
    for (let i = k; i < n; i++) norm += R[i][k] ** 2;
    norm = Math.sqrt(norm);
    const scale = Math.max(...R.slice(k).map((row) => Math.abs(row[k])), 0);
    if (norm <= 1e-12 * Math.max(1, scale) * n) throw new RangeError(`leastSquares: design matrix is rank deficient at column ${k}`);
    const alpha = R[k][k] > 0 ? -norm : norm;
    const v = new Array<number>(n).fill(0);
    for (let i = k; i < n; i++) v[i] = R[i][k];
    v[k] -= alpha;
    let vv = 0;
    for (let i = k; i < n; i++) vv += v[i] ** 2;
    const reflect = (col: (i: number) => number, set: (i: number, value: number) => void): void => {
      let dot = 0;
      for (let i = k; i < n; i++) dot += v[i] * col(i);
      const f = (2 * dot) / vv;
      for (let i = k; i < n; i++) set(i, col(i) - f * v[i]);
    };
    for (let j = k; j < p; j++) reflect((i) => R[i][j], (i, value) => (R[i][j] = value));
    for (let j = 0; j < n; j++) reflect((i) => Qt[i][j], (i, value) => (Qt[i][j] = value));
    reflect((i) => qty[i], (i, value) => (qty[i] = value));
  }
  const coefficients = new Array<number>(p).fill(0);
  for (let k = p - 1; k >= 0; k--) {
    let s = qty[k];
    for (let j = k + 1; j < p; j++) s -= R[k][j] * coefficients[j];
    coefficients[k] = s / R[k][k];
  }
  const fitted = X.map((row) => row.reduce((s, v, j) => s + v * coefficients[j], 0));
  const residuals = y.map((v, i) => v - fitted[i]);
  // Rows 0..p-1 of Q^T are the thin Q's columns; h_ii is the squared norm of row i of thin Q.
  const leverage = Array.from({ length: n }, (_, i) => {
    let h = 0;
    for (let k = 0; k < p; k++) h += Qt[k][i] ** 2;
    return h;
  });
  return { coefficients, fitted, residuals, leverage };
}
