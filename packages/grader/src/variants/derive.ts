// The stable derivations behind per-student variants (docs/variants.md). Changing any of them changes every
// student's variant and invalidates every evaluation log already written: variants.test.ts pins them.
import { createHash } from 'node:crypto';
import { RandomState } from '@gradient/tensor';
import type { FixtureCase } from '../fixtures/case';
import { setSalt } from '../fixtures/generate';
import type { AssignmentSpec } from '../spec/types';

export const DEFAULT_POOL = 4;

/** The first 4 bytes of SHA-256 of the lines, big-endian: a seed in [0, 2^32) for a RandomState. */
function seedOf(lines: string[]): number {
  return createHash('sha256').update(lines.join('\n'), 'utf8').digest().readUInt32BE(0);
}

/**
 * The variant seed of one student: SHA-256 of "gradient-variant-v1\n<assignment>\n<username>\n<seed>" (seed in
 * decimal), first 4 bytes big-endian. The same for every run, machine and version; independent of test order.
 */
export function variantSeed(assignment: string, username: string, seed: number): number {
  return seedOf(['gradient-variant-v1', assignment, username, String(seed)]);
}

/** Pool member j's fixture seed: member 0 is the committed public set (publicSeed); the others are derived from it. */
export function poolSeed(assignment: string, publicSeed: number, j: number): number {
  return j === 0 ? publicSeed : seedOf(['gradient-pool-v1', assignment, String(publicSeed), String(j)]);
}

export function poolSize(spec: AssignmentSpec): number {
  return spec.variants?.pool ?? DEFAULT_POOL;
}

/**
 * Which pool member each case of each set comes from. Per set, a RandomState seeded from the variant seed and
 * the set's name (the same salt the generator uses, so sets are independent of each other and of test order)
 * draws one member per case slot, `randint(0, pool)` in slot order. A set whose members do not list the same case
 * names (a generator whose public cases depend on the seed) takes every case from the first slot's member.
 */
export function variantPicks(pool: Record<string, FixtureCase[]>[], vseed: number): Record<string, number[]> {
  const picks: Record<string, number[]> = {};
  for (const name of Object.keys(pool[0]).sort()) {
    const rng = new RandomState((vseed + setSalt(name)) >>> 0);
    const names = pool[0][name].map((c) => c.name).join('\n');
    const aligned = pool.every((member) => member[name]?.map((c) => c.name).join('\n') === names);
    const slots = pool[0][name].map(() => rng.randint(0, pool.length) as number);
    picks[name] = aligned ? slots : slots.map(() => slots[0]);
  }
  return picks;
}

/** The public sets of one variant: each case taken from the pool member its pick names. */
export function variantSets(pool: Record<string, FixtureCase[]>[], vseed: number): Record<string, FixtureCase[]> {
  const picks = variantPicks(pool, vseed);
  const sets: Record<string, FixtureCase[]> = {};
  for (const [name, members] of Object.entries(picks)) {
    // one member for the whole set (unaligned members may not even have the same number of cases)
    sets[name] = members.every((j) => j === members[0]) ? pool[members[0]][name] : members.map((j, k) => pool[j][name][k]);
  }
  return sets;
}
