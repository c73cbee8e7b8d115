import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { UserError } from '../errors';
import schema from '../../schema/assignment.schema.json';
import type { AssignmentSpec } from './types';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateSchema = ajv.compile<AssignmentSpec>(schema);

function describeAjvError(e: ErrorObject): { path: string; message: string; expected?: string; actual?: string } {
  const path = e.instancePath || '/';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path, message: `missing field '${p.missingProperty}'` };
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return { path, message: `unknown field '${p.additionalProperty ?? p.unevaluatedProperty}'`, expected: 'only the fields the schema defines' };
    case 'enum':
      return { path, message: 'value not allowed', expected: `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    default:
      return { path, message: e.message ?? e.keyword };
  }
}

function valueAt(doc: unknown, pointer: string): unknown {
  let cur = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

/**
 * Validates a parsed assignment.json against the published schema, then the cross-field rules the schema
 * cannot state. Throws a UserError naming the file, the JSON path and what was expected.
 */
export function validateAssignmentSpec(doc: unknown, file: string): AssignmentSpec {
  if (!validateSchema(doc)) {
    // if/then branches repeat the same complaint; the first is the one to fix first
    const errors = (validateSchema.errors ?? []).filter((e) => e.keyword !== 'if');
    const first = describeAjvError(errors[0]);
    // the offending value, when it is short enough to quote: a scalar, never a whole object
    const value = valueAt(doc, errors[0].instancePath);
    const quotable = value === null || typeof value !== 'object';
    const got = first.expected !== undefined && first.actual === undefined && quotable ? JSON.stringify(value) : first.actual;
    const more = errors.length > 1 ? ` (+${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
    throw new UserError({ code: 'E_SPEC', file, path: first.path, message: first.message + more, expected: first.expected, actual: got });
  }
  const spec = doc;
  const seen = new Set<string>();
  spec.tests.forEach((t, i) => {
    if (seen.has(t.number)) {
      throw new UserError({ code: 'E_SPEC', file, path: `/tests/${i}/number`, message: `duplicate test number '${t.number}'`, expected: 'numbers unique within the assignment' });
    }
    seen.add(t.number);
    for (const field of ['call', 'backward'] as const) {
      const symbol = (t as unknown as Record<string, unknown>)[field];
      if (typeof symbol === 'string' && !spec.exports.includes(symbol)) {
        throw new UserError({
          code: 'E_SPEC', file, path: `/tests/${i}/${field}`, message: `'${symbol}' is not among the student exports`,
          expected: `one of ${spec.exports.join(', ')}`, actual: symbol,
        });
      }
    }
  });
  return spec;
}
