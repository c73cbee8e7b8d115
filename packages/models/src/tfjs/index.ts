// @gradient/models/tfjs: the training engine on tfjs (a separate entry so that importing @gradient/models
// does not load tfjs).
export * from './augment';
export * from './backend';
export * from './builders';
export * from './progress';
export * from './trainer';
export * from './wasm-kernels';
export * from './curves-svg';
export { MODEL_INPUTS, MODEL_NAMES, isModelName } from './names';
export * from './training-run';
export * from './topology-model';
export * from './work-estimate';
export * from './topology-training';
export * from './host-images';
