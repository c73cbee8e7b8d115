import type { CallRequest, ChildOutcome, GradCall, GradCheckValue, PlainCall, WireTensor, WireValue } from '../protocol';
import { BadReturn } from './bad-return';
import { copyOf, fromWire, tensorFromWire } from './from-wire';
import { apply, isArray, NativePromise, now, ownKeys } from './intrinsics';
import { numericGradient } from './numeric-gradient';
import { describeThrown } from './thrown';
import { isTensorLike, tensorToWire, toWire } from './to-wire';

type StudentModule = Record<string, unknown>;
type StudentFunction = (...args: unknown[]) => unknown;

/** Runs one request against the loaded submission. Never throws: every problem becomes an outcome. */
export async function perform(mod: StudentModule, req: CallRequest): Promise<ChildOutcome> {
  const start = now();
  const ms = () => now() - start;
  try {
    const fn = exported(mod, req.fn);
    const backward = req.kind === 'gradcheck' ? exported(mod, req.backward) : undefined;
    if (typeof fn === 'string') return { ok: false, failure: 'missing-export', message: fn, ms: ms() };
    if (typeof backward === 'string') return { ok: false, failure: 'missing-export', message: backward, ms: ms() };
    const value = req.kind === 'call' ? await plainCall(fn, req) : gradCheck(fn, backward as StudentFunction, req);
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
  const names = ownKeys(mod).filter((k) => typeof mod[k] === 'function');
  const found = names.length > 0 ? `it exports ${names.join(', ')}` : 'it exports no functions';
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
  if (req.returnsCache === undefined && isArray(value) && value.length === 2 && looksLikeCache(value[1])) {
    return toWire(value[0], `${req.fn}(...)[0]`);
  }
  return toWire(value, `${req.fn}(...)`);
}

function looksLikeCache(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'object' && !isTensorLike(v));
}

function gradCheck(fn: StudentFunction, backward: StudentFunction, req: GradCall): GradCheckValue {
  const forward = (args: unknown[]): { out: unknown; cache: unknown } => {
    const result = apply(fn, undefined, args);
    if (!isArray(result) || result.length < 2) {
      throw new BadReturn(`${req.fn}(...) must return [out, cache] for its gradient check; it returned ${isArray(result) ? `an array of length ${result.length}` : typeof result}`);
    }
    return { out: result[0], cache: result[1] };
  };
  const outTensor = (out: unknown): WireTensor => {
    if (!isTensorLike(out)) throw new BadReturn(`${req.fn}(...)[0] is not a tensor (an ndarray)`);
    return tensorToWire(out, `${req.fn}(...)[0]`);
  };

  const { out, cache } = forward(fromWire(req.args) as unknown[]);
  const outWire = outTensor(out);
  const grads = toWire(apply(backward, undefined, [tensorFromWire(req.dout), cache]), `${req.backward}(...)`);

  const numeric: WireTensor[] = [];
  for (const index of req.wrt) {
    const at = req.args[index] as WireTensor;
    if (at === null || typeof at !== 'object' || !('$tensor' in at)) throw new Error(`grader error: argument ${index} of ${req.id} is not a tensor`);
    const f = (x: Float64Array): Float64Array => {
      const args = fromWire(req.args) as unknown[];
      args[index] = tensorFromWire({ $tensor: true, shape: at.shape, data: x });
      const data = outTensor(forward(args).out).data;
      if (data.length !== req.dout.data.length) {
        throw new BadReturn(`${req.fn}(...)[0] has ${data.length} entries when argument ${index} is perturbed, but dout has ${req.dout.data.length}`);
      }
      return data;
    };
    numeric.push({ $tensor: true, shape: at.shape, data: numericGradient(f, copyOf(at.data), req.dout.data, req.h) });
  }
  return { out: outWire, grads, numeric };
}
