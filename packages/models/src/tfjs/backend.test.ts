import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER, type BackendChoice, type BackendLoader, createBackendPicker, defaultLoaders, describePick, pickBackend } from './backend';

// Loaders that record the order they were tried in; the ones named in `ok` succeed.
function fakeLoaders(ok: BackendChoice[]) {
  const tried: BackendChoice[] = [];
  const loaders = Object.fromEntries(BACKEND_ORDER.map((name) => [name, async () => {
    tried.push(name);
    if (!ok.includes(name)) throw new Error(`${name} missing\nsecond line of a long native error`);
  }])) as Record<BackendChoice, BackendLoader>;
  return { tried, loaders };
}

describe('pickBackend', () => {
  it('prefers node-gpu, then node, then wasm, then cpu, and names what failed', async () => {
    for (const [ok, want] of [
      [['node-gpu', 'node', 'wasm', 'cpu'], 'node-gpu'],
      [['node', 'wasm', 'cpu'], 'node'],
      [['wasm', 'cpu'], 'wasm'],
      [['cpu'], 'cpu'],
    ] as [BackendChoice[], BackendChoice][]) {
      const { tried, loaders } = fakeLoaders(ok);
      const pick = await pickBackend({ override: '', loaders });
      expect(pick.backend).toBe(want);
      expect(pick.reason).toBe('order');
      expect(tried).toEqual(BACKEND_ORDER.slice(0, BACKEND_ORDER.indexOf(want) + 1));
      expect(pick.failed.map((f) => f.backend)).toEqual(tried.slice(0, -1));
      for (const f of pick.failed) expect(f.error).toBe(`${f.backend} missing`);
    }
  });

  it('GRADIENT_BACKEND loads only the named backend, even a lower one', async () => {
    const { tried, loaders } = fakeLoaders(['node-gpu', 'node', 'wasm', 'cpu']);
    const pick = await pickBackend({ override: 'cpu', loaders });
    expect(pick).toEqual({ backend: 'cpu', reason: 'GRADIENT_BACKEND', failed: [] });
    expect(tried).toEqual(['cpu']);
  });

  it('a forced backend that fails is an error, not a silent fallback', async () => {
    const { loaders } = fakeLoaders(['wasm', 'cpu']);
    await expect(pickBackend({ override: 'node', loaders })).rejects.toThrow('GRADIENT_BACKEND=node but it failed to load: node missing');
  });

  it('an unknown GRADIENT_BACKEND names the valid choices', async () => {
    const { loaders } = fakeLoaders(['cpu']);
    await expect(pickBackend({ override: 'webgpu', loaders })).rejects.toThrow(
      "GRADIENT_BACKEND='webgpu' is not a backend; expected one of node-gpu, node, wasm, cpu");
  });

  it('fails with every reason when nothing loads', async () => {
    const { loaders } = fakeLoaders([]);
    await expect(pickBackend({ override: '', loaders })).rejects.toThrow('no tfjs backend loaded: node-gpu: node-gpu missing; node: node missing; wasm: wasm missing; cpu: cpu missing');
  });
});

describe('createBackendPicker', () => {
  it('picks and prints once however often it is asked', async () => {
    const { tried, loaders } = fakeLoaders(['wasm', 'cpu']);
    const lines: string[] = [];
    const pick = createBackendPicker({ override: '', loaders, log: (l) => lines.push(l) });
    const [a, b] = await Promise.all([pick(), pick()]);
    await pick();
    expect(a).toBe(b);
    expect(tried).toEqual(['node-gpu', 'node', 'wasm']);
    expect(lines).toEqual(['tfjs backend: wasm (best available) — not loaded: node-gpu: node-gpu missing; node: node missing']);
  });

  it('describes a forced pick', () => {
    expect(describePick({ backend: 'cpu', reason: 'GRADIENT_BACKEND', failed: [] })).toBe('tfjs backend: cpu (forced by GRADIENT_BACKEND)');
  });
});

describe('the real loaders on this machine', () => {
  // Where tfjs-node's install script (a libtensorflow download) did not run, as on CI, its native addon is
  // absent and the loader must fail with tfjs-node's own explanation; wasm always loads.
  it('tfjs-node loads or says why not; wasm loads', async () => {
    const node = await defaultLoaders.node().then(() => 'loaded', (e: Error) => e.message);
    if (node !== 'loaded') expect(node).toMatch(/@tensorflow\/tfjs-node is (not installed|installed without its native addon)/);
    await expect(defaultLoaders.wasm()).resolves.toBeUndefined();
  });
});
