// What a class of variant submissions says about copying (docs/variants.md): logs that do not match their code,
// usernames handed in more than once, and byte-identical code under different submissions.
import type { SubmissionResult } from '../model';

export interface SharedGroup {
  /** The username, or the source digest. */
  key: string;
  submissions: string[];
}

export interface VariantIntegrity {
  /** Submissions whose evaluation log was checked and does not match (a missing or malformed exercise call included). */
  logMismatches: string[];
  /** Usernames in the exercise calls of more than one submission. */
  sharedUsernames: SharedGroup[];
  /** Source digests shared by more than one submission: the same code files, byte for byte. */
  sharedSources: SharedGroup[];
}

function sharedBy(subs: SubmissionResult[], key: (s: SubmissionResult) => string | undefined): SharedGroup[] {
  const groups = new Map<string, string[]>();
  for (const s of subs) {
    const k = key(s);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), s.submission]);
  }
  return [...groups].filter(([, ids]) => ids.length > 1).map(([k, ids]) => ({ key: k, submissions: ids })).sort((x, y) => x.key.localeCompare(y.key));
}

/** Undefined when no submission ran with variants (the assignment has none). */
export function variantIntegrity(submissions: SubmissionResult[]): VariantIntegrity | undefined {
  const withVariant = submissions.filter((s) => s.variant !== undefined);
  if (withVariant.length === 0) return undefined;
  return {
    logMismatches: withVariant.filter((s) => s.variant?.logMatches === false).map((s) => s.submission),
    sharedUsernames: sharedBy(withVariant, (s) => s.variant?.username),
    sharedSources: sharedBy(withVariant, (s) => s.variant?.sourceDigest),
  };
}

/** One line per finding, for the terminal and the class report; empty when there is nothing to look at. */
export function integrityLines(v: VariantIntegrity): string[] {
  const lines: string[] = [];
  if (v.logMismatches.length > 0) lines.push(`evaluation logs that do not match their code: ${v.logMismatches.join(', ')}`);
  for (const g of v.sharedUsernames) lines.push(`username '${g.key}' in the exercise call of ${g.submissions.join(', ')}`);
  for (const g of v.sharedSources) lines.push(`identical code (${g.key.slice(0, 19)}…): ${g.submissions.join(', ')}`);
  return lines;
}
