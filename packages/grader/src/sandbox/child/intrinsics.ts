// Captured when the runner starts, before the student's module is imported: student code may
// replace these globals or their methods (Math.exp, Float64Array.prototype.fill, ...), and the
// runner's own conversions and gradient checks must not go through the replacements.
// Runner code that runs after the student's module has loaded uses only these, plain loops,
// indexing and operators: no method of a built-in prototype, no for-of, spread or array destructuring
// (they call Array.prototype[Symbol.iterator]).

export const F64 = Float64Array;
export const U8 = Uint8Array;
export const NativeArrayBuffer = ArrayBuffer;
export const isArray = Array.isArray;
export const isView = ArrayBuffer.isView;
export const ownKeys = Object.keys;
export const protoOf = Object.getPrototypeOf;
export const objectPrototype = Object.prototype;
export const apply = Reflect.apply;
export const construct = Reflect.construct;
export const NativePromise = Promise;
export const isInteger = Number.isInteger;
export const toJson = JSON.stringify;
export const now = performance.now.bind(performance);
export const min = Math.min;

const functionApply = Function.prototype.apply;
const functionCall = Function.prototype.call;
const defineProperty = Object.defineProperty;

/**
 * listener, made callable by Node's EventEmitter whatever Function.prototype.apply has become:
 * emit calls `handler.apply(this, args)`, which finds these own properties first.
 */
export function asListener<F extends (...args: never[]) => unknown>(listener: F): F {
  defineProperty(listener, 'apply', { value: functionApply });
  defineProperty(listener, 'call', { value: functionCall });
  return listener;
}

const objectToString = Object.prototype.toString;
const stringSlice = String.prototype.slice;
const stringIndexOf = String.prototype.indexOf;
const regExpExec = RegExp.prototype.exec;
const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const typedArraySet = Uint8Array.prototype.set;
const typedArrayLength = Reflect.getOwnPropertyDescriptor(typedArrayPrototype, 'length')?.get as () => number;
const typedArrayName = Reflect.getOwnPropertyDescriptor(typedArrayPrototype, Symbol.toStringTag)?.get as () => string | undefined;
const MAX_TAG = 60;

/**
 * "Float32Array", "Map", "Array", ...: the built-in tag, whatever the object's constructor says;
 * a typed array's own type even when its Symbol.toStringTag was redefined. Clipped: a student's
 * object may carry any Symbol.toStringTag.
 */
export function builtinTag(v: unknown): string {
  const typed = isView(v) ? (apply(typedArrayName, v, []) as string | undefined) : undefined;
  if (typed !== undefined) return typed;
  const tag = apply(stringSlice, apply(objectToString, v, []) as string, [8, -1]) as string;
  return tag.length > MAX_TAG ? `${apply(stringSlice, tag, [0, MAX_TAG]) as string}…` : tag;
}

export function sliceText(text: string, start: number, end?: number): string {
  return apply(stringSlice, text, end === undefined ? [start] : [start, end]) as string;
}

export function indexOfText(text: string, part: string): number {
  return apply(stringIndexOf, text, [part]) as number;
}

export function execRegExp(re: RegExp, text: string): RegExpExecArray | null {
  return apply(regExpExec, re, [text]) as RegExpExecArray | null;
}

/** The length of a typed array, whatever getters its prototype has been given since. */
export function typedLength(a: ArrayBufferView): number {
  return apply(typedArrayLength, a, []);
}

/** A new Float64Array holding data's values. */
export function copyFloats(data: Float64Array): Float64Array {
  const out = new F64(typedLength(data));
  apply(typedArraySet, out, [data]);
  return out;
}

/** target.set(source, offset) for byte arrays. */
export function copyBytes(target: Uint8Array, source: Uint8Array, offset: number): void {
  apply(typedArraySet, target, [source, offset]);
}
