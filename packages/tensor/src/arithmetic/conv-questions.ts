import { TensorArgumentError } from '../core/errors';

function positiveInteger(op: string, name: string, v: unknown, min = 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new TensorArgumentError('E_VALUE', op, name, `an integer >= ${min}`, String(v));
  }
  return v;
}

/** One spatial side after a convolution: (size - F + 2Z) / S + 1, which must come out whole. */
function side(op: string, name: string, size: number, F: number, Z: number, S: number): number {
  const span = size - F + 2 * Z;
  if (span < 0 || span % S !== 0) {
    throw new TensorArgumentError('E_VALUE', op, name, `(${name} - F + 2Z) divisible by S and >= 0`, `(${size} - ${F} + 2*${Z}) / ${S}`);
  }
  return span / S + 1;
}

/**
 * Output volume of a convolution with N filters of size FxF, zero padding Z and stride S on a WxH input:
 * ((W - F + 2Z)/S + 1) x ((H - F + 2Z)/S + 1) x N, as [width, height, depth].
 */
export function convOutputShape(q: { W: number; H: number; F: number; Z: number; S: number; N: number }): [number, number, number] {
  const op = 'convOutputShape';
  const [W, H, F, S, N] = [positiveInteger(op, 'W', q.W), positiveInteger(op, 'H', q.H), positiveInteger(op, 'F', q.F), positiveInteger(op, 'S', q.S), positiveInteger(op, 'N', q.N)];
  const Z = positiveInteger(op, 'Z', q.Z, 0);
  return [side(op, 'W', W, F, Z, S), side(op, 'H', H, F, Z, S), N];
}

/**
 * Trainable parameters of [Conv(N filters FxF, no bias) on an MxMxC input, Dense K1, Dense K2]:
 * F*F*C*N (filters) + (O*O*N)*K1 + K1 (first dense) + K1*K2 + K2 (second dense), O = (M - F + 2Z)/S + 1.
 */
export function trainableParameters(q: { M: number; C: number; F: number; N: number; Z: number; S: number; K1: number; K2: number }): number {
  const op = 'trainableParameters';
  const [M, C, F, N, S, K1, K2] = (['M', 'C', 'F', 'N', 'S', 'K1', 'K2'] as const).map((k) => positiveInteger(op, k, q[k]));
  const Z = positiveInteger(op, 'Z', q.Z, 0);
  const O = side(op, 'M', M, F, Z, S);
  return F * F * C * N + O * O * N * K1 + K1 + K1 * K2 + K2;
}
