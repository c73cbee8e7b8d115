import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { confinement, NOBODY } from './network-isolation';
import { Sandbox } from './sandbox';
import { TEST_LOAD_MS } from './test-calls';
import { bundleOf } from './test-submission';

// The student tries to reach a server the grader's machine runs on loopback (a stand-in for any host).
const source = `
export async function phone(port: number): Promise<string> {
  const net = (process as any).getBuiltinModule('node:net');
  return await new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => { socket.end(); resolve('connected'); });
    socket.on('error', (e: { code: string }) => resolve(e.code));
  });
}`;

describe('network isolation of the child', () => {
  it.runIf(confinement().noNetwork)('a root grader gives the child no network, not even loopback', async () => {
    let contacted = false;
    const server = createServer((s) => {
      contacted = true;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const bundle = await bundleOf(source);
    const sandbox = await Sandbox.open(bundle.bundlePath, { memoryMb: 256, loadTimeMs: TEST_LOAD_MS, stdoutBytes: 1024 });
    try {
      const outcome = await sandbox.run({ kind: 'call', id: 'net', fn: 'phone', args: [port], timeLimitMs: 5000 });
      expect(outcome).toMatchObject({ ok: true });
      expect(outcome.ok && outcome.value).not.toBe('connected');
      expect(contacted).toBe(false);
    } finally {
      await sandbox.close();
      bundle.remove();
      server.close();
    }
  });

  it('confines the network whenever this machine allows it, and a root grader always drops to nobody', () => {
    const how = confinement();
    if (process.getuid?.() !== 0) {
      expect(how).toEqual({ command: process.execPath, prefix: [], noNetwork: false });
      return;
    }
    // an independent probe: can this machine give a process a network namespace of its own, and drop to nobody?
    const find = (name: string) => ['/usr/bin', '/bin', '/usr/sbin', '/sbin'].map((d) => `${d}/${name}`).find(existsSync);
    const unshare = find('unshare');
    const setpriv = find('setpriv');
    const namespaces = unshare !== undefined && setpriv !== undefined && spawnSync(unshare, ['--net', '--', setpriv, `--reuid=${NOBODY}`, '--', 'true']).status === 0;
    expect(how.noNetwork).toBe(namespaces);
    if (namespaces) {
      expect(how.command).toBe(unshare);
      expect(how.prefix).toEqual(['--net', '--', setpriv, `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath]);
      expect(how.uid).toBeUndefined();
    } else {
      expect(how).toMatchObject({ command: process.execPath, prefix: [], uid: NOBODY, gid: NOBODY });
    }
  });
});
