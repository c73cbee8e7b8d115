import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { UserError } from '../errors';
import { generateFixtures } from '../fixtures/generate';
import { writeFixtures } from '../fixtures/manifest';
import { loadAssignment } from '../spec/load';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Lists files that differ between two fixture folders (missing, extra, or different bytes). */
export function diffFixtureDirs(committed: string, fresh: string): string[] {
  const rel = (root: string) => new Set(filesUnder(root).map((f) => relative(root, f)));
  const a = rel(committed);
  const b = rel(fresh);
  const out: string[] = [];
  for (const f of b) if (!a.has(f)) out.push(`missing: ${f}`);
  for (const f of a) if (!b.has(f)) out.push(`extra: ${f}`);
  for (const f of b) if (a.has(f) && !readFileSync(join(committed, f)).equals(readFileSync(join(fresh, f)))) out.push(`differs: ${f}`);
  return out.sort();
}

export async function fixturesCommand(assignment: string, opts: { check: boolean }) {
  const a = loadAssignment(assignment);
  const sets = await generateFixtures(a, 'public', a.spec.fixtures.publicSeed);
  if (!opts.check) {
    const written = writeFixtures(a.publicFixturesDir, a.spec.name, a.spec.fixtures.publicSeed, sets);
    console.log(`wrote ${written.length} files to ${a.publicFixturesDir}`);
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'gradient-fixtures-'));
  try {
    writeFixtures(tmp, a.spec.name, a.spec.fixtures.publicSeed, sets);
    let problems: string[];
    try {
      problems = diffFixtureDirs(a.publicFixturesDir, tmp);
    } catch {
      problems = [`missing: ${a.publicFixturesDir}`];
    }
    if (problems.length) {
      throw new UserError({
        code: 'E_FIXTURES_STALE', file: a.publicFixturesDir, message: `committed fixtures differ from the reference: ${problems.slice(0, 5).join('; ')}`,
        expected: `byte-identical files (run \`pnpm gradient fixtures ${a.spec.name}\`)`,
      });
    }
    console.log(`fixtures of ${a.spec.name} are byte-identical to a fresh generation`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
