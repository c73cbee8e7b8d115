// `npm run zip`: submission.zip holds the code, the evaluation log and the predictions files, nothing of the
// bundle's own; it grades exactly like the folder it came from.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../grade';
import type { AssignmentSpec } from '../spec/types';
import { tinyAssignment } from '../test-assignment';
import { packSubmission, planSubmission } from './pack';

const tmp = mkdtempSync(join(tmpdir(), 'gradient-pack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

const spec = (extra: Partial<AssignmentSpec> = {}): AssignmentSpec => ({ ...tinyAssignment('f', 1).assignment.spec, ...extra });

describe('npm run zip', () => {
  it('takes the code, the log and the predictions files; leaves out the bundle, fixtures, node_modules and dot folders', () => {
    const s = spec({
      name: 'tiny', variants: {} as AssignmentSpec['variants'],
      tests: [...spec().tests, { number: '9', name: 'preds', points: 1, set: 'public', kind: 'predictions', file: 'out/submission.csv', labels: 'y.npy', credit: { thresholds: [[0.5, 1]] } }],
    });
    const dir = folder('full', {
      'solution.ts': 'export { f } from "./lib/helpers";\n', 'lib/helpers.ts': 'export function f(x: number) { return x; }\n', 'types.d.ts': '',
      'evaluation_tiny.txt': 'log\n', 'out/submission.csv': 'label\n1\n', 'notes.csv': '', 'README.md': '', 'package.json': '{}', 'assignment.json': '{}',
      'fixtures/public/manifest.json': '{}', 'fixtures/public/x.ts': '', 'node_modules/ndarray/index.js': '', '.gradient/gradient.mjs': '', '.git/config': '',
    });
    const { files, warnings, zip } = packSubmission(s, dir);
    expect(files).toEqual(['evaluation_tiny.txt', 'lib/helpers.ts', 'out/submission.csv', 'solution.ts']);
    expect(warnings).toEqual([]);
    expect(new AdmZip(zip).getEntries().map((e) => e.entryName).sort()).toEqual(files);
    // packing again replaces the zip and never packs the zip itself
    expect(packSubmission(s, dir).files).toEqual(files);
  });

  it('warns about a missing entry file, a missing log (variants) and a missing predictions file', () => {
    const s = spec({ name: 'tiny', variants: {} as AssignmentSpec['variants'], tests: [{ number: '9', name: 'p', points: 1, set: 'public', kind: 'predictions', file: 'submission.csv', labels: 'y.npy', credit: { thresholds: [[0.5, 1]] } }] });
    expect(planSubmission(s, folder('bare', { 'other.ts': '' })).warnings).toEqual([
      'solution.ts, the file the grader runs, is not in ' + join(tmp, 'bare'),
      'no evaluation_tiny.txt: run npm test first (the grader checks that log against your code)',
      'no submission.csv: the test that scores it will fail',
    ]);
    // without variants or predictions tests, no log is asked for
    expect(planSubmission(spec(), folder('plain', { 'solution.ts': '' })).warnings).toEqual([]);
  });

  it('does not follow a link out of the folder', () => {
    const dir = folder('linked', { 'solution.ts': 'export function f(x: number) { return x; }\n' });
    symlinkSync('/etc/hostname', join(dir, 'stolen.ts'));
    expect(planSubmission(spec(), dir).files).toEqual(['solution.ts']);
  });

  it('grades the zip exactly like the folder', async () => {
    const { assignment, bank } = tinyAssignment('f', 2);
    const dir = folder('graded', { 'solution.ts': 'import { g } from "./g";\nexport function f(x: number) { return g(x); }\n', 'g.ts': 'export function g(x: number) { return x; }\n', 'scratch.txt': 'x' });
    const { zip } = packSubmission(assignment.spec, dir);
    const fromFolder = await gradeSubmission(assignment, dir, bank, { hidden: false });
    const fromZip = await gradeSubmission(assignment, zip, bank, { hidden: false });
    expect(fromZip.score).toBe(2);
    expect(fromZip.tests.map((t) => [t.number, t.score, t.output])).toEqual(fromFolder.tests.map((t) => [t.number, t.score, t.output]));
  });
});
