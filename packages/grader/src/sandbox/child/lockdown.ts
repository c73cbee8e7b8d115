// Node 20's permission model guards the fs module, but some built-ins write files without it:
// V8 flags set at run time (--trace-turbo-path=..., --redirect-code-traces-to=...), trace_events
// (node_trace.*.log), heap snapshots taken near the heap limit and diagnostic reports on a fatal
// error (both into a folder the code may choose). The runner closes those before the student's
// module loads. process.binding and the inspector are already denied by the permission model.
import { createRequire, syncBuiltinESMExports } from 'node:module';

/** Thrown in place of the closed functions; thrown.ts words it like Node's own permission errors. */
export class SandboxDenied extends Error {
  readonly code = 'ERR_ACCESS_DENIED';
  constructor(readonly permission: string) {
    super('Access to this API has been restricted');
  }
}

const denied = (what: string) => (): never => {
  throw new SandboxDenied(what);
};

/** Replaces the functions on the builtin module objects, which the CommonJS, ESM and getBuiltinModule views share. */
export function closeUnguardedWriters(): void {
  const require = createRequire(import.meta.url);
  const v8 = require('node:v8') as Record<string, unknown>;
  for (const name of ['setFlagsFromString', 'setHeapSnapshotNearHeapLimit']) v8[name] = denied(`v8.${name}`);
  const traceEvents = require('node:trace_events') as Record<string, unknown>;
  traceEvents.createTracing = denied('trace_events.createTracing');
  // the named exports of `import('node:v8')` are copies: bring them up to date
  syncBuiltinESMExports();

  // process.report's setters choose a folder and turn on writing a report when the process dies
  const report = denied('process.report');
  Object.defineProperty(process, 'report', { configurable: false, enumerable: true, get: report, set: report });
}
