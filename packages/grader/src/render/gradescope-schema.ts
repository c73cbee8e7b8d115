// Validation of results.json against the published schema, with one readable line per problem.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
// a static import, so bundles (the student CLI) carry the schema inside them
import resultsSchema from '../../schema/results.schema.json';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    compiled = new Ajv({ allErrors: true, strict: true }).compile(resultsSchema);
  }
  return compiled;
}

/** Problems with a results.json object, each starting with its JSON path ("$.tests[0].status"); empty when valid. */
export function validateGradescope(value: unknown): string[] {
  const validate = validator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describeError);
}

function describeError(error: ErrorObject): string {
  const path = jsonPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${childPath(path, String(params.missingProperty))}: required field is missing`;
    case 'additionalProperties':
      return `${childPath(path, String(params.additionalProperty))}: unknown field (not in Gradescope's format)`;
    case 'enum':
      return `${path}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${path}: ${error.message ?? error.keyword}`;
  }
}

/** "/tests/0/status" (JSON Pointer) -> "$.tests[0].status". */
function jsonPath(pointer: string): string {
  if (pointer === '') return '$';
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(childPath, '$');
}

function childPath(parent: string, key: string): string {
  if (/^\d+$/.test(key)) return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}
