// The shipped builders' names and input shapes and the backend names, without tfjs: the CLI checks its
// arguments and whether the data fits the model before it pays for loading tfjs.
export const MODEL_INPUTS = {
  'mnist-cnn': [28, 28, 1],
  'mnist-strong': [28, 28, 1],
  'cifar-8layer': [32, 32, 3],
  'cifar-strong': [32, 32, 3],
} as const satisfies Record<string, readonly [number, number, number]>;

export type ModelName = keyof typeof MODEL_INPUTS;
export const MODEL_NAMES = Object.keys(MODEL_INPUTS) as ModelName[];

export function isModelName(name: string): name is ModelName {
  return Object.hasOwn(MODEL_INPUTS, name);
}

/** The backend pick's order, best first (backend.ts). */
export const BACKEND_ORDER = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_ORDER)[number];
