// What a shard's output folder says about itself, so that `gradient merge` can refuse shards that do not
// belong together and name a missing one. Written next to the shard's gradebook as shard.json.
import { createHash } from 'node:crypto';
import type { BatchResult } from '../model';
import type { Assignment } from '../spec/types';
import type { Shard } from './shard';

export const SHARD_FILE = 'shard.json';
/** The full results of the shard's submissions, which merge re-renders (results.json files hold less). */
export const SHARD_RESULTS_FILE = 'batch.json';

export interface ShardRecord {
  assignment: string;
  /** SHA-256 of the spec as loaded: shards graded under different versions of assignment.json must not be merged. */
  specDigest: string;
  hidden: boolean;
  shard: Shard;
  /** The shard's submissions: id and the folder or zip name they came from, in the class folder's order. */
  submissions: { id: string; source: string }[];
}

export function specDigestOf(a: Assignment): string {
  return createHash('sha256').update(JSON.stringify(a.spec)).digest('hex');
}

// JSON has no NaN or Infinity, and a relative error may be one: they travel as {"$number": "Infinity"}
export function stringifyResults(batch: BatchResult): string {
  return `${JSON.stringify(batch, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v), 1)}\n`;
}

export function parseResults(text: string): BatchResult {
  return JSON.parse(text, (_k, v: unknown) => {
    const n = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 ? (v as { $number?: unknown }).$number : undefined;
    return typeof n === 'string' ? Number(n) : v;
  }) as BatchResult;
}
