/**
 * A user mistake in a call to a tensor op: names the argument, what was expected and what was given.
 * `code` is stable so callers (the grader, the CLI) can format or match it without parsing text.
 */
export class TensorArgumentError extends Error {
  readonly code: 'E_SHAPE' | 'E_RANK' | 'E_VALUE' | 'E_TYPE';
  readonly argument: string;
  readonly expected: string;
  readonly actual: string;

  constructor(
    code: TensorArgumentError['code'],
    op: string,
    argument: string,
    expected: string,
    actual: string,
  ) {
    super(`${op}: argument '${argument}' expected ${expected}, got ${actual}`);
    this.name = 'TensorArgumentError';
    this.code = code;
    this.argument = argument;
    this.expected = expected;
    this.actual = actual;
  }
}
