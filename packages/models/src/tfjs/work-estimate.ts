// How much a model costs before it is trained: parameters and floating-point operations of one forward pass
// for one example, counted from the layers' shapes, so a budget can refuse a model without running it.
// A multiply-add counts 2. Convolutions and dense layers count exactly (no FFT or Winograd tricks assumed);
// the rest is approximate: pooling reads its window once per output, batch normalization scales and
// shifts (2 per output), reshapes are free, any other layer costs 1 per output value. A bias add and a
// non-linear activation inside a conv/dense layer add 1 per output value each.
import * as tf from '@tensorflow/tfjs';
import { modelInputShape } from './topology-model';

export interface WorkEstimate {
  params: number;
  forwardFlopsPerExample: number;
}

/** Backward is about twice the forward pass (gradients for inputs and for weights), so a step is ~3x. */
export const TRAINING_FLOPS_PER_FORWARD = 3;

/** Floating-point operations of one training epoch over `examples` examples. */
export function trainingFlopsPerEpoch(work: WorkEstimate, examples: number): number {
  return TRAINING_FLOPS_PER_FORWARD * work.forwardFlopsPerExample * examples;
}

type Shape = (number | null)[];
interface LayerConfig {
  kernelSize?: number | number[];
  poolSize?: number | number[];
  filters?: number;
  units?: number;
  depthMultiplier?: number;
  dataFormat?: string;
  useBias?: boolean;
  activation?: string;
}

const elements = (shape: Shape): number => shape.slice(1).reduce<number>((p, d) => p * (d ?? 1), 1);
const product = (v: number | number[] | undefined, rank: number): number =>
  v === undefined ? 1 : Array.isArray(v) ? v.reduce((p, d) => p * d, 1) : v ** rank;

/** Spatial sizes and channels of an N-spatial-dims tensor shape in the layer's data format. */
function split(shape: Shape, channelsFirst: boolean): { spatial: number; channels: number; rank: number } {
  const dims = shape.slice(1).map((d) => d ?? 1);
  const channels = channelsFirst ? dims[0] : dims[dims.length - 1];
  const spatialDims = channelsFirst ? dims.slice(1) : dims.slice(0, -1);
  return { spatial: spatialDims.reduce((p, d) => p * d, 1), channels, rank: spatialDims.length };
}

const CONV = new Set(['Conv1D', 'Conv2D', 'Conv3D']);
const CONV_TRANSPOSE = new Set(['Conv2DTranspose', 'Conv3DTranspose']);
const POOL = new Set(['MaxPooling1D', 'AveragePooling1D', 'MaxPooling2D', 'AveragePooling2D', 'MaxPooling3D', 'AveragePooling3D']);
const GLOBAL_POOL = new Set(['GlobalAveragePooling1D', 'GlobalMaxPooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D']);
const FREE = new Set(['InputLayer', 'Flatten', 'Reshape', 'Permute']);

/** Forward FLOPs of one application of a layer (one inbound node) to one example. */
export function layerFlops(className: string, config: LayerConfig, inputShapes: Shape[], outputShape: Shape): number {
  const out = elements(outputShape);
  const input = inputShapes[0];
  const channelsFirst = config.dataFormat === 'channelsFirst';
  // Bias add and activation inside conv and dense layers.
  const extras = (config.useBias === false ? 0 : out) + (config.activation && config.activation !== 'linear' ? out : 0);
  if (CONV.has(className) || CONV_TRANSPOSE.has(className) || className === 'DepthwiseConv2D' || className === 'SeparableConv2D') {
    const i = split(input, channelsFirst);
    const o = split(outputShape, channelsFirst);
    const window = product(config.kernelSize, i.rank);
    if (CONV.has(className)) return 2 * o.spatial * window * i.channels * o.channels + extras;
    // A transposed convolution scatters each input pixel through the whole kernel.
    if (CONV_TRANSPOSE.has(className)) return 2 * i.spatial * window * i.channels * o.channels + extras;
    const depthwise = 2 * o.spatial * window * i.channels * (config.depthMultiplier ?? 1);
    if (className === 'DepthwiseConv2D') return depthwise + extras;
    return depthwise + 2 * o.spatial * i.channels * (config.depthMultiplier ?? 1) * o.channels + extras;
  }
  if (className === 'Dense') {
    const inFeatures = input[input.length - 1] ?? 1;
    // Dense applies to the last axis; any middle axes repeat the product.
    return 2 * (elements(input) / inFeatures) * inFeatures * (config.units ?? 1) + extras;
  }
  if (POOL.has(className)) return out * product(config.poolSize, split(input, channelsFirst).rank);
  if (GLOBAL_POOL.has(className)) return elements(input);
  if (className === 'BatchNormalization') return 2 * out;
  if (FREE.has(className)) return 0;
  return out;
}

interface InboundNode { inputShapes: Shape | Shape[]; outputShapes: Shape | Shape[] }
const isShapeList = (s: Shape | Shape[]): s is Shape[] => s.length > 0 && Array.isArray(s[0]);

/** Parameters (model.countParams(), non-trainable included) and forward FLOPs per example. */
export function estimateWork(model: tf.LayersModel): WorkEstimate {
  // A free input dimension would count as 1 and hide the real cost: refused (TopologyError) instead.
  modelInputShape(model);
  let flops = 0;
  for (const layer of model.layers) {
    const config = layer.getConfig() as LayerConfig;
    // A layer shared by several calls in a functional model runs once per call (inbound node).
    for (const node of (layer as unknown as { inboundNodes: InboundNode[] }).inboundNodes) {
      const inputs = isShapeList(node.inputShapes) ? node.inputShapes : [node.inputShapes];
      const outputs = isShapeList(node.outputShapes) ? node.outputShapes : [node.outputShapes];
      if (inputs.length === 0 || inputs[0].length === 0) continue;
      for (const output of outputs) flops += layerFlops(layer.getClassName(), config, inputs, output);
    }
  }
  return { params: model.countParams(), forwardFlopsPerExample: flops };
}
