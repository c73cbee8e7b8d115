import { TensorArgumentError, contiguous, sameShape, shapeString, tensor, zerosLike, type Tensor } from '@gradient/tensor';

/**
 * The four update rules of the CS231n-style courses (optim.py), as pure functions: each takes the weights,
 * their gradient and a config, and returns [nextW, nextConfig] without touching its inputs. Missing config
 * entries get the course's defaults, and the returned config carries every entry the next call needs
 * (velocity, cache, m, v, t), so feeding it back continues the same run.
 */

export interface SgdConfig {
  learningRate?: number;
}
export interface SgdMomentumConfig extends SgdConfig {
  momentum?: number;
  velocity?: Tensor;
}
export interface RmspropConfig extends SgdConfig {
  decayRate?: number;
  epsilon?: number;
  cache?: Tensor;
}
export interface AdamConfig extends SgdConfig {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  m?: Tensor;
  v?: Tensor;
  t?: number;
}

/** Any rule's config: what a Solver keeps per parameter. */
export type OptimConfig = SgdConfig & SgdMomentumConfig & RmspropConfig & AdamConfig;

export type UpdateRule<C extends SgdConfig = OptimConfig> = (w: Tensor, dw: Tensor, config?: C) => [Tensor, Required<C>];

/** Row-major data of a tensor that must have w's shape (a fresh read, never written). */
function dataLike(op: string, name: string, w: Tensor, x: Tensor): Float64Array {
  if (!sameShape(w.shape, x.shape)) {
    throw new TensorArgumentError('E_SHAPE', op, name, `shape ${shapeString(w.shape)} (the weights' shape)`, `shape ${shapeString(x.shape)}`);
  }
  return contiguous(x).data;
}

/** w - learningRate * dw. */
export function sgd(w: Tensor, dw: Tensor, config: SgdConfig = {}): [Tensor, Required<SgdConfig>] {
  const learningRate = config.learningRate ?? 1e-2;
  const wd = dataLike('sgd', 'w', w, w);
  const g = dataLike('sgd', 'dw', w, dw);
  const next = new Float64Array(wd.length);
  for (let i = 0; i < next.length; i++) next[i] = wd[i] - learningRate * g[i];
  return [tensor(next, w.shape), { ...config, learningRate }];
}

/** velocity = momentum * velocity - learningRate * dw; w + velocity. */
export function sgdMomentum(w: Tensor, dw: Tensor, config: SgdMomentumConfig = {}): [Tensor, Required<SgdMomentumConfig>] {
  const op = 'sgdMomentum';
  const learningRate = config.learningRate ?? 1e-2;
  const momentum = config.momentum ?? 0.9;
  const wd = dataLike(op, 'w', w, w);
  const g = dataLike(op, 'dw', w, dw);
  const v0 = dataLike(op, 'config.velocity', w, config.velocity ?? zerosLike(w));
  const v = new Float64Array(wd.length);
  const next = new Float64Array(wd.length);
  for (let i = 0; i < next.length; i++) {
    v[i] = momentum * v0[i] - learningRate * g[i];
    next[i] = wd[i] + v[i];
  }
  return [tensor(next, w.shape), { ...config, learningRate, momentum, velocity: tensor(v, w.shape) }];
}

/** cache = decayRate * cache + (1 - decayRate) * dw^2; w - learningRate * dw / (sqrt(cache) + epsilon). */
export function rmsprop(w: Tensor, dw: Tensor, config: RmspropConfig = {}): [Tensor, Required<RmspropConfig>] {
  const op = 'rmsprop';
  const learningRate = config.learningRate ?? 1e-2;
  const decayRate = config.decayRate ?? 0.99;
  const epsilon = config.epsilon ?? 1e-8;
  const wd = dataLike(op, 'w', w, w);
  const g = dataLike(op, 'dw', w, dw);
  const c0 = dataLike(op, 'config.cache', w, config.cache ?? zerosLike(w));
  const cache = new Float64Array(wd.length);
  const next = new Float64Array(wd.length);
  for (let i = 0; i < next.length; i++) {
    cache[i] = decayRate * c0[i] + (1 - decayRate) * g[i] * g[i];
    next[i] = wd[i] - (learningRate * g[i]) / (Math.sqrt(cache[i]) + epsilon);
  }
  return [tensor(next, w.shape), { ...config, learningRate, decayRate, epsilon, cache: tensor(cache, w.shape) }];
}

/**
 * Adam with bias correction as the courses' optim.py: t is incremented first, then
 * m = beta1 m + (1 - beta1) dw, v = beta2 v + (1 - beta2) dw^2, mt = m / (1 - beta1^t), vt = v / (1 - beta2^t),
 * w - learningRate * mt / (sqrt(vt) + epsilon).
 */
export function adam(w: Tensor, dw: Tensor, config: AdamConfig = {}): [Tensor, Required<AdamConfig>] {
  const op = 'adam';
  const learningRate = config.learningRate ?? 1e-3;
  const beta1 = config.beta1 ?? 0.9;
  const beta2 = config.beta2 ?? 0.999;
  const epsilon = config.epsilon ?? 1e-8;
  const t = (config.t ?? 0) + 1;
  const wd = dataLike(op, 'w', w, w);
  const g = dataLike(op, 'dw', w, dw);
  const m0 = dataLike(op, 'config.m', w, config.m ?? zerosLike(w));
  const v0 = dataLike(op, 'config.v', w, config.v ?? zerosLike(w));
  const m = new Float64Array(wd.length);
  const v = new Float64Array(wd.length);
  const next = new Float64Array(wd.length);
  const c1 = 1 - beta1 ** t;
  const c2 = 1 - beta2 ** t;
  for (let i = 0; i < next.length; i++) {
    m[i] = beta1 * m0[i] + (1 - beta1) * g[i];
    v[i] = beta2 * v0[i] + (1 - beta2) * g[i] * g[i];
    const mt = m[i] / c1;
    const vt = v[i] / c2;
    next[i] = wd[i] - (learningRate * mt) / (Math.sqrt(vt) + epsilon);
  }
  return [tensor(next, w.shape), { ...config, learningRate, beta1, beta2, epsilon, m: tensor(m, w.shape), v: tensor(v, w.shape), t }];
}

/** The rules by the courses' names, as a Solver's updateRule option selects them. */
export const updateRules = {
  sgd,
  sgd_momentum: sgdMomentum,
  rmsprop,
  adam,
} as const;

export type UpdateRuleName = keyof typeof updateRules;
