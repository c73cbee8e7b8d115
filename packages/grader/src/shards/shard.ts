// Which shard of a class a submission belongs to: by a hash of its id, not its place in the list, so a
// submission added or removed moves no other one to another shard (and so to another machine's results).
import { createHash } from 'node:crypto';
import { UserError } from '../errors';

export interface Shard {
  /** 1-based, as `--shard 2/8` names it. */
  index: number;
  count: number;
}

/** "K/N" with 1 <= K <= N: the K-th of N shards. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count || count > 10_000) {
    throw new UserError({ code: 'E_ARG', path: '--shard', message: 'invalid shard', expected: 'K/N with 1 <= K <= N <= 10000, e.g. 3/8', actual: text });
  }
  return { index, count };
}

/** The 1-based shard of a submission id among count shards: the first 4 bytes of SHA-256(id), mod count. */
export function shardOf(id: string, count: number): number {
  return (createHash('sha256').update(id, 'utf8').digest().readUInt32BE(0) % count) + 1;
}
