import { SUBMISSION_SOURCE_PREFIX } from '../protocol';
import { execRegExp, indexOfText, isInteger, sliceText, toJson } from './intrinsics';

const MAX_TEXT = 300;
/** How much of a stack after the submission's prefix is searched for `file:line:col`. */
const FRAME_WINDOW = 1000;

/**
 * One line for whatever the student's code threw: `TypeError: x.get is not a function (at
 * layers.ts:12:5)` for an Error, `threw the number 42, not an Error` for anything else.
 * Every part taken from the thrown value is clipped. Never throws itself, even for hostile getters.
 */
export function describeThrown(e: unknown): string {
  try {
    if (e !== null && typeof e === 'object' && typeof (e as Error).message === 'string') {
      const name = typeof (e as Error).name === 'string' && (e as Error).name !== '' ? clip((e as Error).name) : 'Error';
      const frame = studentFrame((e as Error).stack);
      return `${name}: ${clip((e as Error).message)}${deniedBy(e)}${frame ? ` (at ${frame})` : ''}`;
    }
    return `threw ${describeValue(e)}, not an Error`;
  } catch {
    return 'threw a value that could not be described';
  }
}

/** Node's permission errors say only "Access to this API has been restricted": say what was denied. */
function deniedBy(e: object): string {
  const { code, permission, resource } = e as { code?: unknown; permission?: unknown; resource?: unknown };
  if (code !== 'ERR_ACCESS_DENIED') return '';
  const what = typeof permission === 'string' ? ` ${clip(permission)}` : '';
  const on = typeof resource === 'string' && resource !== '' ? ` on ${clip(resource)}` : '';
  return ` [ERR_ACCESS_DENIED: the grader's sandbox denied${what}${on}]`;
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'number') return `the number ${isInteger(v) ? v : String(v)}`;
  if (typeof v === 'string') return `the string ${toJson(clip(v))}`;
  if (typeof v === 'object') {
    let text: string | undefined;
    try {
      text = toJson(v);
    } catch {
      text = undefined;
    }
    return typeof text !== 'string' ? 'an object' : `the object ${clip(text)}`;
  }
  return `a ${typeof v}`;
}

/** The first stack frame inside the submission's own files, as `file.ts:line:col`, the file name clipped. */
export function studentFrame(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const at = indexOfText(stack, SUBMISSION_SOURCE_PREFIX);
  if (at < 0) return undefined;
  const start = at + SUBMISSION_SOURCE_PREFIX.length;
  const match = execRegExp(/^([^\n]+?):(\d+):(\d+)/, sliceText(stack, start, start + FRAME_WINDOW));
  if (match !== null) return `${clip(match[1])}:${clip(match[2])}:${clip(match[3])}`;
  // a file name longer than the window: name what can be shown
  const line = execRegExp(/^[^\n]*/, sliceText(stack, start, start + MAX_TEXT + 1));
  return line === null || line[0] === '' ? undefined : clip(line[0]);
}

/** text, or its first `max` characters and an ellipsis. */
export function clipText(text: string, max: number): string {
  return text.length > max ? `${sliceText(text, 0, max)}…` : text;
}

function clip(text: string): string {
  return clipText(text, MAX_TEXT);
}
