import { studentFrame } from './child/thrown';
import type { FailureKind } from './protocol';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of what the child wrote to stderr. */
  stderrTail: string;
}

const HEAP_EXHAUSTED = /heap out of memory|Reached heap limit|Allocation failed/;
const ERROR_LINE = /^(?:Uncaught )?(?:[A-Za-z$_][\w$]*)?(?:Error|Exception)\b.*$/m;

/** How every message states the memory limit: one number, the assignment's memoryMb. */
export function memoryLimit(memoryMb: number): string {
  return `the memory limit of ${memoryMb} MB`;
}

/**
 * Why the child ended when nobody killed it, for the student: `during` says when
 * ("during conv_forward (1.1/case-2)" or "while loading").
 */
export function describeExit(exit: ChildExit, during: string, memoryMb: number): { failure: FailureKind; message: string } {
  if (HEAP_EXHAUSTED.test(exit.stderrTail)) {
    return { failure: 'memory', message: `your code ran out of memory ${during}: it needed more than ${memoryLimit(memoryMb)}` };
  }
  if (exit.code === null && exit.signal === null) {
    // spawn itself failed: the grader's environment, not the student's code
    return { failure: 'exited', message: `the sandbox process could not start ${during}: ${exit.stderrTail.trim().slice(-300)}` };
  }
  if (exit.signal === 'SIGABRT') {
    return { failure: 'exited', message: `your code aborted the process ${during} (process.abort(), or a fatal error inside Node)` };
  }
  if (exit.signal !== null) {
    return { failure: 'exited', message: `the process running your code was killed by ${exit.signal} ${during}` };
  }
  const error = exit.code !== 0 ? ERROR_LINE.exec(exit.stderrTail) : null;
  if (error !== null) {
    const frame = studentFrame(exit.stderrTail.slice(error.index));
    return { failure: 'exited', message: `your code crashed the process ${during}: ${error[0].trim().slice(0, 300)}${frame ? ` (at ${frame})` : ''}` };
  }
  return { failure: 'exited', message: `your code ended the process (process.exit(${exit.code})) ${during}` };
}
