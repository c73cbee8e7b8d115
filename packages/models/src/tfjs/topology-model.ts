// The trusted side of a student's model: the Keras-style JSON that model.toJSON() writes is data, and this
// file turns it back into a tfjs model without ever running student code. The JSON is walked here before
// tfjs sees it, so that a class tfjs would look up in its registry (layers, initializers, regularizers,
// constraints) can only be one of its built-ins, and a broken field is reported with the layer it sits in.
// Every weight is then re-drawn from the grader's seed, so a seed written into the topology cannot matter.
import * as tf from '@tensorflow/tfjs';

/** A user-facing problem with a topology (student data): the message names the layer and the field. */
export class TopologyError extends Error {
  /** 1-based index of the layer in the topology's layer list, when the problem is in one layer. */
  readonly layer?: number;
  constructor(message: string, layer?: number) {
    super(message);
    this.name = 'TopologyError';
    this.layer = layer;
  }
}

/** The model classes a topology may have at its top (Keras 2 writes 'Functional' for tfjs's 'Model'). */
export const MODEL_CLASSES: readonly string[] = ['Sequential', 'Model', 'Functional'];

/**
 * tfjs 4.22's built-in layers the trainer accepts. Left out, with the reason given to the student:
 * recurrent layers and wrappers (their weights sit in nested cells), nested models, and the noise layers
 * (GaussianNoise, GaussianDropout, AlphaDropout) and RandomWidth, which draw unseeded random numbers in
 * training, so runs would not repeat.
 */
export const LAYER_CLASSES: readonly string[] = [
  'InputLayer', 'Dense', 'Flatten', 'Reshape', 'Permute', 'RepeatVector', 'Activation', 'Masking', 'Embedding',
  'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'Conv3DTranspose', 'SeparableConv2D', 'DepthwiseConv2D',
  'Cropping2D', 'UpSampling2D', 'ZeroPadding2D',
  'MaxPooling1D', 'AveragePooling1D', 'MaxPooling2D', 'AveragePooling2D', 'MaxPooling3D', 'AveragePooling3D',
  'GlobalAveragePooling1D', 'GlobalMaxPooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D',
  'Dropout', 'SpatialDropout1D', 'BatchNormalization', 'LayerNormalization',
  'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax',
  'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate', 'Dot',
  'Rescaling', 'CenterCrop', 'Resizing',
];

const REFUSED_BUILTINS: Record<string, string> = {
  ...Object.fromEntries(['RNN', 'SimpleRNN', 'GRU', 'LSTM', 'SimpleRNNCell', 'GRUCell', 'LSTMCell', 'StackedRNNCells',
    'ConvLSTM2D', 'ConvLSTM2DCell', 'TimeDistributed', 'Bidirectional'].map((c) => [c, 'recurrent layers and wrappers are not supported'])),
  ...Object.fromEntries(['GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'RandomWidth']
    .map((c) => [c, 'it draws unseeded random numbers in training, so runs would not repeat; use Dropout'])),
  ...Object.fromEntries(MODEL_CLASSES.map((c) => [c, 'a model nested as a layer is not supported; list its layers instead'])),
};

export const INITIALIZER_CLASSES: readonly string[] = [
  'Zeros', 'Ones', 'Constant', 'RandomUniform', 'RandomNormal', 'TruncatedNormal', 'Identity', 'VarianceScaling',
  'GlorotUniform', 'GlorotNormal', 'HeNormal', 'HeUniform', 'LeCunNormal', 'LeCunUniform', 'Orthogonal',
];
export const REGULARIZER_CLASSES: readonly string[] = ['L1L2'];
export const CONSTRAINT_CLASSES: readonly string[] = ['MaxNorm', 'UnitNorm', 'NonNeg', 'MinMaxNorm'];

/** The layer classes (and initializer/regularizer/constraint classes) a topology may name: tfjs's built-ins. */
export const BUILTIN_LAYER_CLASSES: readonly string[] = [
  ...LAYER_CLASSES, ...INITIALIZER_CLASSES, ...REGULARIZER_CLASSES, ...CONSTRAINT_CLASSES,
];

export const MAX_LAYERS = 1000;
/** Nesting below a layer's config: Keras configs need 4 (inbound_nodes); 16 is generous and stops a deep bomb. */
export const MAX_DEPTH = 16;
/** A toJSON() text is a few hundred characters per layer; 4 MB leaves room for 1000 layers' configs. */
export const MAX_TOPOLOGY_CHARS = 4_000_000;
/** Parameters a model may have when the caller gives no limit: 100M float32 weights are 400 MB. */
export const DEFAULT_MAX_PARAMS = 100_000_000;
/** Values (objects, arrays, scalars) in a topology object handed in already parsed. */
const MAX_NODES = 500_000;
/** Elements of one example at the input: 16M floats (64 MB) is far beyond any coursework image. */
const MAX_INPUT_ELEMENTS = 1 << 24;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A student's name or class in a message, cut when it is long (a hostile topology may make it megabytes). */
const clip = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}...` : s);
const show = (v: unknown): string => {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** "layer 3 'my_layer' (MyLayer)", the prefix of every message about one layer. */
function describeLayer(index: number, layer: unknown): string {
  const name = isObject(layer) ? ((isObject(layer.config) ? layer.config.name : undefined) ?? layer.name) : undefined;
  const cls = isObject(layer) && typeof layer.class_name === 'string' ? ` (${clip(layer.class_name)})` : '';
  return `layer ${index} ${typeof name === 'string' ? `'${clip(name)}'` : '(no name)'}${cls}`;
}

function parseTopology(topology: unknown): Json {
  let value = topology;
  if (typeof value === 'string') {
    if (value.length > MAX_TOPOLOGY_CHARS) {
      throw new TopologyError(`the topology is ${value.length} characters long; at most ${MAX_TOPOLOGY_CHARS} are accepted`);
    }
    try {
      value = JSON.parse(value);
    } catch (e) {
      throw new TopologyError(`the topology is not valid JSON: ${(e as Error).message}`);
    }
  }
  // tfjs's model.json artifacts wrap the topology in { modelTopology, weightsManifest }.
  if (isObject(value) && isObject(value.modelTopology)) value = value.modelTopology;
  if (!isObject(value)) throw new TopologyError(`the topology must be a JSON object (model.toJSON()'s output), got ${show(value)}`);
  return value;
}

interface WalkState { nodes: number }

/** Checks every value under a layer's config: depth, size, and the class of every nested class_name object. */
function walkConfig(value: unknown, path: string, depth: number, where: string, layer: number | undefined, state: WalkState): void {
  if (++state.nodes > MAX_NODES) throw new TopologyError(`the topology has more than ${MAX_NODES} values`, layer);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TopologyError(`${where}: ${path} must be a finite number`, layer);
  if (typeof value === 'string') checkNamedClass(value, path, where, layer);
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH) throw new TopologyError(`${where}: ${path} is nested more than ${MAX_DEPTH} levels deep`, layer);
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkConfig(v, `${path}[${i}]`, depth + 1, where, layer, state));
    return;
  }
  if ('class_name' in value) checkNestedClass(value as Json, path, where, layer);
  for (const [key, v] of Object.entries(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw new TopologyError(`${where}: ${path} has the key '${key}', which is not allowed`, layer);
    walkConfig(v, `${path}.${key}`, depth + 1, where, layer, state);
  }
}

const CLASS_KINDS: [string, readonly string[]][] = [['_initializer', INITIALIZER_CLASSES], ['_regularizer', REGULARIZER_CLASSES], ['_constraint', CONSTRAINT_CLASSES]];
const kindOf = (path: string) => {
  const key = path.slice(path.lastIndexOf('.') + 1);
  return CLASS_KINDS.find(([suffix]) => key.endsWith(suffix));
};

/** tfjs also takes an initializer, regularizer or constraint by name ('glorotUniform', 'zeros'); any class's name would be looked up. */
function checkNamedClass(name: string, path: string, where: string, layer: number | undefined): void {
  const kind = kindOf(path);
  if (!kind || kind[1].some((c) => c.toLowerCase() === name.toLowerCase())) return;
  throw new TopologyError(`${where}: ${path} is '${clip(name)}', which is not a tfjs built-in ${kind[0].slice(1)}; expected one of ${kind[1].join(', ')}`, layer);
}

function checkNestedClass(obj: Json, path: string, where: string, layer: number | undefined): void {
  const kind = kindOf(path);
  const cls = obj.class_name;
  if (!kind) throw new TopologyError(`${where}: ${path} names a class (${show(cls)}) where none is expected`, layer);
  const what = kind[0].slice(1);
  if (typeof cls !== 'string') throw new TopologyError(`${where}: ${path}.class_name must be a string naming a tfjs ${what}, got ${show(cls)}`, layer);
  if (!kind[1].includes(cls)) {
    throw new TopologyError(`${where}: ${path} is class '${clip(cls)}', which is not a tfjs built-in ${what} (custom classes are not supported); expected one of ${kind[1].join(', ')}`, layer);
  }
  if (obj.config !== undefined && !isObject(obj.config)) throw new TopologyError(`${where}: ${path}.config must be an object, got ${show(obj.config)}`, layer);
}

function checkInputShape(shape: unknown, where: string, field: string, layer: number): void {
  if (shape === undefined || shape === null) return;
  if (!Array.isArray(shape) || shape.length < 1 || shape.length > 6) {
    throw new TopologyError(`${where}: config.${field} must be a list of 1 to 6 dimensions, got ${show(shape)}`, layer);
  }
  const dims = field === 'batch_input_shape' ? shape.slice(1) : shape;
  let elements = 1;
  for (const d of dims) {
    if (d === null) continue;
    if (!Number.isInteger(d) || (d as number) < 1) throw new TopologyError(`${where}: config.${field} has dimension ${show(d)}; expected positive integers`, layer);
    elements *= d as number;
  }
  if (elements > MAX_INPUT_ELEMENTS) throw new TopologyError(`${where}: config.${field} ${show(shape)} is ${elements} values per example; at most ${MAX_INPUT_ELEMENTS} are accepted`, layer);
}

/** The checks of one layer entry. */
function checkLayer(entry: unknown, index: number, functional: boolean, state: WalkState): void {
  const where = describeLayer(index, entry);
  if (!isObject(entry)) throw new TopologyError(`${where}: must be an object with class_name and config, got ${show(entry)}`, index);
  const cls = entry.class_name;
  if (typeof cls !== 'string' || cls === '') throw new TopologyError(`${where}: class_name must be a layer class name, got ${show(cls)}`, index);
  if (!LAYER_CLASSES.includes(cls)) {
    const name = clip(isObject(entry.config) && typeof entry.config.name === 'string' ? entry.config.name : String(entry.name ?? '(no name)'));
    const reason = Object.hasOwn(REFUSED_BUILTINS, cls) ? REFUSED_BUILTINS[cls] : undefined;
    if (reason) throw new TopologyError(`layer ${index} '${name}' is class '${cls}': ${reason}`, index);
    throw new TopologyError(`custom layers are not supported: layer ${index} '${name}' is class '${clip(cls)}'`, index);
  }
  if (!isObject(entry.config)) throw new TopologyError(`${where}: config must be an object, got ${show(entry.config)}`, index);
  if (entry.config.name !== undefined && typeof entry.config.name !== 'string') {
    throw new TopologyError(`${where}: config.name must be a string, got ${show(entry.config.name)}`, index);
  }
  for (const field of ['batch_input_shape', 'input_shape']) checkInputShape(entry.config[field], where, field, index);
  // The trainer feeds float32 images and differentiates every weight: another dtype could only break training.
  if (entry.config.dtype !== undefined && entry.config.dtype !== null && entry.config.dtype !== 'float32') {
    throw new TopologyError(`${where}: config.dtype must be 'float32', got ${show(entry.config.dtype)}`, index);
  }
  if (functional) {
    if (typeof entry.name !== 'string' || entry.name === '') throw new TopologyError(`${where}: name must be the layer's name (a string), got ${show(entry.name)}`, index);
    if (!Array.isArray(entry.inbound_nodes)) throw new TopologyError(`${where}: inbound_nodes must be a list, got ${show(entry.inbound_nodes)}`, index);
    walkConfig(entry.inbound_nodes, 'inbound_nodes', 1, where, index, state);
  }
  walkConfig(entry.config, 'config', 1, where, index, state);
}

/** The layer entries of the topology after its top-level checks. */
function checkTopology(top: Json): { layers: unknown[]; functional: boolean } {
  const cls = top.class_name;
  if (typeof cls !== 'string') throw new TopologyError(`the topology's class_name must be 'Sequential' or 'Model', got ${show(cls)}`);
  if (!MODEL_CLASSES.includes(cls)) {
    throw new TopologyError(`the topology's class_name is '${clip(cls)}'; only Sequential and functional (Model) models are supported`);
  }
  // Sequential configs are { name, layers } today; tfjs also reads the old form, a bare list of layers.
  const config = top.config;
  const layers = Array.isArray(config) && cls === 'Sequential' ? config : isObject(config) ? config.layers : undefined;
  if (!isObject(config) && !(Array.isArray(config) && cls === 'Sequential')) {
    throw new TopologyError(`the topology's config must be an object with the model's layers, got ${show(config)}`);
  }
  if (!Array.isArray(layers)) throw new TopologyError(`the topology's config.layers must be a list of layers, got ${show(layers)}`);
  if (layers.length === 0) throw new TopologyError('the topology has no layers');
  if (layers.length > MAX_LAYERS) throw new TopologyError(`the topology has ${layers.length} layers; at most ${MAX_LAYERS} are accepted`);
  const functional = cls !== 'Sequential';
  const state = { nodes: 0 };
  layers.forEach((layer, i) => checkLayer(layer, i + 1, functional, state));
  if (functional && isObject(config)) {
    for (const field of ['input_layers', 'output_layers']) {
      if (!Array.isArray(config[field]) || (config[field] as unknown[]).length === 0) {
        throw new TopologyError(`the topology's config.${field} must be a non-empty list, got ${show(config[field])}`);
      }
      walkConfig(config[field], `config.${field}`, 1, 'the topology', undefined, state);
    }
    checkGraph(layers as Json[], config);
  }
  return { layers, functional };
}

/**
 * The functional graph before tfjs walks it: tfjs defers a node whose inputs do not exist yet and loops until
 * none is left, so a cycle or a reference to a node that never comes would hang the trainer for good.
 * Node k of a layer needs its inputs and, since a layer's nodes are made in order, node k - 1.
 */
function checkGraph(layers: Json[], config: Json): void {
  const index = new Map<string, number>();
  layers.forEach((l, i) => {
    const name = l.name as string;
    if (index.has(name)) throw new TopologyError(`${describeLayer(i + 1, l)}: the name '${clip(name)}' is also layer ${index.get(name)! + 1}'s; layer names must be unique`, i + 1);
    index.set(name, i);
  });
  const nodeCount = (i: number) => (layers[i].class_name === 'InputLayer' ? 1 : (layers[i].inbound_nodes as unknown[]).length);
  /** The [layer, node] a reference points to, after checking it exists. */
  const resolve = (ref: unknown, where: string, layer: number): [number, number] => {
    if (!Array.isArray(ref) || ref.length < 3 || typeof ref[0] !== 'string') {
      throw new TopologyError(`${where} must be [layer name, node index, tensor index, ...], got ${show(ref)}`, layer || undefined);
    }
    const [name, node, tensor] = ref as [string, unknown, unknown];
    const i = index.get(name);
    if (i === undefined) throw new TopologyError(`${where} names layer '${clip(name)}', which is not in the topology`, layer || undefined);
    if (!Number.isInteger(node) || (node as number) < 0 || (node as number) >= nodeCount(i)) {
      throw new TopologyError(`${where} asks for node ${show(node)} of layer '${clip(name)}', which has ${nodeCount(i)}`, layer || undefined);
    }
    if (tensor !== 0) throw new TopologyError(`${where} asks for output ${show(tensor)} of layer '${clip(name)}'; the supported layers have one output, 0`, layer || undefined);
    return [i, node as number];
  };
  const deps = new Map<string, [number, number][]>();
  layers.forEach((l, i) => {
    const where = describeLayer(i + 1, l);
    (l.inbound_nodes as unknown[]).forEach((node, k) => {
      if (!Array.isArray(node) || node.length === 0) throw new TopologyError(`${where}: inbound_nodes[${k}] must be a non-empty list of inputs, got ${show(node)}`, i + 1);
      const needs = node.map((ref, r) => resolve(ref, `${where}: inbound_nodes[${k}][${r}]`, i + 1));
      deps.set(`${i}:${k}`, k > 0 ? [...needs, [i, k - 1]] : needs);
    });
  });
  for (const field of ['input_layers', 'output_layers']) {
    (config[field] as unknown[]).forEach((ref, r) => {
      const [i] = resolve(ref, `the topology's config.${field}[${r}]`, 0);
      if (field === 'input_layers' && layers[i].class_name !== 'InputLayer') {
        throw new TopologyError(`the topology's config.input_layers[${r}] names layer '${clip(String(layers[i].name))}', a ${layers[i].class_name}, not an InputLayer`);
      }
    });
  }
  // Iterative depth-first search: 0 unseen, 1 on the current path, 2 done.
  const state = new Map<string, number>();
  for (const start of deps.keys()) {
    if (state.get(start) === 2) continue;
    const stack: [string, number][] = [[start, 0]];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const next = (deps.get(top[0]) ?? [])[top[1]++];
      if (next === undefined) {
        state.set(top[0], 2);
        stack.pop();
        continue;
      }
      const key = `${next[0]}:${next[1]}`;
      if (state.get(key) === 1) {
        const i = next[0];
        throw new TopologyError(`${describeLayer(i + 1, layers[i])}: its inputs lead back to itself (a cycle); a model's graph must flow one way`, i + 1);
      }
      if (state.get(key) === undefined) {
        state.set(key, 1);
        stack.push([key, 0]);
      }
    }
  }
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/**
 * Only class_name and config reach tfjs: modelFromJSON would also read weightsManifest and pathPrefix from
 * the same object and fetch weight files from wherever they point.
 */
async function build(top: Json): Promise<tf.LayersModel> {
  const topology = { class_name: top.class_name, config: top.config };
  return tf.models.modelFromJSON(topology as Parameters<typeof tf.models.modelFromJSON>[0]);
}

/**
 * The topology with every initializer replaced by Zeros. Building it costs next to nothing even for a huge
 * model (zero-filled typed arrays are not touched, so the OS does not commit their pages), which lets the
 * parameter count be checked before any weight is really drawn.
 */
function zeroInitialized(top: Json): Json {
  const zero = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(zero);
    if (!isObject(v)) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) =>
      [k, k.endsWith('_initializer') && isObject(x) ? { class_name: 'Zeros', config: {} } : zero(x)]));
  };
  return zero(top) as Json;
}

/**
 * tfjs's error, for a Sequential model with the first layer that fails: the shortest failing prefix of the
 * layer list, found by bisection (a prefix fails if a shorter one does), so 1000 layers take 10 builds.
 */
async function explainBuildFailure(top: Json, layers: unknown[], functional: boolean, error: unknown): Promise<TopologyError> {
  if (functional) return new TopologyError(`tfjs cannot build the model from the topology: ${firstLine(error)}`);
  const failure = async (k: number): Promise<unknown> => {
    try {
      (await build({ class_name: top.class_name, config: { ...(isObject(top.config) ? top.config : {}), layers: layers.slice(0, k) } })).dispose();
      return undefined;
    } catch (e) {
      return e ?? new Error(String(e));
    }
  };
  let [lo, hi, firstError] = [1, layers.length, error];
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const e = await failure(mid);
    if (e === undefined) lo = mid + 1;
    else [hi, firstError] = [mid, e];
  }
  return new TopologyError(`${describeLayer(lo, layers[lo - 1])}: tfjs cannot build it: ${firstLine(firstError)}`, lo);
}

/** 32-bit mix of (seed, layer, weight): distinct streams for every weight, fixed by the grader's seed. */
export function weightSeed(seed: number, layer: number, weight: number): number {
  let h = Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(layer + 1, 0x85ebca77) ^ Math.imul(weight + 1, 0xc2b2ae3d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

// A weight's name ends in what tfjs calls it; the layer keeps the initializer under <camelCase>Initializer,
// except for the separable/depthwise kernels.
const INITIALIZER_FIELD: Record<string, string> = { depthwise_kernel: 'depthwiseInitializer', pointwise_kernel: 'pointwiseInitializer' };
const initializerField = (weightName: string) =>
  INITIALIZER_FIELD[weightName] ?? `${weightName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}Initializer`;

interface SeededInitializer { seed?: number; apply(shape: number[], dtype?: tf.DataType): tf.Tensor }

/** Draws every weight again from its layer's initializer with the seed weightSeed(seed, layer, weight). */
export function reinitializeWeights(model: tf.LayersModel, seed: number): void {
  model.layers.forEach((layer, li) => {
    layer.weights.forEach((w, wi) => {
      const short = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      const init = (layer as unknown as Record<string, SeededInitializer | undefined>)[initializerField(short)];
      if (!init || typeof init.apply !== 'function') {
        throw new TopologyError(`layer ${li + 1} '${layer.name}' (${layer.getClassName()}): no initializer found for its weight '${short}'`, li + 1);
      }
      init.seed = weightSeed(seed, li, wi);
      const value = init.apply(w.shape as number[], w.dtype);
      w.write(value);
      value.dispose();
    });
  });
  seedDropoutLayers(model, seed);
}

/** Dropout layers' base seeds from (seed, layer index); the trainer adds the step to them. */
export function seedDropoutLayers(model: tf.LayersModel, seed: number): void {
  model.layers.forEach((layer, li) => {
    if (layer.getClassName() === 'Dropout' || layer.getClassName() === 'SpatialDropout1D') {
      const l = layer as unknown as { seed?: number; baseSeed?: number };
      l.seed = weightSeed(seed, li, -1);
      l.baseSeed = l.seed;
    }
  });
}

export interface TopologyOptions {
  /** Refuse a model with more parameters, before its weights are drawn (default DEFAULT_MAX_PARAMS). */
  maxParams?: number;
}

/**
 * Rebuilds a Sequential or functional model from model.toJSON() output (a parsed object or the JSON text),
 * built-in classes only, then re-initializes every weight deterministically from `seed`.
 */
export async function modelFromTopology(topology: unknown, seed: number, opts: TopologyOptions = {}): Promise<tf.LayersModel> {
  if (!Number.isInteger(seed)) throw new RangeError(`modelFromTopology: seed must be an integer, got ${seed}`);
  const maxParams = opts.maxParams ?? DEFAULT_MAX_PARAMS;
  const top = parseTopology(topology);
  const { layers, functional } = checkTopology(top);
  const dry = zeroInitialized(top);
  let params: number;
  try {
    const probe = await build(dry);
    params = probe.countParams();
    probe.dispose();
  } catch (e) {
    throw await explainBuildFailure(dry, zeroInitialized({ layers }).layers as unknown[], functional, e);
  }
  if (params > maxParams) {
    throw new TopologyError(`the model has ${params.toLocaleString('en-US')} parameters; at most ${maxParams.toLocaleString('en-US')} are allowed`);
  }
  let model: tf.LayersModel;
  try {
    model = await build(top);
  } catch (e) {
    // The initializers themselves (e.g. Identity on a matrix that is not square): only now can they fail.
    throw new TopologyError(`tfjs cannot initialize the model: ${firstLine(e)}`);
  }
  try {
    tf.tidy(() => reinitializeWeights(model, seed));
  } catch (e) {
    model.dispose();
    throw e instanceof TopologyError ? e : new TopologyError(`cannot initialize the model's weights: ${firstLine(e)}`);
  }
  return model;
}

/** The shape of one example at the model's (first) input, without the batch dimension. */
export function modelInputShape(model: tf.LayersModel): number[] {
  if (model.inputs.length !== 1) throw new TopologyError(`the model must have one input (the images), it has ${model.inputs.length}`);
  const shape = model.inputs[0].shape.slice(1);
  if (shape.some((d) => d === null)) throw new TopologyError(`the model's input shape [${shape.join(', ')}] has a free dimension; give the first layer a full inputShape`);
  return shape as number[];
}
