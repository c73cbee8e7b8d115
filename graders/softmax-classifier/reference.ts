// The reference solution: @gradient/models' classes under the names this assignment's students export.
// Nothing is reimplemented here; report() only stays quiet, since the reference runs inside the grader
// (checking every generated set), where its table would be unlabelled noise in the grader's own output.
import { MulticlassSVM, NetSvmClassifier as NetSvm, SoftmaxClassifier as Softmax, softmax } from '@gradient/models';

export class SoftmaxClassifier extends Softmax {
  override report(condition: string): string {
    return super.report(condition, () => {});
  }
}

export class NetSvmClassifier extends NetSvm {
  override report(condition: string): string {
    return super.report(condition, () => {});
  }
}

export { MulticlassSVM, softmax };
