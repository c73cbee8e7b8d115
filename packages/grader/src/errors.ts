/**
 * A mistake by the person running the grader (a bad spec, a missing file, an unknown assignment):
 * a value with a code, the file, the JSON path or argument, and expected vs actual.
 * The CLI prints it as one line and exits 2; it never becomes a stack trace.
 */
export class UserError extends Error {
  readonly code: string;
  readonly file?: string;
  readonly path?: string;
  readonly expected?: string;
  readonly actual?: string;

  constructor(fields: { code: string; message: string; file?: string; path?: string; expected?: string; actual?: string }) {
    super(fields.message);
    this.name = 'UserError';
    this.code = fields.code;
    this.file = fields.file;
    this.path = fields.path;
    this.expected = fields.expected;
    this.actual = fields.actual;
  }
}

/** The one-line form: `file: path: message (expected X, got Y)`. */
export function formatUserError(e: UserError): string {
  const where = [e.file, e.path].filter(Boolean).join(': ');
  const wanted = e.expected !== undefined ? ` (expected ${e.expected}${e.actual !== undefined ? `, got ${e.actual}` : ''})` : '';
  return `${where ? `${where}: ` : ''}${e.message}${wanted}`;
}
