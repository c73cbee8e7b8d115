import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCifar8Layer, buildMnistCnn } from './builders';
import {
  BUILTIN_LAYER_CLASSES, DEFAULT_MAX_PARAMS, MAX_LAYERS, MAX_TOPOLOGY_CHARS, modelFromTopology, modelInputShape, TopologyError,
} from './topology-model';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

type Json = Record<string, any>;
const layerTable = (m: tf.LayersModel) => m.layers.map((l) => [l.getClassName(), l.outputShape, l.countParams()]);
const topologyOf = (m: tf.LayersModel): Json => JSON.parse(JSON.stringify(m.toJSON(null, false)));
const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

async function topologyError(topology: unknown, maxParams?: number): Promise<TopologyError> {
  try {
    const m = await modelFromTopology(topology, 1, { maxParams });
    m.dispose();
  } catch (e) {
    expect(e).toBeInstanceOf(TopologyError);
    return e as TopologyError;
  }
  throw new Error('modelFromTopology accepted the topology');
}

describe('modelFromTopology: round trip of the spec B builders', () => {
  for (const [name, builder, inputShape] of [['mnist-cnn', buildMnistCnn, [28, 28, 1]], ['cifar-8layer', buildCifar8Layer, [32, 32, 3]]] as const) {
    it(`${name}: same layer table, and the same predictions once the builder's weights are copied`, async () => {
      const original = builder(3);
      const rebuilt = await modelFromTopology(JSON.stringify(original.toJSON(null, false)), 11);
      expect(layerTable(rebuilt)).toEqual(layerTable(original));
      expect(rebuilt.countParams()).toBe(original.countParams());
      expect(modelInputShape(rebuilt)).toEqual(inputShape);
      // Re-drawn from the grader's seed, not the builder's: the first kernels differ before the copy.
      expect(weightsOf(rebuilt)[0]).not.toEqual(weightsOf(original)[0]);
      rebuilt.setWeights(original.getWeights());
      const x = tf.randomUniform([3, ...inputShape], 0, 1, 'float32', 5);
      const [p, q] = [original.predict(x) as tf.Tensor, rebuilt.predict(x) as tf.Tensor];
      // The same ops on the same backend in the same order: bit-identical outputs.
      expect(Array.from(q.dataSync())).toEqual(Array.from(p.dataSync()));
      tf.dispose([x, p, q]);
      original.dispose();
      rebuilt.dispose();
    });
  }

  it('rebuilds a functional model (two branches joined by Add)', async () => {
    const input = tf.input({ shape: [6, 6, 2] });
    const a = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'left' }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.conv2d({ filters: 3, kernelSize: 1, name: 'right' }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 4, activation: 'softmax' }).apply(tf.layers.flatten().apply(sum)) as tf.SymbolicTensor;
    const original = tf.model({ inputs: input, outputs: out });
    const rebuilt = await modelFromTopology(original.toJSON(null, false), 2);
    expect(layerTable(rebuilt)).toEqual(layerTable(original));
    expect(rebuilt.getClassName()).toBe('Model');
    original.dispose();
    rebuilt.dispose();
  });

  it('modelInputShape: one input without its batch dimension, else a TopologyError', async () => {
    const [a, b] = [tf.input({ shape: [3] }), tf.input({ shape: [3] })];
    const twoInputs = tf.model({ inputs: [a, b], outputs: tf.layers.add().apply([a, b]) as tf.SymbolicTensor });
    const rebuilt = await modelFromTopology(topologyOf(twoInputs), 1);
    expect(() => modelInputShape(rebuilt)).toThrow(new TopologyError('the model must have one input (the images), it has 2'));
    twoInputs.dispose();
    rebuilt.dispose();
  });
});

describe('modelFromTopology: only the topology is read', () => {
  it('ignores weightsManifest and pathPrefix beside or around the topology (tfjs would fetch weight files)', async () => {
    const t = topologyOf(buildMnistCnn(0));
    const manifest = [{ paths: ['/nonexistent/group1-shard1of1.bin'], weights: [{ name: 'conv2d/kernel', shape: [5, 5, 1, 32], dtype: 'float32' }] }];
    const wrappings = [
      { ...t, weightsManifest: manifest, pathPrefix: 'file:///nonexistent/' },
      { modelTopology: t, weightsManifest: manifest },
      // modelFromJSON reads an object with a modelTopology key as the wrapper, whatever that key holds.
      { ...t, modelTopology: 'x', weightsManifest: manifest, pathPrefix: 'file:///nonexistent/' },
    ];
    for (const wrapped of wrappings) {
      const m = await modelFromTopology(wrapped, 1);
      expect(m.countParams()).toBe(592_074);
      m.dispose();
    }
  });

  it("ignores a model_config beside the checked config (tfjs would build that one instead)", async () => {
    const t = topologyOf(buildMnistCnn(0));
    const other = { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { units: 2, batch_input_shape: [null, 3] } }] } };
    const m = await modelFromTopology({ ...t, model_config: other }, 1);
    expect(m.countParams()).toBe(592_074);
    m.dispose();
  });
});

describe('modelFromTopology: weights drawn from the grader seed', () => {
  let topology: Json;
  beforeAll(() => {
    topology = topologyOf(buildMnistCnn(0));
  });

  it('same seed, same weights; a different seed, different weights (every random weight)', async () => {
    const [a, b, c] = await Promise.all([modelFromTopology(topology, 7), modelFromTopology(topology, 7), modelFromTopology(topology, 8)]);
    expect(weightsOf(b)).toEqual(weightsOf(a));
    const [wa, wc] = [weightsOf(a), weightsOf(c)];
    // Kernels (even positions) are random; biases start at zero whatever the seed.
    a.weights.forEach((w, i) => {
      if (w.originalName.endsWith('kernel')) expect(wc[i]).not.toEqual(wa[i]);
      else expect(wc[i].every((v) => v === 0)).toBe(true);
    });
    [a, b, c].forEach((m) => m.dispose());
  });

  it("a seed written into the topology's initializers changes nothing", async () => {
    const tampered = structuredClone(topology);
    for (const layer of tampered.config.layers) if (layer.config.kernel_initializer) layer.config.kernel_initializer.config.seed = 12345;
    const [a, b] = [await modelFromTopology(topology, 7), await modelFromTopology(tampered, 7)];
    expect(weightsOf(b)).toEqual(weightsOf(a));
    a.dispose();
    b.dispose();
  });

  it("draws each weight from its layer's own initializer config", async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [50], units: 40, kernelInitializer: tf.initializers.randomUniform({ minval: 2, maxval: 3 }), biasInitializer: tf.initializers.constant({ value: 0.5 }) }),
        tf.layers.batchNormalization(),
        tf.layers.dense({ units: 3, kernelInitializer: 'zeros' }),
      ],
    });
    const rebuilt = await modelFromTopology(topologyOf(model), 4);
    const [kernel, bias, gamma, beta, kernel2, , movingMean, movingVariance] = weightsOf(rebuilt);
    expect(kernel.length).toBe(2000);
    expect(kernel.every((v) => v >= 2 && v < 3)).toBe(true);
    expect(new Set(kernel).size).toBeGreaterThan(1900);
    expect(bias.every((v) => v === 0.5)).toBe(true);
    expect([gamma, beta, movingMean, movingVariance].map((w) => new Set(w))).toEqual([new Set([1]), new Set([0]), new Set([0]), new Set([1])]);
    expect(kernel2.every((v) => v === 0)).toBe(true);
    model.dispose();
    rebuilt.dispose();
  });

  it('re-initializes every weighted layer class it accepts (no weight without an initializer)', async () => {
    const image = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 2], filters: 3, kernelSize: 3 }),
        tf.layers.separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2 }),
        tf.layers.depthwiseConv2d({ kernelSize: 2 }),
        tf.layers.conv2dTranspose({ filters: 2, kernelSize: 2 }),
        tf.layers.batchNormalization(),
        tf.layers.layerNormalization(),
        tf.layers.prelu({ alphaInitializer: 'glorotUniform' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3 }),
      ],
    });
    const sequence = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 6 }),
        tf.layers.conv1d({ filters: 3, kernelSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      ],
    });
    const volume = tf.sequential({ layers: [tf.layers.conv3d({ inputShape: [4, 4, 4, 1], filters: 2, kernelSize: 2 })] });
    for (const m of [image, sequence, volume]) {
      const [a, b, c] = [await modelFromTopology(topologyOf(m), 1), await modelFromTopology(topologyOf(m), 1), await modelFromTopology(topologyOf(m), 2)];
      expect(weightsOf(b)).toEqual(weightsOf(a));
      const changed = weightsOf(a).filter((w, i) => JSON.stringify(w) !== JSON.stringify(weightsOf(c)[i]));
      // Every random weight (the kernels, embeddings, PReLU's alpha) moved with the seed.
      expect(changed.length).toBe(a.weights.filter((w) => /kernel|embeddings|alpha/.test(w.originalName)).length);
      [m, a, b, c].forEach((x) => x.dispose());
    }
  });
});

describe('modelFromTopology: refuses what is not a tfjs built-in', () => {
  const mnist = () => topologyOf(buildMnistCnn(0));

  it('the allowed classes are all registered in tfjs (no typo), optimizers are not among them', () => {
    const registered = Object.keys((tf.serialization.SerializationMap as any).getMap().classNameMap);
    for (const cls of BUILTIN_LAYER_CLASSES) expect(registered, cls).toContain(cls);
    for (const cls of ['Adam', 'SGD', 'RMSProp', 'Sequential', 'Model']) expect(BUILTIN_LAYER_CLASSES).not.toContain(cls);
  });

  it("a custom layer class: 'custom layers are not supported' naming the layer and the class", async () => {
    const t = mnist();
    t.config.layers[2] = { class_name: 'MyLayer', config: { name: 'my_layer', rate: 0.2 } };
    const e = await topologyError(t);
    expect(e.message).toBe("custom layers are not supported: layer 3 'my_layer' is class 'MyLayer'");
    expect(e.layer).toBe(3);
    // Names of Object's own members, and a megabyte-long class name, cut short in the message.
    t.config.layers[2] = { class_name: 'constructor', config: { name: 'c' } };
    expect((await topologyError(t)).message).toBe("custom layers are not supported: layer 3 'c' is class 'constructor'");
    t.config.layers[2] = { class_name: 'X'.repeat(1 << 20), config: { name: 'y'.repeat(1 << 20) } };
    expect((await topologyError(t)).message).toBe(`custom layers are not supported: layer 3 '${'y'.repeat(57)}...' is class '${'X'.repeat(57)}...'`);
  });

  it('a class hidden in a nested initializer, regularizer or constraint', async () => {
    const t = mnist();
    t.config.layers[4].config.kernel_initializer = { class_name: 'EvilInit', config: {} };
    const e = await topologyError(t);
    expect(e.message).toMatch(/^layer 5 'dense_Dense\d+' \(Dense\): config\.kernel_initializer is class 'EvilInit', which is not a tfjs built-in initializer/);
    expect(e.layer).toBe(5);
    const r = mnist();
    r.config.layers[0].config.kernel_regularizer = { class_name: 'L1L2', config: { l1: 0, l2: { class_name: 'Sneaky', config: {} } } };
    expect((await topologyError(r)).message).toMatch(/layer 1 .*config\.kernel_regularizer\.config\.l2 names a class \("Sneaky"\) where none is expected/);
    const named = mnist();
    named.config.layers[0].config.bias_initializer = 'Adam';
    expect((await topologyError(named)).message).toMatch(/^layer 1 .*config\.bias_initializer is 'Adam', which is not a tfjs built-in initializer/);
    named.config.layers[0].config.bias_initializer = 'zeros';
    named.config.layers[0].config.kernel_initializer = 'heNormal';
    (await modelFromTopology(named, 1)).dispose();
    const c = mnist();
    c.config.layers[0].config.kernel_constraint = { class_name: 'GlorotUniform', config: {} };
    expect((await topologyError(c)).message).toMatch(/config\.kernel_constraint is class 'GlorotUniform', which is not a tfjs built-in constraint/);
  });

  it('tfjs built-ins the trainer cannot repeat or re-initialize, with the reason', async () => {
    const t = mnist();
    t.config.layers[2].class_name = 'GaussianNoise';
    expect((await topologyError(t)).message).toMatch(/^layer 3 'dropout_Dropout\d+' is class 'GaussianNoise': it draws unseeded random numbers/);
    const r = mnist();
    r.config.layers[3] = { class_name: 'LSTM', config: { name: 'lstm', units: 4 } };
    expect((await topologyError(r)).message).toBe("layer 4 'lstm' is class 'LSTM': recurrent layers and wrappers are not supported");
    const n = mnist();
    n.config.layers[1] = mnist();
    expect((await topologyError(n)).message).toMatch(/^layer 2 'mnist_cnn' is class 'Sequential': a model nested as a layer/);
  });

  it('only Sequential and functional models at the top', async () => {
    const t = mnist();
    t.class_name = 'MyModel';
    expect((await topologyError(t)).message).toMatch(/class_name is 'MyModel'; only Sequential and functional \(Model\)/);
  });
});

describe('modelFromTopology: a parameter limit checked before any weight is drawn', () => {
  it("refuses a model over the caller's limit, with both numbers", async () => {
    const e = await topologyError(topologyOf(buildMnistCnn(0)), 500_000);
    expect(e.message).toBe('the model has 592,074 parameters; at most 500,000 are allowed');
  });

  it('refuses a 923.8M-parameter model under the default limit without allocating its weights', async () => {
    const t = topologyOf(buildMnistCnn(0));
    t.config.layers[4].config.units = 200_000;
    const before = process.memoryUsage().rss;
    const e = await topologyError(t);
    // conv 5*5*32 + 32, dense 4608 -> 200,000 with biases, dense 200,000 -> 10 with biases.
    expect(832 + 4608 * 200_000 + 200_000 + 200_000 * 10 + 10).toBe(923_800_842);
    expect(e.message).toBe(`the model has 923,800,842 parameters; at most ${DEFAULT_MAX_PARAMS.toLocaleString('en-US')} are allowed`);
    // 3.7 GB of weights were never touched: far less than that came into memory.
    expect(process.memoryUsage().rss - before).toBeLessThan(500e6);
  });

  it('an initializer that cannot fit its weight (Identity on a 4x3 kernel)', async () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, kernelInitializer: 'zeros' })] });
    const t = topologyOf(m);
    t.config.layers[0].config.kernel_initializer = { class_name: 'Identity', config: { gain: 1 } };
    expect((await topologyError(t)).message).toMatch(/^tfjs cannot initialize the model: Identity matrix initializer can only be used for 2D square/);
    m.dispose();
  });
});

describe('modelFromTopology: the functional graph is checked before tfjs walks it', () => {
  // input -> a -> b, as model.toJSON() writes it; tfjs loops forever on a graph whose nodes never all resolve.
  const chain = (): Json => ({
    class_name: 'Model',
    config: {
      name: 'm',
      layers: [
        { name: 'in', class_name: 'InputLayer', config: { batch_input_shape: [null, 3], dtype: 'float32', name: 'in' }, inbound_nodes: [] },
        { name: 'a', class_name: 'Dense', config: { units: 3, name: 'a' }, inbound_nodes: [[['in', 0, 0, {}]]] },
        { name: 'b', class_name: 'Dense', config: { units: 3, name: 'b' }, inbound_nodes: [[['a', 0, 0, {}]]] },
      ],
      input_layers: [['in', 0, 0]],
      output_layers: [['b', 0, 0]],
    },
  });

  it('builds the chain, and a layer shared by two calls', async () => {
    (await modelFromTopology(chain(), 1)).dispose();
    const input = tf.input({ shape: [4] });
    const shared = tf.layers.dense({ units: 4, name: 'shared' });
    const twice = tf.model({ inputs: input, outputs: shared.apply(shared.apply(input)) as tf.SymbolicTensor });
    const rebuilt = await modelFromTopology(topologyOf(twice), 1);
    expect(layerTable(rebuilt)).toEqual(layerTable(twice));
    twice.dispose();
    rebuilt.dispose();
  });

  const broken: [string, (t: Json) => void, RegExp][] = [
    ['a cycle (it would hang tfjs)', (t) => { t.config.layers[1].inbound_nodes = [[['b', 0, 0, {}]]]; }, /^layer \d '(a|b)' \(Dense\): its inputs lead back to itself \(a cycle\)/],
    ['a node that never comes (it would hang tfjs)', (t) => { t.config.layers[2].inbound_nodes = [[['a', 3, 0, {}]]]; }, /^layer 3 'b' \(Dense\): inbound_nodes\[0\]\[0\] asks for node 3 of layer 'a', which has 1/],
    ['a layer that is not there', (t) => { t.config.layers[2].inbound_nodes = [[['ghost', 0, 0, {}]]]; }, /inbound_nodes\[0\]\[0\] names layer 'ghost', which is not in the topology/],
    ['a second output', (t) => { t.config.output_layers = [['b', 0, 1]]; }, /config\.output_layers\[0\] asks for output 1 of layer 'b'/],
    ['two layers of one name', (t) => { t.config.layers[2].name = 'a'; }, /^layer 3 'b' \(Dense\): the name 'a' is also layer 2's/],
    ['an input that is not an InputLayer', (t) => { t.config.input_layers = [['a', 0, 0]]; }, /input_layers\[0\] names layer 'a', a Dense, not an InputLayer/],
  ];
  for (const [what, breakIt, message] of broken) {
    it(what, async () => {
      const t = chain();
      breakIt(t);
      expect((await topologyError(t)).message).toMatch(message);
    });
  }
});

describe('modelFromTopology: garbage in, a clear TopologyError out', () => {
  const mnist = () => topologyOf(buildMnistCnn(0));
  const cases: [string, () => unknown, RegExp][] = [
    ['text that is not JSON', () => '{"class_name": "Sequential", ', /not valid JSON/],
    ['a number', () => 42, /must be a JSON object .* got 42/],
    ['null', () => null, /must be a JSON object .* got null/],
    ['no class_name', () => ({ config: { layers: [] } }), /class_name must be 'Sequential' or 'Model', got nothing/],
    ['no config', () => ({ class_name: 'Sequential' }), /config must be an object .* got nothing/],
    ['layers not a list', () => ({ class_name: 'Sequential', config: { layers: 'dense' } }), /config\.layers must be a list of layers, got "dense"/],
    ['no layers', () => ({ class_name: 'Sequential', config: { layers: [] } }), /has no layers/],
    ['a layer that is not an object', () => { const t = mnist(); t.config.layers[1] = 'conv'; return t; }, /^layer 2 \(no name\): must be an object/],
    ['a layer without config', () => { const t = mnist(); delete t.config.layers[3].config; return t; }, /^layer 4 \(no name\) \(Flatten\): config must be an object, got nothing/],
    ['a class_name that is not a string', () => { const t = mnist(); t.config.layers[0].class_name = 7; return t; }, /^layer 1 'conv2d_Conv2D\d+': class_name must be a layer class name, got 7/],
    ['a bad input shape', () => { const t = mnist(); t.config.layers[0].config.batch_input_shape = [null, 28, -1, 1]; return t; }, /^layer 1 .*config\.batch_input_shape has dimension -1/],
    ['a dtype other than float32', () => { const t = mnist(); t.config.layers[0].config.dtype = 'int32'; return t; }, /^layer 1 .*config\.dtype must be 'float32', got "int32"/],
    ['a huge input', () => { const t = mnist(); t.config.layers[0].config.batch_input_shape = [null, 100000, 100000, 3]; return t; }, /values per example; at most/],
    ['a __proto__ key', () => JSON.parse(JSON.stringify(mnist()).replace('"filters":32', '"__proto__":{"units":5},"filters":32')), /^layer 1 .*config has the key '__proto__'/],
    ['a bad field value tfjs rejects', () => { const t = mnist(); t.config.layers[4].config.units = -3; return t; }, /^layer 5 'dense_Dense\d+' \(Dense\): tfjs cannot build it: Expected units to be a positive integer/],
    ['an unknown activation', () => { const t = mnist(); t.config.layers[5].config.activation = 'sparkle'; return t; }, /^layer 6 .*\(Dense\): tfjs cannot build it: Unknown activation: sparkle/],
    ['a functional layer without inbound_nodes', () => {
      const input = tf.input({ shape: [3] });
      const t = topologyOf(tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor }));
      delete t.config.layers[1].inbound_nodes;
      return t;
    }, /^layer 2 'dense_Dense\d+' \(Dense\): inbound_nodes must be a list, got nothing/],
    ['a bad layer deep in a long model (found by bisection)', () => {
      const layers = Array.from({ length: 999 }, (_, i) => ({ class_name: 'Dense', config: { name: `d${i + 1}`, units: 2, ...(i === 0 ? { batch_input_shape: [null, 2] } : {}) } }));
      layers[599].config.units = 0;
      return { class_name: 'Sequential', config: { name: 'long', layers } };
    }, /^layer 600 'd600' \(Dense\): tfjs cannot build it: Expected units to be a positive integer, but got 0/],
    ['too many layers', () => ({ class_name: 'Sequential', config: { layers: Array.from({ length: MAX_LAYERS + 1 }, () => ({ class_name: 'Flatten', config: {} })) } }), /1001 layers; at most 1000/],
    ['nesting too deep', () => { const t = mnist(); let o: Json = {}; t.config.layers[3].config.deep = o; for (let i = 0; i < 40; i++) o = o.a = {}; return t; }, /^layer 4 .*config\.deep(\.a)+ is nested more than 16 levels deep/],
    ['a topology text too long', () => ' '.repeat(MAX_TOPOLOGY_CHARS + 1), /characters long; at most 4000000/],
  ];
  for (const [what, topology, message] of cases) {
    it(what, async () => expect((await topologyError(topology())).message).toMatch(message));
  }
});
