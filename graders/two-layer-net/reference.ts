// The reference solution: the tested ops of @gradient/tensor and the models of @gradient/models under the names
// this assignment's students export. Nothing is reimplemented here; Solver only adds a return value to train().
import { Solver as ModelsSolver } from '@gradient/models';

export { affineForward, affineBackward, reluForward, reluBackward, softmaxLoss, svmLoss } from '@gradient/tensor';
export { TwoLayerNet, FullyConnectedNet, sgd, sgdMomentum, rmsprop, adam } from '@gradient/models';

export interface SolverHistory {
  lossHistory: number[];
  trainAccHistory: number[];
  valAccHistory: number[];
}

/** The course's Solver; train() also returns the histories it recorded, so that a test can compare them. */
export class Solver extends ModelsSolver {
  override train(): SolverHistory {
    super.train();
    return { lossHistory: this.lossHistory, trainAccHistory: this.trainAccHistory, valAccHistory: this.valAccHistory };
  }
}
