import { readFile } from 'node:fs/promises';

const POLL_MS = 20;

/**
 * Polls a process's resident memory (Linux /proc/<pid>/status, VmRSS) and calls onExceeded once
 * when it passes limitMb. The heap cap alone misses typed arrays, which live outside the V8 heap.
 * Elsewhere there is no /proc: the watch does nothing and the heap cap is the only limit.
 */
export function watchMemory(pid: number, limitMb: number, onExceeded: (rssMb: number) => void): () => void {
  if (process.platform !== 'linux') return () => {};
  let stopped = false;
  let reading = false;
  const timer = setInterval(() => {
    if (reading || stopped) return;
    reading = true;
    readFile(`/proc/${pid}/status`, 'utf8')
      .then((status) => {
        const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
        const rssMb = match ? Number(match[1]) / 1024 : 0;
        if (!stopped && rssMb > limitMb) {
          stopped = true;
          clearInterval(timer);
          onExceeded(rssMb);
        }
      })
      .catch(() => {}) // the process is gone; its exit is handled elsewhere
      .finally(() => {
        reading = false;
      });
  }, POLL_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
