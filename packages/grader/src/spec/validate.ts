import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { checkFor } from '../checks/registry';
import { UserError } from '../errors';
import schema from '../../schema/assignment.schema.json';
import { closestName } from './suggest';
import type { AssignmentSpec, MethodStep, ObjectTestSpec, SetStep, TestSpec } from './types';

// verbose: errors carry the schema node they come from, whose fields are what a misspelt name is matched against
const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
const validateSchema = ajv.compile<AssignmentSpec>(schema);

type SchemaNode = { properties?: Record<string, unknown>; $ref?: string; allOf?: SchemaNode[]; if?: object; then?: SchemaNode };

function resolveRef(ref: string): SchemaNode | undefined {
  if (!ref.startsWith('#/')) return undefined;
  return valueAt(schema, ref.slice(1)) as SchemaNode | undefined;
}

/** The field names a schema node allows for this value: its properties, those of its $ref and allOf, and of each if/then whose `if` the value meets. */
function allowedFields(node: SchemaNode | undefined, value: unknown): string[] {
  if (node === undefined || node === null || typeof node !== 'object') return [];
  const names = Object.keys(node.properties ?? {});
  if (node.$ref) names.push(...allowedFields(resolveRef(node.$ref), value));
  for (const sub of node.allOf ?? []) names.push(...allowedFields(sub, value));
  if (node.if && node.then && ajv.validate(node.if, value)) names.push(...allowedFields(node.then, value));
  return [...new Set(names)];
}

const unknownField = (e: ErrorObject) => {
  const p = e.params as Record<string, unknown>;
  return (e.keyword === 'additionalProperties' ? p.additionalProperty : e.keyword === 'unevaluatedProperties' ? p.unevaluatedProperty : undefined) as string | undefined;
};

function describeAjvError(e: ErrorObject, all: ErrorObject[]): { path: string; message: string; expected?: string; actual?: string } {
  const path = e.instancePath || '/';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      // a misspelt required field shows up twice, as missing and as unknown: name both
      const missing = String(p.missingProperty);
      const strays = all.filter((o) => o.instancePath === e.instancePath).map(unknownField).filter((n): n is string => n !== undefined);
      const misspelt = strays.find((n) => closestName(n, [missing]) !== undefined);
      return { path, message: `missing field '${missing}'${misspelt ? ` ('${misspelt}' is there: a misspelling of '${missing}'?)` : ''}` };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = unknownField(e) ?? '';
      const allowed = allowedFields(e.parentSchema as SchemaNode, e.data);
      const guess = closestName(name, allowed);
      return {
        path, message: `unknown field '${name}'${guess ? `: did you mean '${guess}'?` : ''}`,
        expected: allowed.length ? `one of ${allowed.join(', ')}` : 'only the fields the schema defines',
      };
    }
    case 'enum':
      return { path, message: 'value not allowed', expected: `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    default:
      return { path, message: e.message ?? e.keyword };
  }
}

/** The kinds the schema names that have a check in checks/registry.ts; the others are refused when the spec loads, not halfway through grading. */
const IMPLEMENTED_KINDS = ((schema.$defs.test.properties.kind.enum ?? []) as TestSpec['kind'][]).filter((kind) => {
  try {
    checkFor({ kind } as TestSpec, '', 0);
    return true;
  } catch {
    return false;
  }
});

function valueAt(doc: unknown, pointer: string): unknown {
  let cur = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

/** Kinds whose checks measure nothing (no CaseVerdict.measured): a credit formula on them could only give 0. */
const UNMEASURED_KINDS: readonly TestSpec['kind'][] = ['fixture', 'numeric', 'gradcheck', 'structure', 'train-step'];

/** A credit formula's rules the schema cannot state: a measuring kind, thresholds ascending, points within the test's. */
function checkCredit(t: TestSpec, path: string, file: string): void {
  const credit = t.credit;
  if (typeof credit !== 'object') return;
  if ('thresholds' in credit) {
    credit.thresholds.forEach(([atLeast, points], k) => {
      const [before, pointsBefore] = credit.thresholds[k - 1] ?? [-Infinity, 0];
      if (atLeast <= before) {
        throw new UserError({ code: 'E_SPEC', file, path: `${path}/thresholds/${k}/0`, message: 'thresholds must ascend', expected: `more than ${before}`, actual: String(atLeast) });
      }
      if (points < pointsBefore || points > t.points) {
        throw new UserError({
          code: 'E_SPEC', file, path: `${path}/thresholds/${k}/1`, message: 'a higher threshold earns at least the points of a lower one, and at most the test\'s points',
          expected: `${pointsBefore} to ${t.points}`, actual: String(points),
        });
      }
    });
  }
  if (UNMEASURED_KINDS.includes(t.kind)) {
    throw new UserError({
      code: 'E_SPEC', file, path, message: `a credit formula scores a value the check measures (an accuracy), and a '${t.kind}' test measures none`,
      expected: '"all-or-nothing" or "per-case"',
    });
  }
}

/** An object test's steps: each a method with returns, or a set; atLeast on accuracy steps; one accuracy step at most. */
function checkObjectSteps(t: ObjectTestSpec, exports: string[], path: string, file: string): void {
  const fail = (at: string, message: string, expected?: string): never => {
    throw new UserError({ code: 'E_SPEC', file, path: at, message, ...(expected !== undefined ? { expected } : {}) });
  };
  let accuracySteps = 0;
  t.steps.forEach((step, k) => {
    const at = `${path}/steps/${k}`;
    const fields = step as Partial<MethodStep & SetStep>;
    if (fields.set !== undefined) {
      for (const other of ['method', 'returns', 'atLeast'] as const) {
        if (fields[other] !== undefined) fail(`${at}/${other}`, `a step either sets a field or calls a method: '${other}' cannot go with 'set'`, `{ "set": "${fields.set}" } alone`);
      }
      return;
    }
    if (fields.method === undefined) fail(at, "missing field 'method' (or 'set')", '{ "method": name, "returns": kind } or { "set": field }');
    if (fields.returns === undefined) fail(at, "missing field 'returns'", 'what the method returns: tensor, number, loss-and-grads, history, accuracy or none');
    if (fields.returns === 'accuracy') accuracySteps++;
    if (fields.atLeast !== undefined && fields.returns !== 'accuracy') fail(`${at}/atLeast`, 'atLeast applies to accuracy steps only', '"returns": "accuracy"');
    if (fields.returns === 'accuracy' && fields.atLeast === undefined && !(typeof t.credit === 'object')) {
      fail(at, 'an accuracy step needs a bar: its own atLeast, or a credit formula on the test', '"atLeast": 1 or the test\'s "credit": { "clampFloor" | "thresholds" }');
    }
  });
  if (accuracySteps > 1) fail(`${path}/steps`, `${accuracySteps} accuracy steps: a case measures one accuracy`, 'one step with "returns": "accuracy" per test');
  const news = JSON.stringify(t.args ?? []).match(/"\$new":"[^"]*"/g) ?? [];
  for (const n of news) {
    const name = n.slice(8, -1);
    if (!exports.includes(name)) fail(`${path}/args`, `{"$new": "${name}"}: '${name}' is not among the student exports`, `one of ${exports.join(', ')}`);
  }
}

/**
 * Validates a parsed assignment.json against the published schema, then the cross-field rules the schema
 * cannot state. Throws a UserError naming the file, the JSON path and what was expected.
 */
export function validateAssignmentSpec(doc: unknown, file: string): AssignmentSpec {
  if (!validateSchema(doc)) {
    // if/then branches repeat the same complaint; the first is the one to fix first
    const errors = (validateSchema.errors ?? []).filter((e) => e.keyword !== 'if');
    const first = describeAjvError(errors[0], errors);
    // the offending value, when it is short enough to quote: a scalar, never a whole object
    const value = valueAt(doc, errors[0].instancePath);
    const quotable = value === null || typeof value !== 'object';
    const got = first.expected !== undefined && first.actual === undefined && quotable ? JSON.stringify(value) : first.actual;
    const more = errors.length > 1 ? ` (+${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
    throw new UserError({ code: 'E_SPEC', file, path: first.path, message: first.message + more, expected: first.expected, actual: got });
  }
  const spec = doc;
  for (const name of Object.keys(spec.returns ?? {})) {
    if (!spec.exports.includes(name)) {
      throw new UserError({
        code: 'E_SPEC', file, path: `/returns/${name}`, message: `'${name}' is not among the student exports`,
        expected: `one of ${spec.exports.join(', ')}`, actual: name,
      });
    }
  }
  const seen = new Set<string>();
  spec.tests.forEach((t, i) => {
    if (!IMPLEMENTED_KINDS.includes(t.kind)) {
      throw new UserError({
        code: 'E_KIND', file, path: `/tests/${i}/kind`,
        message: `test kind '${t.kind}' is not implemented yet: the schema reserves it, but this grader version has no check for it`,
        expected: `one of ${IMPLEMENTED_KINDS.join(', ')}`, actual: t.kind,
      });
    }
    if (seen.has(t.number)) {
      throw new UserError({ code: 'E_SPEC', file, path: `/tests/${i}/number`, message: `duplicate test number '${t.number}'`, expected: 'numbers unique within the assignment' });
    }
    seen.add(t.number);
    for (const field of ['call', 'backward', 'class', 'optimizer', 'settings'] as const) {
      const symbol = (t as unknown as Record<string, unknown>)[field];
      if (typeof symbol === 'string' && !spec.exports.includes(symbol)) {
        throw new UserError({
          code: 'E_SPEC', file, path: `/tests/${i}/${field}`, message: `'${symbol}' is not among the student exports`,
          expected: `one of ${spec.exports.join(', ')}`, actual: symbol,
        });
      }
    }
    checkCredit(t, `/tests/${i}/credit`, file);
    if ((t.kind === 'structure' || t.kind === 'train-step' || t.kind === 'train') && !(spec.libraries ?? []).includes('@tensorflow/tfjs')) {
      throw new UserError({
        code: 'E_SPEC', file, path: `/tests/${i}/kind`, message: `a ${t.kind} test runs tfjs models in the student's process, so student code must be allowed to import tfjs`,
        expected: '"libraries": ["@tensorflow/tfjs"] at the top of the spec', actual: JSON.stringify(spec.libraries ?? []),
      });
    }
    if (t.kind === 'predictions' && typeof t.credit !== 'object') {
      throw new UserError({
        code: 'E_SPEC', file, path: `/tests/${i}/credit`, message: 'a predictions test scores its accuracy with a credit formula',
        expected: '{ "thresholds": [[atLeast, points], ...] } or { "clampFloor": { ... } }', actual: JSON.stringify(t.credit),
      });
    }
    if (t.kind === 'train' && (t.baseline === undefined) === (typeof t.credit !== 'object')) {
      throw new UserError({
        code: 'E_SPEC', file, path: `/tests/${i}/${t.baseline === undefined ? 'credit' : 'baseline'}`,
        message: t.baseline === undefined ? 'a train test scores its held-out accuracy with a credit formula, or compares it with a baseline model' : 'a train test with a baseline passes or fails by the comparison: it takes no credit formula',
        expected: '"credit": { "thresholds": [[atLeast, points], ...] } or "baseline": "<topology file>", one of them', actual: JSON.stringify(t.baseline === undefined ? t.credit ?? null : t.credit),
      });
    }
    if (t.kind === 'object') checkObjectSteps(t, spec.exports, `/tests/${i}`, file);
    if (t.kind === 'gradcheck' && spec.returns?.[t.call] !== 'out-and-cache') {
      throw new UserError({
        code: 'E_SPEC', file, path: `/tests/${i}/call`,
        message: `'${t.call}' is the forward of a gradcheck test, so it returns [out, cache] for its backward: declare it in "returns"`,
        expected: `"returns": { "${t.call}": "out-and-cache" }`, actual: JSON.stringify(spec.returns?.[t.call] ?? 'value'),
      });
    }
  });
  const logNumber = spec.variants?.log?.number ?? (spec.variants ? '0' : undefined);
  if (logNumber !== undefined && seen.has(logNumber)) {
    throw new UserError({
      code: 'E_SPEC', file, path: '/variants/log/number', message: `the evaluation-log test's number '${logNumber}' is a test's number already`,
      expected: 'a number no test in tests uses',
    });
  }
  return spec;
}
