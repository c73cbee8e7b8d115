import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './json-syntax';
import { repoRoot } from './locate';

const ROOT = repoRoot() ?? '.';

/** JSON.parse's verdict, to hold the scanner to the same language. */
const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('findJsonSyntaxError', () => {
  const valid = [
    readFileSync(join(ROOT, 'graders', 'cnn-layers', 'assignment.json'), 'utf8'),
    readFileSync(join(ROOT, 'packages', 'grader', 'schema', 'assignment.schema.json'), 'utf8'),
    '0', '-1.5e-10', '"a\\u00e9\\n"', '[]', '{}', ' [ 1 , { "a" : [ true , false , null ] } ] ', '"\\\\"',
  ];
  it.each(valid.map((t, i) => [i, t]))('finds nothing wrong in valid JSON #%i', (_, text) => {
    expect(parses(text)).toBe(true);
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  const invalid: [string, number, number, RegExp][] = [
    ['', 1, 1, /end of the file/],
    ['{ "a": 1, }', 1, 9, /trailing comma/],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /expected ',' or '}' after a field value, found '"' \(a missing comma\?\)/],
    ['[1 2]', 1, 4, /a missing comma/],
    ['{ a: 1 }', 1, 3, /field name in double quotes/],
    ["{ 'a': 1 }", 1, 3, /double quotes, not single quotes/],
    ['{ "a": tru }', 1, 8, /unknown word 'tru'/],
    ['{ "a": 01 }', 1, 8, /not a valid number/],
    ['{ "a": "x\n" }', 1, 10, /past the end of its line/],
    ['{ "a": "\\x" }', 1, 9, /unknown escape/],
    ['{ "a": 1 } x', 1, 12, /after the end/],
    ['{ "a": 1 // note\n}', 1, 10, /comments are not allowed/],
    ['{ "a": [1, 2 }', 1, 14, /the '\[' opened at line 1, column 8 should close \(a missing '\]'\?\)/],
    ['{ "a": { "b": [1]\n', 1, 8, /this '\{' is never closed/],
    ['{ "a": "never closed', 1, 8, /never closed/],
  ];
  it.each(invalid)('%j: line %i, column %i', (text, line, column, reason) => {
    expect(parses(text)).toBe(false);
    const e = findJsonSyntaxError(text);
    expect(e).toMatchObject({ line, column });
    expect(e?.reason).toMatch(reason);
  });
});
