// Library code the runner hands to student functions (the RandomState of a {$rng: seed} argument)
// reads globals when it runs: Math.imul, Number.isSafeInteger, spreads, ndarray's
// Object.prototype.toString.call. A student who replaced those would otherwise get a generator
// that draws other numbers or throws. Such code runs with the built-ins as they were when the
// runner started, put back for the duration of the call and restored after it.
import { apply } from './intrinsics';

interface Saved {
  target: Record<PropertyKey, unknown>;
  key: PropertyKey;
  descriptor: PropertyDescriptor;
}

const getDescriptor = Reflect.getOwnPropertyDescriptor;
const defineProperty = Reflect.defineProperty;
const ownKeys = Reflect.ownKeys;
const deleteProperty = Reflect.deleteProperty;

const typedArray = Object.getPrototypeOf(Float64Array) as { prototype: object };
const GUARDED: object[] = [
  globalThis, Math, Number, Object, Object.prototype, Array, Array.prototype, Function.prototype, String.prototype,
  typedArray, typedArray.prototype, Float64Array, Float64Array.prototype, Uint32Array, Uint32Array.prototype,
];
const GLOBAL_NAMES = new Set<PropertyKey>(['Math', 'Number', 'Object', 'Array', 'Function', 'String', 'Float64Array', 'Uint32Array', 'Symbol', 'Error', 'TypeError', 'RangeError', 'Reflect', 'JSON']);
/** Objects that inherit what library code calls: a property added to them shadows it. The others hold theirs as own properties. */
const INHERITING: object[] = [Float64Array, Float64Array.prototype, Uint32Array, Uint32Array.prototype];

/** The guarded objects' own properties (globalThis: the names above) as the runner found them. */
const dataProperties: Saved[] = [];
const accessors: Saved[] = [];
for (let i = 0; i < GUARDED.length; i++) {
  const target = GUARDED[i] as Record<PropertyKey, unknown>;
  const keys = ownKeys(target);
  for (let k = 0; k < keys.length; k++) {
    if (target === globalThis && !GLOBAL_NAMES.has(keys[k])) continue;
    const descriptor = getDescriptor(target, keys[k]);
    // what cannot be changed needs no watching (Number.NaN among them, which never equals itself)
    if (descriptor === undefined || (descriptor.configurable === false && descriptor.writable === false)) continue;
    const list = 'value' in descriptor ? dataProperties : accessors;
    list[list.length] = { target, key: keys[k], descriptor };
  }
}
const inheritingKeys: Set<PropertyKey>[] = [];
for (let i = 0; i < INHERITING.length; i++) inheritingKeys[i] = new Set(ownKeys(INHERITING[i]));
const setHas = Set.prototype.has;

/**
 * True when every data property still reads as it did: one generated expression with a property
 * read per site, so each read stays monomorphic and the check costs about a microsecond.
 */
const dataUnchanged = ((): (() => boolean) => {
  const targets: unknown[] = [];
  const keys: PropertyKey[] = [];
  const values: unknown[] = [];
  const checks: string[] = [];
  for (let i = 0; i < dataProperties.length; i++) {
    targets[i] = dataProperties[i].target;
    keys[i] = dataProperties[i].key;
    values[i] = dataProperties[i].descriptor.value;
    checks[i] = `t[${i}][k[${i}]] === v[${i}]`;
  }
  const check = new Function('t', 'k', 'v', `return ${checks.length === 0 ? 'true' : checks.join(' && ')};`) as (t: unknown[], k: PropertyKey[], v: unknown[]) => boolean;
  return () => check(targets, keys, values);
})();

function isOriginal(o: Saved): boolean {
  const now = getDescriptor(o.target, o.key);
  return now !== undefined && now.value === o.descriptor.value && now.get === o.descriptor.get && now.set === o.descriptor.set;
}

let depth = 0;

/** fn(), run with the guarded built-ins as the runner found them; the student's replacements are put back after. */
export function withOriginalBuiltins<T>(fn: () => T): T {
  // inside a window the built-ins are already the runner's
  if (depth > 0) return fn();
  const replaced: { target: object; key: PropertyKey; descriptor: PropertyDescriptor | undefined }[] = [];
  const restore = (o: Saved): void => {
    const now = getDescriptor(o.target, o.key);
    // a property the student made non-configurable stays as it is
    if (defineProperty(o.target, o.key, o.descriptor)) replaced[replaced.length] = { target: o.target, key: o.key, descriptor: now };
  };
  try {
    for (let i = 0; i < INHERITING.length; i++) {
      const keys = ownKeys(INHERITING[i]);
      if (keys.length === inheritingKeys[i].size) continue;
      for (let k = 0; k < keys.length; k++) {
        if (apply(setHas, inheritingKeys[i], [keys[k]])) continue;
        const now = getDescriptor(INHERITING[i], keys[k]);
        if (deleteProperty(INHERITING[i], keys[k])) replaced[replaced.length] = { target: INHERITING[i], key: keys[k], descriptor: now };
      }
    }
    // a plain read is the check: it gives the original value only if the property still does
    if (!dataUnchanged()) {
      for (let i = 0; i < dataProperties.length; i++) {
        const o = dataProperties[i];
        if (o.target[o.key] !== o.descriptor.value) restore(o);
      }
    }
    for (let i = 0; i < accessors.length; i++) if (!isOriginal(accessors[i])) restore(accessors[i]);
    depth++;
    return fn();
  } finally {
    depth = 0;
    for (let i = replaced.length - 1; i >= 0; i--) {
      const r = replaced[i];
      if (r.descriptor === undefined) deleteProperty(r.target, r.key);
      else defineProperty(r.target, r.key, r.descriptor);
    }
  }
}

/**
 * A subclass of cls whose methods each run withOriginalBuiltins; made before the student's module
 * loads, from the methods cls has then.
 */
export function guardedClass<C extends new (...args: any[]) => object>(cls: C): C {
  const Guarded = class extends cls {} as C;
  const methods = cls.prototype as Record<PropertyKey, unknown>;
  const keys = ownKeys(methods);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const method = methods[key as string];
    if (key === 'constructor' || typeof method !== 'function') continue;
    defineProperty(Guarded.prototype, key, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        return withOriginalBuiltins(() => apply(method as (...a: unknown[]) => unknown, this, args));
      },
    });
  }
  return Guarded;
}
