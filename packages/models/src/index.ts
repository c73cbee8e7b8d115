// Public surface of @gradient/models: float64 reference models built on @gradient/tensor.
export * from './optim';
export * from './solver';
export * from './classical/knn';
export * from './classical/logistic';
export * from './classical/early-stopping';
export * from './classical/lr-schedules';
export * from './classical/least-squares';
export * from './classical/polynomial-loocv';
export * from './classical/cosine-pseudolabels';
export * from './classical/layer-counts';
export * from './classical/receptive-field';
export * from './classical/cifar-augmentation';
export * from './model';
export * from './linalg';
export * from './two-layer-net';
export * from './fc-net';
