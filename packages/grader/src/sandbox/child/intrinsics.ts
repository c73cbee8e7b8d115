// Captured when the runner starts, before the student's module is imported: student code may
// replace these globals or their methods (Math.exp, Float64Array.prototype.fill, ...), and the
// runner's own conversions and gradient checks must not go through the replacements.

export const F64 = Float64Array;
export const isArray = Array.isArray;
export const isView = ArrayBuffer.isView;
export const ownKeys = Object.keys;
export const protoOf = Object.getPrototypeOf;
export const objectPrototype = Object.prototype;
export const apply = Reflect.apply;
export const NativePromise = Promise;
export const isInteger = Number.isInteger;
export const toJson = JSON.stringify;
export const now = performance.now.bind(performance);
export const min = Math.min;

const objectToString = Object.prototype.toString;
/** "Float32Array", "Map", "Array", ...: the built-in tag, whatever the object's constructor says. */
export function builtinTag(v: unknown): string {
  const tag = apply(objectToString, v, []) as string;
  return tag.slice(8, -1);
}
