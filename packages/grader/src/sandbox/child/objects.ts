import type { ConstructCall, FieldCall, MethodCall, ObjectRequest, ParamGradientCall, WireTensor, WireValue } from '../protocol';
import { BadReturn } from './bad-return';
import { fromWire } from './from-wire';
import { apply, construct, F64, isArray, NativePromise } from './intrinsics';
import { isTensorLike, toWire } from './to-wire';

// Instances that stateful-object tests construct, kept between the calls of one test. They live only
// as long as this process: a child restarted after a crash has none, and says so.
// A prototype-less object indexed by handle: a Map's methods could have been replaced by student code.
const instances: Record<string, object> = Object.create(null) as Record<string, object>;

type StudentClass = new (...args: unknown[]) => object;

/** Runs one object request; the class (req.fn) has already been found among the exports. */
export async function performObject(cls: unknown, req: ObjectRequest): Promise<WireValue> {
  switch (req.kind) {
    case 'construct':
      return constructInstance(cls as StudentClass, req);
    case 'method':
      return callMethod(req);
    case 'field':
      return readField(req);
    case 'param-gradient':
      return paramGradient(req);
  }
}

function constructInstance(cls: StudentClass, req: ConstructCall): null {
  const instance = construct(cls, fromWire(req.args) as unknown[]);
  if (instance === null || typeof instance !== 'object') throw new BadReturn(`new ${req.fn}(...) did not make an object`);
  instances[req.handle] = instance;
  return null;
}

function instanceFor(req: MethodCall | FieldCall | ParamGradientCall): Record<string, unknown> {
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
  return req.returns === 'none' ? null : toWire(value, `${req.fn}.${req.method}(...)`);
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
