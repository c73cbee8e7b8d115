import { UserError } from '../errors';
import { generateFixtures } from '../fixtures/generate';
import { writeFixtures } from '../fixtures/manifest';
import { staleFixtureFiles } from '../fixtures/staleness';
import { loadAssignment } from '../spec/load';

export async function fixturesCommand(assignment: string, opts: { check: boolean }) {
  const a = loadAssignment(assignment);
  if (!opts.check) {
    const sets = await generateFixtures(a, 'public', a.spec.fixtures.publicSeed);
    const written = writeFixtures(a.publicFixturesDir, a.spec.name, a.spec.fixtures.publicSeed, sets);
    console.log(`wrote ${written.length} files to ${a.publicFixturesDir}`);
    return;
  }
  const problems = await staleFixtureFiles(a);
  if (problems.length) {
    throw new UserError({
      code: 'E_FIXTURES_STALE', file: a.publicFixturesDir, message: `committed fixtures differ from the reference: ${problems.slice(0, 5).join('; ')}`,
      expected: `byte-identical files (run \`pnpm gradient fixtures ${a.spec.name}\`)`,
    });
  }
  console.log(`fixtures of ${a.spec.name} are byte-identical to a fresh generation`);
}
