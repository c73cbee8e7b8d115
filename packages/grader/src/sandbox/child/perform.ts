import type { BackwardCall, BackwardValue, CallRequest, ChildOutcome, NumericGradientCall, PlainCall, WireTensor, WireValue } from '../protocol';
import { BadReturn } from './bad-return';
import { copyOf, fromWire, tensorFromWire } from './from-wire';
import { apply, isArray, NativePromise, now, ownKeys } from './intrinsics';
import { numericGradient } from './numeric-gradient';
import { performObject } from './objects';
import { describeThrown } from './thrown';
import { modelTopology } from './topology';
import { trainStepCall } from './train-step';
import { isTensorLike, tensorToWire, toWire } from './to-wire';

type StudentModule = Record<string, unknown>;
type StudentFunction = (...args: unknown[]) => unknown;

/** Runs one request against the loaded submission. Never throws: every problem becomes an outcome. */
export async function perform(mod: StudentModule, req: CallRequest): Promise<ChildOutcome> {
  const start = now();
  const ms = () => now() - start;
  try {
    const fn = exported(mod, req.fn);
    const backward = req.kind === 'backward' ? exported(mod, req.backward) : undefined;
    if (typeof fn === 'string') return { ok: false, failure: 'missing-export', message: fn, ms: ms() };
    if (typeof backward === 'string') return { ok: false, failure: 'missing-export', message: backward, ms: ms() };
    let value: WireValue | BackwardValue;
    if (req.kind === 'call') value = await plainCall(fn, req);
    else if (req.kind === 'construct' || req.kind === 'method' || req.kind === 'field' || req.kind === 'param-gradient' || req.kind === 'assign') value = await performObject(fn, req, mod);
    else if (req.kind === 'topology') value = await modelTopology(fn, req);
    else if (req.kind === 'train-step') value = await trainStepCall(mod, fn, req);
    else if (req.kind === 'backward') value = backwardCall(fn, backward as StudentFunction, req);
    else value = numericCall(fn, req);
    return { ok: true, value, ms: ms() };
  } catch (e) {
    if (e instanceof BadReturn) return { ok: false, failure: 'bad-return', message: e.message, ms: ms() };
    return { ok: false, failure: 'threw', message: describeThrown(e), ms: ms() };
  }
}

/** The function, or a message saying it is missing and what the module does export. */
function exported(mod: StudentModule, name: string): StudentFunction | string {
  const f = mod[name];
  if (typeof f === 'function') return f as StudentFunction;
  const keys = ownKeys(mod);
  let names = '';
  for (let i = 0; i < keys.length; i++) if (typeof mod[keys[i]] === 'function') names += `${names === '' ? '' : ', '}${keys[i]}`;
  const found = names !== '' ? `it exports ${names}` : 'it exports no functions';
  return f === undefined
    ? `your code has no exported function '${name}' (${found})`
    : `'${name}' is exported but is a ${typeof f}, not a function`;
}

async function plainCall(fn: StudentFunction, req: PlainCall): Promise<WireValue> {
  let value = apply(fn, undefined, fromWire(req.args) as unknown[]);
  if (value instanceof NativePromise) value = await value;
  if (req.returnsCache === true) {
    if (!isArray(value) || value.length < 2) {
      throw new BadReturn(`${req.fn}(...) must return [out, cache]; it returned ${isArray(value) ? `an array of length ${value.length}` : typeof value}`);
    }
    return toWire(value[0], `${req.fn}(...)[0]`);
  }
  return toWire(value, `${req.fn}(...)`);
}

/** fn's [out, cache], insisting on the pair a backward pass needs. */
function forwardPair(fn: StudentFunction, name: string, args: unknown[]): { out: unknown; cache: unknown } {
  const result = apply(fn, undefined, args);
  if (!isArray(result) || result.length < 2) {
    throw new BadReturn(`${name}(...) must return [out, cache] so its backward pass gets the cache; it returned ${isArray(result) ? `an array of length ${result.length}` : typeof result}`);
  }
  return { out: result[0], cache: result[1] };
}

function outTensor(out: unknown, name: string): WireTensor {
  if (!isTensorLike(out)) throw new BadReturn(`${name}(...)[0] is not a tensor (an ndarray)`);
  return tensorToWire(out, `${name}(...)[0]`);
}

function backwardCall(fn: StudentFunction, backward: StudentFunction, req: BackwardCall): BackwardValue {
  const { out, cache } = forwardPair(fn, req.fn, fromWire(req.args) as unknown[]);
  const outWire = outTensor(out, req.fn);
  const grads = toWire(apply(backward, undefined, [tensorFromWire(req.dout), cache]), `${req.backward}(...)`);
  return { out: outWire, grads };
}

function numericCall(fn: StudentFunction, req: NumericGradientCall): WireTensor[] {
  const numeric: WireTensor[] = [];
  for (let k = 0; k < req.wrt.length; k++) {
    const index = req.wrt[k];
    const at = req.args[index] as WireTensor;
    if (at === null || typeof at !== 'object' || !('$tensor' in at)) throw new Error(`grader error: argument ${index} of ${req.id} is not a tensor`);
    const f = (x: Float64Array): Float64Array => {
      const args = fromWire(req.args) as unknown[];
      args[index] = tensorFromWire({ $tensor: true, shape: at.shape, data: x });
      const data = outTensor(forwardPair(fn, req.fn, args).out, req.fn).data;
      if (data.length !== req.dout.data.length) {
        throw new BadReturn(`${req.fn}(...)[0] has ${data.length} entries when argument ${index} is perturbed, but dout has ${req.dout.data.length}`);
      }
      return data;
    };
    const entries = req.entries[k];
    numeric[k] = { $tensor: true, shape: [entries.length], data: numericGradient(f, copyOf(at.data), req.dout.data, req.h, entries) };
  }
  return numeric;
}
