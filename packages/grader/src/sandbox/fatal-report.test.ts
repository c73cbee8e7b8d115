import { describe, expect, it } from 'vitest';
import { FATAL_ERROR_NOTE, FatalReportFilter, OUT_OF_MEMORY_NOTE } from './fatal-report';

// What a Node 20 child wrote to stderr when it exhausted a 128 MB heap, and when it called process.abort()
const OOM = `
<--- Last few GCs --->

[21198:0xc277930]      179 ms: Mark-Compact 127.9 (161.9) -> 127.6 (161.1) MB, 4.59 / 0.00 ms  (average mu = 0.745, current mu = 0.344) allocation failure; scavenge might not succeed


<--- JS stacktrace --->

FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory
----- Native stack trace -----

 1: 0xb78db3 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [/usr/bin/node]
 2: 0xee8300 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [/usr/bin/node]
16: 0x195e476  [/usr/bin/node]
`;
const ABORT = `----- Native stack trace -----

 1: 0xd3a3c0  [/usr/bin/node]
 5: 0x195e376  [/usr/bin/node]

----- JavaScript stack trace -----

1: grow (file:///tmp/gradient-sandbox-z0OVBv/submission.mjs:4:11)
2: plainCall (file:///tmp/gradient-runner-55ea4d1122a9c77a-HsgPVF/runner.mjs:1480:15)
`;

/** Feeds text in chunks of `size` bytes and returns what passed, with a take (flush) at the end. */
function filtered(text: string, size = Infinity): string {
  let out = '';
  const filter = new FatalReportFilter((t) => (out += t));
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += Math.min(size, bytes.length)) filter.write(bytes.subarray(at, at + size));
  filter.flush();
  return out;
}

describe('FatalReportFilter', () => {
  it('replaces an out-of-memory report with one line, keeping what the student printed before it', () => {
    expect(filtered(`epoch 1\nepoch 2\n${OOM}`)).toBe(`epoch 1\nepoch 2\n\n${OUT_OF_MEMORY_NOTE}\n`);
  });

  it('replaces the report of process.abort() with one line', () => {
    expect(filtered(`before\n${ABORT}`)).toBe(`before\n${FATAL_ERROR_NOTE}\n`);
  });

  it('finds the report whatever the chunks, even split inside a marker or a multi-byte character', () => {
    const text = `naïve → ✓\npartial line ${OOM}`;
    const whole = filtered(text);
    expect(whole).toBe(`naïve → ✓\npartial line \n${OUT_OF_MEMORY_NOTE}\n`);
    for (const size of [1, 2, 3, 7, 64]) expect(filtered(text, size)).toBe(whole);
  });

  it('leaves ordinary prints alone, also lines that only look like the start of a marker', () => {
    const text = '----- epoch 3 -----\n<--- my arrow\n# heading\nFATAL ERRORS: 0\nno newline at the end ----- ';
    expect(filtered(text)).toBe(text);
    expect(filtered(text, 1)).toBe(text);
  });

  it('counts a marker only at the start of a line', () => {
    expect(filtered('x = FATAL ERROR: none\n')).toBe('x = FATAL ERROR: none\n');
  });
});
