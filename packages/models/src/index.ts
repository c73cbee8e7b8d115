// Public surface of @gradient/models: float64 reference models built on @gradient/tensor.
export {};
export * from './classical/knn';
