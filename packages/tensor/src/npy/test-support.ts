import { NpyFormatError } from './npy-error';

/** The NpyFormatError that f throws; any other error is rethrown, and throwing nothing fails. */
export function caught(f: () => unknown): NpyFormatError {
  try {
    f();
  } catch (e) {
    if (e instanceof NpyFormatError) return e;
    throw e;
  }
  throw new Error('expected an NpyFormatError, nothing was thrown');
}
