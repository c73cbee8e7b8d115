// Images kept in JS memory and made into float32 tensors one batch at a time, so that a whole data set never
// has a second copy in the backend (the wasm heap only grows: 60,000 MNIST images as one tensor were 188 MB
// there on top of the JS copy). A tensor data set still works everywhere a HostImages does.
import * as tf from '@tensorflow/tfjs';

export class HostImages {
  readonly rank: number;
  private readonly rowSize: number;

  /**
   * pixels: N rows of shape.slice(1) values in C order; each value is divided by `divisor` (255 for bytes: the
   * same float32 values as converting the whole set up front, at a quarter of the memory).
   */
  constructor(readonly pixels: Float32Array | Uint8Array, readonly shape: number[], readonly divisor = 1) {
    this.rank = shape.length;
    this.rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
    if (shape.length < 2 || pixels.length !== shape[0] * this.rowSize) {
      throw new RangeError(`HostImages: ${pixels.length} values do not fill shape [${shape.join(', ')}]`);
    }
  }

  /** The rows idx as one float32 tensor [idx.length, ...image]. */
  gather(idx: ArrayLike<number>): tf.Tensor {
    const out = new Float32Array(idx.length * this.rowSize);
    for (let k = 0; k < idx.length; k++) {
      const from = idx[k] * this.rowSize;
      if (this.divisor === 1) out.set(this.pixels.subarray(from, from + this.rowSize), k * this.rowSize);
      else for (let j = 0; j < this.rowSize; j++) out[k * this.rowSize + j] = this.pixels[from + j] / this.divisor;
    }
    return tf.tensor(out, [idx.length, ...this.shape.slice(1)]);
  }

  /** Rows start..start+size-1. */
  slice(start: number, size: number): tf.Tensor {
    return this.gather(Int32Array.from({ length: size }, (_, i) => start + i));
  }
}

export type ImageRows = tf.Tensor | HostImages;

export function gatherRows(x: ImageRows, idx: Int32Array): tf.Tensor {
  return x instanceof HostImages ? x.gather(idx) : tf.tidy(() => tf.gather(x, tf.tensor1d(idx, 'int32')));
}

export function sliceRows(x: ImageRows, start: number, size: number): tf.Tensor {
  // a begin/size shorter than the rank leaves the other axes whole, so any rank slices the same way
  return x instanceof HostImages ? x.slice(start, size) : tf.slice(x, [start], [size]);
}
