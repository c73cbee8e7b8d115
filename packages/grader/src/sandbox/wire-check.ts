// A reply is deserialized from bytes the student controls. Structured clone keeps shared references,
// so a few hundred bytes can describe a DAG that a naive walk visits 2^40 times. This walk visits each
// part at most once, refuses shared parts (the child's own conversion never makes them), and stops
// past fixed budgets, so everything after it (comparisons, messages) sees a small tree of short strings.

export const WIRE_LIMITS = {
  depth: 40,
  /** Arrays, objects, tensors, primitives and tensor dimensions, all counted (a tensor of any size is one part). */
  nodes: 200_000,
  stringChars: 10_000,
  keyChars: 200,
  dims: 32,
} as const;

const TENSOR_KEYS = new Set(['$tensor', 'shape', 'data', 'dtype']);
const MAX_DTYPE_CHARS = 32;

/** A key or text as it may appear in a message about the reply: short. */
export function quoteKey(key: string): string {
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}

class Walk {
  private nodes = 0;
  private readonly seen = new Set<object>();

  /** Counts n more nodes; a message once the budget is spent. */
  spend(n: number, where: string): string | undefined {
    this.nodes += n;
    return this.nodes > WIRE_LIMITS.nodes ? `${where}: the reply has more than ${WIRE_LIMITS.nodes} parts` : undefined;
  }

  /** A message when the object was already visited (a shared part or a cycle). */
  once(v: object, where: string): string | undefined {
    if (this.seen.has(v)) return `${where} is the same object as another part of the reply (shared parts or cycles are not accepted)`;
    this.seen.add(v);
    return undefined;
  }

  value(v: unknown, where: string, depth: number): string | undefined {
    if (depth > WIRE_LIMITS.depth) return `${where} is nested too deeply`;
    const spent = this.spend(1, where);
    if (spent !== undefined) return spent;
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return undefined;
    if (typeof v === 'string') return v.length > WIRE_LIMITS.stringChars ? `${where} is a string of ${v.length} characters, over the ${WIRE_LIMITS.stringChars} accepted` : undefined;
    if (typeof v !== 'object') return `${where} is not a wire value`;
    const shared = this.once(v, where);
    if (shared !== undefined) return shared;
    if (Array.isArray(v)) {
      // a sparse array announces any length for free: check it against the budget before looping
      const tooMany = this.spend(v.length, where);
      if (tooMany !== undefined) return tooMany;
      for (let i = 0; i < v.length; i++) {
        const problem = this.value(v[i], `${where}[${i}]`, depth + 1);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    if (!isPlainObject(v)) return `${where} is not a wire value`;
    if ('$tensor' in v) return this.tensor(v, where);
    if ('$rng' in v) return `${where} is a random generator, which only the grader sends`;
    const keys = Object.keys(v);
    const tooMany = this.spend(keys.length, where);
    if (tooMany !== undefined) return tooMany;
    for (const key of keys) {
      if (key.length > WIRE_LIMITS.keyChars) return `${where} has a key of ${key.length} characters ('${quoteKey(key)}'), over the ${WIRE_LIMITS.keyChars} accepted`;
      const problem = this.value(v[key], `${where}.${quoteKey(key)}`, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }

  tensor(v: unknown, where: string): string | undefined {
    if (!isPlainObject(v) || v.$tensor !== true) return `${where} is not a tensor`;
    const { shape, data, dtype } = v;
    if (!Array.isArray(shape) || shape.length > WIRE_LIMITS.dims) return `${where}.shape is not a list of at most ${WIRE_LIMITS.dims} sizes`;
    const tooMany = this.spend(shape.length, where);
    if (tooMany !== undefined) return tooMany;
    let size = 1;
    for (let i = 0; i < shape.length; i++) {
      const d: unknown = shape[i];
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) return `${where}.shape is not a list of sizes`;
      size *= d;
    }
    if (!(data instanceof Float64Array)) return `${where}.data is not a Float64Array`;
    if (data.length !== size) return `${where} has ${data.length} values for shape [${shape.join(', ')}]`;
    if (dtype !== undefined && (typeof dtype !== 'string' || dtype.length > MAX_DTYPE_CHARS)) return `${where}.dtype is not a short string`;
    const keys = Object.keys(v);
    if (keys.length > TENSOR_KEYS.size) return `${where} has unexpected fields`;
    const extra = keys.find((k) => !TENSOR_KEYS.has(k));
    return extra === undefined ? undefined : `${where} has an unexpected field ${quoteKey(extra)}`;
  }
}

/**
 * Why v is not a wire value the grader can take (numbers, short strings, booleans, null, tensors,
 * and arrays and plain objects of them, as a tree within WIRE_LIMITS), or undefined when it is one.
 * Linear in the size of v and never more than WIRE_LIMITS.nodes steps.
 */
export function wireValueProblem(v: unknown, where: string): string | undefined {
  return new Walk().value(v, where, 0);
}

/** Why v is not a WireTensor, or undefined. */
export function wireTensorProblem(v: unknown, where: string): string | undefined {
  return new Walk().tensor(v, where);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
