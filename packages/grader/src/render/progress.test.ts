import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgress } from './progress';

function collector() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

afterEach(() => vi.restoreAllMocks());

describe('createProgress', () => {
  it('prints nothing anywhere when disabled', () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    const sink = collector();
    const progress = createProgress(3, { enabled: false, stream: sink.stream });
    progress.tick('alice');
    progress.stop();
    expect(sink.text()).toBe('');
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  });

  it('shows the count and the last label when enabled', () => {
    const sink = collector();
    Object.assign(sink.stream, { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    const progress = createProgress(2, { enabled: true, stream: sink.stream });
    progress.tick('alice');
    progress.tick('bob');
    progress.stop();
    progress.stop();
    expect(sink.text()).toContain('2/2 bob');
  });
});
