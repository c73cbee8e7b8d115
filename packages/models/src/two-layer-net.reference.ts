/* Test support: what scripts/numpy_two_layer_reference.py computed with NumPy. Tests only; not exported. */
import { readFileSync } from 'node:fs';

export interface TwoLayerReference {
  numpy: string;
  toy: { W1: number[][]; W2: number[][]; X: number[][]; y: number[]; scores: number[][]; lossReg005: number; lossReg0: number };
  linspace: { scores: number[][]; lossReg0: number; lossReg1: number };
  training: {
    modelSeed: number;
    dataSeed: number;
    N: number;
    D: number;
    H: number;
    C: number;
    std: number;
    config: { learningRate: number; learningRateDecay: number; reg: number; numIters: number; batchSize: number };
    X: number[][];
    y: number[];
    Xval: number[][];
    yval: number[];
    batches: number[][];
    loss: number[];
    trainAcc: number[];
    valAcc: number[];
    finalW1: number[][];
  };
}

export const loadTwoLayerReference = (): TwoLayerReference =>
  JSON.parse(readFileSync(new URL('./__reference__/two-layer-net.json', import.meta.url), 'utf8')) as TwoLayerReference;
