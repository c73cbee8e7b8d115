// Reads the student's `exercise({ username, seed })` call from the text of the entry file. The grader never runs
// student code to learn the variant: the call must hold literals, and it is found the same way locally and at grading.

export interface ExerciseCall {
  username: string;
  seed: number;
}

export type ExerciseRead = ({ ok: true } & ExerciseCall) | { ok: false; message: string };

/** What the starter holds until the student fills it in. */
export const PLACEHOLDER_USERNAME = 'your-username';
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;
const CALL = /\bexercise\s*\(/g;
const LITERAL_CALL = /^exercise\s*\(\s*\{\s*username\s*:\s*(['"])([^'"\n]*)\1\s*,\s*seed\s*:\s*([^\s,}]+)\s*,?\s*\}\s*\)/;

/** Comments blanked (same length, so offsets stay), so a commented-out call is not a call. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
}

export function exampleCall(seed = 0): string {
  return `exercise({ username: '${PLACEHOLDER_USERNAME}', seed: ${seed} })`;
}

export function readExerciseCall(text: string, entry: string): ExerciseRead {
  const code = withoutComments(text);
  // calls only: not `function exercise(` (the starter's definition)
  const calls = [...code.matchAll(CALL)].filter((m) => !/function\s*$/.test(code.slice(0, m.index)));
  const fix = `put one call at the top level of ${entry}, with your username and a seed: ${exampleCall()}`;
  if (calls.length === 0) return { ok: false, message: `${entry} has no exercise({ username, seed }) call: ${fix}` };
  if (calls.length > 1) return { ok: false, message: `${entry} has ${calls.length} exercise(...) calls; keep exactly one` };
  const m = LITERAL_CALL.exec(code.slice(calls[0].index));
  if (m === null) {
    return { ok: false, message: `the exercise call in ${entry} must be written with literals, as ${exampleCall()} (a username in quotes, then an integer seed)` };
  }
  const [, , username, seedText] = m;
  if (username === PLACEHOLDER_USERNAME) return { ok: false, message: `fill in your username in the exercise call of ${entry} (it still says '${PLACEHOLDER_USERNAME}')` };
  if (!USERNAME.test(username)) {
    return { ok: false, message: `the username '${username}' in the exercise call of ${entry} is not allowed (expected 1 to 64 letters, digits or . _ @ + -, starting with a letter or a digit)` };
  }
  const seed = /^(0|[1-9][0-9]*)$/.test(seedText) ? Number(seedText) : NaN;
  if (!Number.isSafeInteger(seed) || seed > 0xffffffff) {
    return { ok: false, message: `the seed '${seedText}' in the exercise call of ${entry} is not allowed (expected an integer from 0 to 4294967295, digits only)` };
  }
  return { ok: true, username, seed };
}
