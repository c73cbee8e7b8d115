import { spawnSync } from 'node:child_process';

/**
 * Test helper: runs a Python snippet that prints one JSON value, with NumPy imported as np. Tests cross-check
 * against NumPy where python3 with numpy exists and skip with a note where it does not (CI images without it).
 */
export const numpyAvailable: boolean = (() => {
  const r = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) console.warn('python3 with numpy not available: NumPy cross-checks are skipped');
  return r.status === 0;
})();

export function runNumpy(script: string): unknown {
  const r = spawnSync('python3', ['-c', `import json\nimport numpy as np\n${script}`], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}
