// Public surface of @gradient/models: float64 reference models built on @gradient/tensor.
export * from './model';
export * from './linalg';
export * from './two-layer-net';
export * from './fc-net';
