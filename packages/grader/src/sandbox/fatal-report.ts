// What Node and V8 write to stderr as a process dies of a fatal error (out of memory, process.abort(), a failed
// V8 check): GC traces, "FATAL ERROR: ...", native stack frames with the grader's paths. None of it helps a
// student and none of it may reach what a test shows, so it is cut from the child's stderr and one line says
// what happened instead. The test's own message says it too ("your code ran out of memory during ...").
import { StringDecoder } from 'node:string_decoder';

/** Lines that open the report; everything after one of them, to the process's end, is the report. */
const REPORT_START = [
  /^<--- Last few GCs --->$/,
  /^<--- JS stacktrace --->$/,
  /^FATAL ERROR: /,
  /^----- Native stack trace -----$/,
  /^----- JavaScript stack trace -----$/,
  /^#\s*Fatal error in /,
];
const OUT_OF_MEMORY = /Last few GCs|JS stacktrace|out of memory|heap limit/;
/** The longest start of a line that may still turn into a report's first line: kept back until it does or does not. */
const LONGEST_MARKER = 40;

export const OUT_OF_MEMORY_NOTE = "[the process ran out of memory here and was stopped; Node's crash report is left out]";
export const FATAL_ERROR_NOTE = "[the process stopped here with a fatal error (process.abort() or a crash inside Node); Node's crash report is left out]";

function startsReport(line: string): boolean {
  const text = line.replace(/\r?\n$/, '').trimStart();
  return REPORT_START.some((re) => re.test(text));
}

function mayStartReport(partial: string): boolean {
  const text = partial.trimStart();
  return text.length < LONGEST_MARKER && ['<--- ', 'FATAL ERROR: ', '----- ', '#'].some((m) => m.startsWith(text) || text.startsWith(m));
}

/**
 * Passes a child's stderr through, line by line, until a fatal-error report starts; from there on it drops
 * everything (the process is dying) and emits one note in its place. Memory use is bounded: at most the
 * start of one line is held back.
 */
export class FatalReportFilter {
  private readonly decoder = new StringDecoder('utf8');
  /** The start of a line that may still become a report's first line. */
  private pending = '';
  /** Whether the text passed on so far ends inside a line (a marker only counts at a line's start). */
  private midLine = false;
  private dropping = false;

  constructor(private readonly emit: (text: string) => void) {}

  write(chunk: Buffer): void {
    if (this.dropping) return;
    let text = this.pending + this.decoder.write(chunk);
    this.pending = '';
    let passed = '';
    while (text !== '') {
      const end = text.indexOf('\n');
      if (end < 0) {
        if (!this.midLine && mayStartReport(text)) this.pending = text;
        else {
          passed += text;
          this.midLine = true;
        }
        break;
      }
      const line = text.slice(0, end + 1);
      text = text.slice(end + 1);
      if (!this.midLine && startsReport(line)) {
        const rest = line + text;
        this.dropping = true;
        passed += `${passed === '' || passed.endsWith('\n') ? '' : '\n'}${OUT_OF_MEMORY.test(rest) ? OUT_OF_MEMORY_NOTE : FATAL_ERROR_NOTE}\n`;
        break;
      }
      passed += line;
      this.midLine = false;
    }
    if (passed !== '') this.emit(passed);
  }

  /** Passes on a held-back line start: a call's output is complete when it is taken. */
  flush(): void {
    if (this.pending === '') return;
    this.emit(this.pending);
    this.pending = '';
    this.midLine = true;
  }
}
