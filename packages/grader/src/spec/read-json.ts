import { readFileSync } from 'node:fs';
import { UserError } from '../errors';
import { findJsonSyntaxError } from './json-syntax';

/**
 * A JSON file an instructor edits by hand, parsed; a missing file or a syntax error is a UserError naming
 * the file and, for a syntax error, the line and column. `what` says what the file should be.
 */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError({ code: 'E_MISSING', file, message: `cannot read ${what}`, expected: what });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark, as some editors write it
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = findJsonSyntaxError(text);
    if (at === undefined) throw new UserError({ code: 'E_JSON', file, message: `invalid JSON: ${(e as Error).message}` });
    throw new UserError({ code: 'E_JSON', file, path: `line ${at.line}, column ${at.column}`, message: `invalid JSON: ${at.reason}` });
  }
}
