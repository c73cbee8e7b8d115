import type { AssignCall, ConstructCall, FieldCall, MethodCall, ObjectRequest, ParamGradientCall, WireTensor, WireValue } from '../protocol';
import { BadReturn } from './bad-return';
import { fromWire } from './from-wire';
import { apply, construct, F64, isArray, isView, NativePromise, ownKeys } from './intrinsics';
import { isTensorLike, toWire } from './to-wire';

// Instances that stateful-object tests construct, kept between the calls of one test. They live only
// as long as this process: a child restarted after a crash has none, and says so.
// A prototype-less object indexed by handle: a Map's methods could have been replaced by student code.
const instances: Record<string, object> = Object.create(null) as Record<string, object>;

type StudentClass = new (...args: unknown[]) => object;

const MAX_LABELS = 16 * 1024 * 1024;

/**
 * Runs one object request; the class (req.fn) has already been found among the exports. Constructor
 * arguments may hold {$new: export, args}: an instance of another export, e.g. the model a Solver trains.
 */
export async function performObject(cls: unknown, req: ObjectRequest, mod: Record<string, unknown>): Promise<WireValue> {
  switch (req.kind) {
    case 'construct':
      return constructInstance(cls as StudentClass, req, mod);
    case 'assign':
      return assignField(req);
    case 'method':
      return callMethod(req);
    case 'field':
      return readField(req);
    case 'param-gradient':
      return paramGradient(req);
  }
}

function constructInstance(cls: StudentClass, req: ConstructCall, mod: Record<string, unknown>): null {
  const instance = construct(cls, fromWire(req.args, (name) => exportedClass(mod, name, req.fn)) as unknown[]);
  if (instance === null || typeof instance !== 'object') throw new BadReturn(`new ${req.fn}(...) did not make an object`);
  instances[req.handle] = instance;
  return null;
}

/** The class a {$new} argument names: one of the student's exports. */
function exportedClass(mod: Record<string, unknown>, name: string, by: string): StudentClass {
  const cls = mod[name];
  if (typeof cls !== 'function') throw new BadReturn(`new ${by}(...) needs an instance of your exported class '${name}', but it is ${cls === undefined ? 'not exported' : `a ${typeof cls}`}`);
  return cls as StudentClass;
}

/** Sets each entry of the record args[0] on instance[field]: the values a test starts the instance from. */
function assignField(req: AssignCall): null {
  const instance = instanceFor(req);
  const target = instance[req.field];
  if (target === null || typeof target !== 'object') throw new BadReturn(`${req.fn}.${req.field} is not an object whose entries can be set (it is ${target === null ? 'null' : typeof target})`);
  const values = fromWire(req.args[0] ?? null) as Record<string, unknown>;
  const keys = ownKeys(values);
  for (let i = 0; i < keys.length; i++) (target as Record<string, unknown>)[keys[i]] = values[keys[i]];
  return null;
}

function instanceFor(req: MethodCall | FieldCall | ParamGradientCall | AssignCall): Record<string, unknown> {
  const instance = instances[req.handle];
  if (instance === undefined) {
    throw new BadReturn(`the ${req.fn} instance this test made is gone (the process running your code was restarted after an earlier failure)`);
  }
  return instance as Record<string, unknown>;
}

function method(instance: Record<string, unknown>, req: MethodCall | ParamGradientCall): (...args: unknown[]) => unknown {
  const m = instance[req.method];
  if (typeof m !== 'function') throw new BadReturn(`${req.fn} has no method '${req.method}' (it is ${m === undefined ? 'undefined' : `a ${typeof m}`})`);
  return m as (...args: unknown[]) => unknown;
}

async function callMethod(req: MethodCall): Promise<WireValue> {
  const instance = instanceFor(req);
  let value = apply(method(instance, req), instance, fromWire(req.args) as unknown[]);
  if (value instanceof NativePromise) value = await value;
  if (req.returns === 'none') return null;
  const where = `${req.fn}.${req.method}(...)`;
  return req.returns === 'labels' && isView(value) && !isTensorLike(value) ? labelsToWire(value as unknown as ArrayLike<unknown>, where) : toWire(value, where);
}

/** Predicted labels in a bare typed array, as a 1-D tensor (BigInt arrays are refused by name). */
function labelsToWire(view: ArrayLike<unknown>, where: string): WireTensor {
  const n = view.length;
  if (typeof n !== 'number' || n > MAX_LABELS) throw new BadReturn(`${where} returned ${String(n)} labels; at most ${MAX_LABELS} are accepted`);
  const data = new F64(n);
  for (let i = 0; i < n; i++) {
    const x = view[i];
    if (typeof x !== 'number') throw new BadReturn(`${where}[${i}] is a ${typeof x}, not a number`);
    data[i] = x;
  }
  return { $tensor: true, shape: [n], data };
}

function readField(req: FieldCall): WireValue {
  return toWire(instanceFor(req)[req.field], `${req.fn}.${req.field}`);
}

/** The scalar loss a method returned: a number, or the number under `loss`. */
function lossOf(value: unknown, where: string): number {
  if (typeof value === 'number') return value;
  const loss = value !== null && typeof value === 'object' && !isArray(value) ? (value as { loss?: unknown }).loss : undefined;
  if (typeof loss !== 'number') throw new BadReturn(`${where} returned neither a number nor a record with a numeric loss`);
  return loss;
}

/** Where a C-order flat entry lives in the tensor's data, by its shape, stride and offset. */
function physicalIndex(t: { shape: unknown; stride: unknown; offset: unknown }, flat: number): number {
  const shape = t.shape as number[];
  const stride = t.stride as number[];
  let at = t.offset as number;
  for (let d = shape.length - 1; d >= 0; d--) {
    at += (flat % shape[d]) * stride[d];
    flat = (flat - (flat % shape[d])) / shape[d];
  }
  return at;
}

function paramGradient(req: ParamGradientCall): WireTensor {
  const instance = instanceFor(req);
  const params = instance.params as Record<string, unknown> | undefined;
  const p = params !== null && typeof params === 'object' ? params[req.param] : undefined;
  if (!isTensorLike(p)) throw new BadReturn(`${req.fn}.params.${req.param} is not a tensor (an ndarray)`);
  const data = p.data as Float64Array;
  const m = method(instance, req);
  const where = `${req.fn}.${req.method}(...)`;
  const loss = (): number => lossOf(apply(m, instance, fromWire(req.args) as unknown[]), where);
  const out = new F64(req.entries.length);
  for (let k = 0; k < req.entries.length; k++) {
    const i = physicalIndex(p, req.entries[k]);
    const old = data[i];
    try {
      data[i] = old + req.h;
      const plus = loss();
      data[i] = old - req.h;
      const minus = loss();
      out[k] = (plus - minus) / (2 * req.h);
    } finally {
      data[i] = old;
    }
  }
  return { $tensor: true, shape: [req.entries.length], data: out };
}
