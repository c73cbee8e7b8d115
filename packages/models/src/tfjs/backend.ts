// Run-time choice of the tfjs backend for training: node-gpu > node > wasm > cpu, GRADIENT_BACKEND overrides.
// tfjs-node(-gpu) are optional dependencies whose install scripts (a libtensorflow download) pnpm does not run
// here, so they are usually present but unloadable; the pick says what failed to load and why.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BACKEND_ORDER, type BackendChoice } from './names';
import { registerWasmTrainingKernels } from './wasm-kernels';

export { BACKEND_ORDER, type BackendChoice } from './names';

/** Makes one backend the active tfjs backend, or throws saying why it cannot. */
export type BackendLoader = () => Promise<void>;

export interface BackendPick {
  backend: BackendChoice;
  /** 'GRADIENT_BACKEND' when the environment forced it, 'order' when it was the first that loaded. */
  reason: 'GRADIENT_BACKEND' | 'order';
  /** Backends tried before the pick, with the first line of their error. */
  failed: { backend: BackendChoice; error: string }[];
}

async function activate(tfName: string): Promise<void> {
  if (!(await tf.setBackend(tfName))) throw new Error(`tf.setBackend('${tfName}') returned false`);
  await tf.ready();
}

/**
 * Checked before importing tfjs-node(-gpu): a failed import still registers that package's kernels, so a
 * second failed import prints a warning for each of them; the check also gives a shorter, actionable reason.
 */
function requireNativeAddon(pkg: string): void {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(`${pkg} is not installed`);
  }
  const lib = join(dir, 'lib');
  const built = existsSync(lib) && readdirSync(lib).some((d) => existsSync(join(lib, d, 'tfjs_binding.node')));
  if (!built) {
    throw new Error(`${pkg} is installed without its native addon (lib/napi-v*/tfjs_binding.node): its install ` +
      `script, a libtensorflow download, did not run; where it can, list ${pkg} in onlyBuiltDependencies and run pnpm rebuild ${pkg}`);
  }
}

// tfjs-node and tfjs-node-gpu both register a backend named 'tensorflow'; the GPU build's binding
// reports the GPU through tf.backend().isUsingGpuDevice, so a CPU-only libtensorflow is not called node-gpu.
export const defaultLoaders: Record<BackendChoice, BackendLoader> = {
  'node-gpu': async () => {
    requireNativeAddon('@tensorflow/tfjs-node-gpu');
    await import('@tensorflow/tfjs-node-gpu');
    await activate('tensorflow');
    const b = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
    if (b.isUsingGpuDevice === false) throw new Error('tfjs-node-gpu loaded but libtensorflow found no GPU');
  },
  node: async () => {
    requireNativeAddon('@tensorflow/tfjs-node');
    await import('@tensorflow/tfjs-node');
    await activate('tensorflow');
  },
  wasm: async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    await activate('wasm');
    registerWasmTrainingKernels();
  },
  cpu: async () => activate('cpu'),
};

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? text;
}

export function describePick(pick: BackendPick): string {
  const why = pick.reason === 'GRADIENT_BACKEND' ? 'forced by GRADIENT_BACKEND' : 'best available';
  const failed = pick.failed.map((f) => `${f.backend}: ${f.error}`).join('; ');
  return `tfjs backend: ${pick.backend} (${why})${failed ? ` — not loaded: ${failed}` : ''}`;
}

export interface PickOptions {
  /** Value of GRADIENT_BACKEND (default: process.env). Empty means no override. */
  override?: string;
  loaders?: Record<BackendChoice, BackendLoader>;
}

/** Tries the backends in order (or only the forced one) and leaves the first that loads active. */
export async function pickBackend(opts: PickOptions = {}): Promise<BackendPick> {
  const loaders = opts.loaders ?? defaultLoaders;
  const override = (opts.override ?? process.env.GRADIENT_BACKEND ?? '').trim();
  if (override !== '') {
    if (!(BACKEND_ORDER as readonly string[]).includes(override)) {
      throw new Error(`GRADIENT_BACKEND='${override}' is not a backend; expected one of ${BACKEND_ORDER.join(', ')}`);
    }
    const backend = override as BackendChoice;
    try {
      await loaders[backend]();
    } catch (e) {
      throw new Error(`GRADIENT_BACKEND=${backend} but it failed to load: ${firstLine(e)}`);
    }
    return { backend, reason: 'GRADIENT_BACKEND', failed: [] };
  }
  const failed: BackendPick['failed'] = [];
  for (const backend of BACKEND_ORDER) {
    try {
      await loaders[backend]();
      return { backend, reason: 'order', failed };
    } catch (e) {
      failed.push({ backend, error: firstLine(e) });
    }
  }
  throw new Error(`no tfjs backend loaded: ${failed.map((f) => `${f.backend}: ${f.error}`).join('; ')}`);
}

/** A memoized pick that prints its line once per process (or per picker in tests). */
export function createBackendPicker(opts: PickOptions & { log?: (line: string) => void } = {}) {
  let pending: Promise<BackendPick> | undefined;
  return (): Promise<BackendPick> => {
    pending ??= pickBackend(opts).then((pick) => {
      // tfjs-cpu's own "install tfjs-node" banner repeats what the pick line says.
      tf.env().set('PROD', true);
      (opts.log ?? ((l: string) => console.error(l)))(describePick(pick));
      return pick;
    });
    return pending;
  };
}

/** The process-wide pick: call before building or training a model. */
export const useBestBackend = createBackendPicker();
