/*
 * Parameter and activation counts for a stack of layers on a channels-last input [H, W, C]
 * (a flattened input is [N]). Output sides follow the frameworks: floor((n + 2p - k) / s) + 1 for
 * explicit or 'valid' (p = 0) padding, ceil(n / s) for 'same'.
 *
 * Conventions that published answers disagree on, made explicit:
 * - conv `connectionTable`: the number of input maps each filter sees (LeNet-5's C3 uses LeCun et
 *   al. 1998's partial table, 6x3 + 9x4 + 1x6 = 60 maps, 1516 params). Without it every filter sees
 *   every input channel, as Keras/PyTorch build it (C3: 16 * (5*5*6 + 1) = 2416).
 * - pool `trainable`: LeNet-5's subsampling layers have one coefficient and one bias per map
 *   (2 per channel); max/average pooling in today's frameworks has none (the default).
 * - batchnorm: 4 params per channel (gamma, beta, moving mean, moving variance), 2 trainable,
 *   as Keras' summary counts them.
 */

export type LayerPadding = 'valid' | 'same' | number;

export type LayerSpec =
  | { type: 'conv'; name?: string; filters: number; kernel: number; stride?: number; padding?: LayerPadding; bias?: boolean; connectionTable?: readonly number[] }
  | { type: 'pool'; name?: string; size: number; stride?: number; padding?: LayerPadding; trainable?: boolean }
  | { type: 'dense'; name?: string; units: number; bias?: boolean }
  | { type: 'batchnorm'; name?: string }
  | { type: 'flatten'; name?: string };

export interface LayerCount {
  name: string;
  type: LayerSpec['type'];
  outputShape: number[];
  /** Number of values the layer outputs (the product of outputShape). */
  activations: number;
  params: number;
  trainableParams: number;
}

export interface NetworkCount {
  layers: LayerCount[];
  params: number;
  trainableParams: number;
  /** Activations of all layers but flatten (a reshape of values already counted); the input not included. */
  activations: number;
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function positive(op: string, name: string, v: number, min = 1): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${op}: ${name} must be an integer >= ${min}, got ${v}`);
}

function outputSide(op: string, n: number, k: number, s: number, padding: LayerPadding): number {
  if (padding === 'same') return Math.ceil(n / s);
  const p = padding === 'valid' ? 0 : padding;
  positive(op, 'padding', p, 0);
  const out = Math.floor((n + 2 * p - k) / s) + 1;
  if (out < 1) throw new RangeError(`${op}: kernel ${k} does not fit side ${n} with padding ${p}`);
  return out;
}

function spatial(op: string, shape: readonly number[]): [number, number, number] {
  if (shape.length !== 3) throw new RangeError(`${op}: needs an [H, W, C] input, got [${shape.join(', ')}] (flatten comes after)`);
  return [shape[0], shape[1], shape[2]];
}

function countLayer(layer: LayerSpec, input: readonly number[]): Omit<LayerCount, 'name' | 'type' | 'activations'> {
  switch (layer.type) {
    case 'conv': {
      const [h, w, c] = spatial('conv', input);
      const { filters, kernel, stride = 1, padding = 'valid', bias = true, connectionTable } = layer;
      positive('conv', 'filters', filters);
      positive('conv', 'kernel', kernel);
      positive('conv', 'stride', stride);
      let maps = filters * c;
      if (connectionTable !== undefined) {
        if (connectionTable.length !== filters) throw new RangeError(`conv: connectionTable has ${connectionTable.length} entries for ${filters} filters`);
        connectionTable.forEach((m, i) => {
          if (!Number.isInteger(m) || m < 1 || m > c) throw new RangeError(`conv: connectionTable[${i}] must be in 1..${c}, got ${m}`);
        });
        maps = connectionTable.reduce((a, b) => a + b, 0);
      }
      const params = kernel * kernel * maps + (bias ? filters : 0);
      return { outputShape: [outputSide('conv', h, kernel, stride, padding), outputSide('conv', w, kernel, stride, padding), filters], params, trainableParams: params };
    }
    case 'pool': {
      const [h, w, c] = spatial('pool', input);
      const { size, stride = size, padding = 'valid', trainable = false } = layer;
      positive('pool', 'size', size);
      positive('pool', 'stride', stride);
      const params = trainable ? 2 * c : 0;
      return { outputShape: [outputSide('pool', h, size, stride, padding), outputSide('pool', w, size, stride, padding), c], params, trainableParams: params };
    }
    case 'dense': {
      if (input.length !== 1) throw new RangeError(`dense: needs a flat input, got [${input.join(', ')}] (add a flatten layer)`);
      positive('dense', 'units', layer.units);
      const params = input[0] * layer.units + (layer.bias === false ? 0 : layer.units);
      return { outputShape: [layer.units], params, trainableParams: params };
    }
    case 'batchnorm': {
      const channels = input[input.length - 1];
      return { outputShape: [...input], params: 4 * channels, trainableParams: 2 * channels };
    }
    case 'flatten':
      return { outputShape: [product(input)], params: 0, trainableParams: 0 };
  }
}

export function countLayers(inputShape: readonly number[], layers: readonly LayerSpec[]): NetworkCount {
  inputShape.forEach((d, i) => positive('countLayers', `inputShape[${i}]`, d));
  let shape: readonly number[] = inputShape;
  const counted = layers.map((layer, i) => {
    const c = countLayer(layer, shape);
    shape = c.outputShape;
    return { name: layer.name ?? `${layer.type}_${i + 1}`, type: layer.type, activations: product(c.outputShape), ...c };
  });
  const sum = (f: (c: LayerCount) => number): number => counted.reduce((a, c) => a + f(c), 0);
  return { layers: counted, params: sum((c) => c.params), trainableParams: sum((c) => c.trainableParams), activations: sum((c) => (c.type === 'flatten' ? 0 : c.activations)) };
}
