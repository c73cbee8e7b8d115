import { DatasetError } from '../errors';

/** Test helper: the DatasetError f throws; anything else it throws is rethrown, and throwing nothing fails. */
export function caught(f: () => unknown): DatasetError {
  try {
    f();
  } catch (e) {
    if (e instanceof DatasetError) return e;
    throw e;
  }
  throw new Error('expected a DatasetError, none was thrown');
}
