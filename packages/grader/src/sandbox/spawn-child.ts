import { spawn, type ChildProcess } from 'node:child_process';
import { confinement } from './network-isolation';

// Node 22.13+ names the flag --permission; 20 knows only the experimental name.
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';

/**
 * Starts `node runner bundle` with the permission model: it may read those two files and
 * nothing else, and may not write, start processes or workers, or load native addons.
 * Its environment is empty (no inherited secrets) and fd 3 is the request/reply channel.
 * Under a root grader it runs as nobody, in a network namespace of its own where possible.
 */
export function spawnChild(runner: string, bundle: string, cwd: string, memoryMb: number): ChildProcess {
  const args = [
    PERMISSION_FLAG,
    `--allow-fs-read=${runner}`,
    `--allow-fs-read=${bundle}`,
    '--no-addons',
    `--max-old-space-size=${memoryMb}`,
    '--enable-source-maps',
    // V8 flags changed at run time can make V8 write files (code traces); the runner closes
    // v8.setFlagsFromString, and should any route remain, V8 aborts the child rather than obey
    '--freeze-flags-after-init',
    // the permission model prints an ExperimentalWarning on every start (flag exists since 20.11)
    '--disable-warning=ExperimentalWarning',
    runner,
    bundle,
  ];
  const how = confinement();
  return spawn(how.command, [...how.prefix, ...args], {
    cwd,
    env: {},
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    ...(how.uid !== undefined ? { uid: how.uid, gid: how.gid } : {}),
  });
}
