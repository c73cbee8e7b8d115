// What the student prints goes to the child's stdout and stderr, pipes to the grader. Node writes
// to pipes asynchronously: a flood returns at once with the writes queued in memory, and a later,
// unrelated call dies of it (the batched write fails with ENOBUFS and the stream's unhandled
// 'error' event ends the process, or the queue's memory is charged to that call).

import { asListener } from './intrinsics';

const ignore = asListener((): void => {});

/**
 * Makes both streams write synchronously, so a write finishes inside the call that made it (which
 * its time limit covers) and nothing queues; write errors are ignored, as output is only a report.
 */
export function makeStudentOutputSafe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const handle = (stream as unknown as { _handle?: { setBlocking?(on: boolean): number } })._handle;
    handle?.setBlocking?.(true);
    stream.on('error', ignore);
  }
}
