// structure tests: the student's model builder runs here, and what comes back is data only: the model's
// Keras-style topology JSON (what tfjs's model.toJSON() writes) and, per layer, its class, output shape,
// parameter count and plain config values. The grader compares them; it never receives the model itself.
import type { TopologyCall, WireValue } from '../protocol';
import { BadReturn } from './bad-return';
import { fromWire } from './from-wire';
import { apply, isArray, NativePromise, ownKeys, sliceText, toJson } from './intrinsics';
import { toWire } from './to-wire';

/** A real topology of a course model is a few kB; 1 MB leaves room for any model a course builds. */
export const MAX_TOPOLOGY_CHARS = 1024 * 1024;
const MAX_LAYERS = 1000;
/** A reply's strings are capped (wire-check.ts WIRE_LIMITS.stringChars): the topology travels in pieces this long. */
const CHUNK_CHARS = 8192;

type Layerish = { getClassName?: unknown; name?: unknown; outputShape?: unknown; countParams?: unknown; getConfig?: unknown };

/** Numbers, strings, booleans, null and flat lists of them: activation, filters, kernelSize, strides, units... */
function plainConfig(config: unknown, where: string): Record<string, WireValue> {
  const out: Record<string, WireValue> = {};
  if (config === null || typeof config !== 'object') return out;
  const keys = ownKeys(config);
  for (let i = 0; i < keys.length && i < 100; i++) {
    const v = (config as Record<string, unknown>)[keys[i]];
    const scalar = (x: unknown) => x === null || typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean';
    if (scalar(v) || (isArray(v) && v.length <= 32 && v.every(scalar))) out[keys[i]] = toWire(v, `${where}.${keys[i]}`);
  }
  return out;
}

function call(layer: Layerish, method: 'getClassName' | 'countParams' | 'getConfig', where: string): unknown {
  const f = layer[method];
  if (typeof f !== 'function') throw new BadReturn(`${where} has no ${method}(): return a tf.LayersModel (tf.sequential() or tf.model())`);
  return apply(f, layer, []);
}

export async function modelTopology(fn: (...args: unknown[]) => unknown, req: TopologyCall): Promise<WireValue> {
  let model = apply(fn, undefined, fromWire(req.args) as unknown[]) as unknown;
  if (model instanceof NativePromise) model = await model;
  const what = `${req.fn}(...)`;
  const m = model as { toJSON?: unknown; layers?: unknown } | null;
  if (m === null || typeof m !== 'object' || typeof m.toJSON !== 'function' || !isArray(m.layers)) {
    const got = m === null ? 'null' : typeof m !== 'object' ? (typeof m === 'undefined' ? 'undefined (a missing return?)' : `a ${typeof m}`) : 'an object that is not a model (no toJSON() and layers)';
    throw new BadReturn(`${what} must return a tf.LayersModel (tf.sequential() or tf.model()); it returned ${got}`);
  }
  const json = apply(m.toJSON as () => unknown, m, [null, false]);
  const topology = typeof json === 'string' ? json : toJson(json);
  if (typeof topology !== 'string') throw new BadReturn(`${what}.toJSON() gave no topology`);
  if (topology.length > MAX_TOPOLOGY_CHARS) {
    throw new BadReturn(`the model's topology (${what}.toJSON()) is ${topology.length} characters; at most ${MAX_TOPOLOGY_CHARS} are accepted`);
  }
  const list = m.layers as Layerish[];
  if (list.length > MAX_LAYERS) throw new BadReturn(`${what} has ${list.length} layers; at most ${MAX_LAYERS} are accepted`);
  const layers: WireValue[] = [];
  for (let i = 0; i < list.length; i++) {
    const layer = list[i];
    const where = `layer ${i + 1} of ${what}`;
    if (layer === null || typeof layer !== 'object') throw new BadReturn(`${where} is not a layer`);
    let params: unknown;
    try {
      params = call(layer, 'countParams', where);
    } catch (e) {
      if (e instanceof BadReturn) throw e;
      throw new BadReturn(`${where} has no weights yet (is it built? give the first layer an inputShape)`);
    }
    layers[i] = {
      className: toWire(call(layer, 'getClassName', where), `${where} class name`),
      name: toWire(typeof layer.name === 'string' ? layer.name : null, `${where} name`),
      outputShape: toWire(layer.outputShape ?? null, `${where} output shape`),
      params: toWire(params, `${where} parameter count`),
      config: plainConfig(call(layer, 'getConfig', where), `${where} config`),
    };
  }
  const pieces: string[] = [];
  for (let at = 0; at < topology.length; at += CHUNK_CHARS) pieces[pieces.length] = sliceText(topology, at, at + CHUNK_CHARS);
  return { topology: pieces, layers };
}
