// One submission's variant: its exercise call, its source digest, and the public sets it runs on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FixtureCase } from '../fixtures/case';
import type { SubmissionVariant } from '../model';
import type { Assignment } from '../spec/types';
import { variantSeed, variantSets } from './derive';
import { readExerciseCall } from './exercise-call';
import { sourceDigest } from './source-digest';

export interface ResolvedVariant {
  variant: SubmissionVariant;
  /** The variant's public sets; absent when the exercise call is missing or malformed (the shared sets run). */
  sets?: Record<string, FixtureCase[]>;
}

/** `root` and `files` as compileSubmission gives them (the entry exists and is a regular file inside root). */
export function resolveVariant(a: Assignment, root: string, files: string[], pool: Record<string, FixtureCase[]>[] | undefined): ResolvedVariant {
  const { digest, files: covered } = sourceDigest(root, files);
  const base = { sourceDigest: digest, sourceFiles: covered };
  const call = readExerciseCall(readFileSync(join(root, a.spec.entry), 'utf8'), a.spec.entry);
  if (!call.ok) return { variant: { ...base, problem: call.message } };
  if (pool === undefined) throw new Error(`the fixture bank of ${a.spec.name} has no variant pool (load it with loadFixtureBank)`);
  const vseed = variantSeed(a.spec.name, call.username, call.seed);
  return { variant: { ...base, username: call.username, seed: call.seed, variantSeed: vseed }, sets: variantSets(pool, vseed) };
}
