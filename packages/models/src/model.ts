import type { Tensor } from '@gradient/tensor';

/** Class labels, one per row of X. */
export type ModelLabels = ArrayLike<number>;

export interface LossAndGrads {
  loss: number;
  /** One gradient per entry of params, with the same names and shapes. */
  grads: Record<string, Tensor>;
}

/**
 * What the Solver trains: named parameter tensors, updated in place or replaced by name, and a loss that
 * returns the scores [N, C] without labels (test mode) and the loss with its gradients with labels (train mode).
 */
export interface Model {
  params: Record<string, Tensor>;
  loss(X: Tensor): Tensor;
  loss(X: Tensor, y: ModelLabels): LossAndGrads;
}
