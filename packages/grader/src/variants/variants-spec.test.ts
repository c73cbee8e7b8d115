// The spec's `variants` field: checked when the spec loads, like every other field.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import { loadAssignment } from '../spec/load';
import { repoRoot } from '../spec/locate';
import { validateAssignmentSpec } from '../spec/validate';

const DIR = join(repoRoot() ?? '.', 'graders', 'cnn-layers');
const spec = () => JSON.parse(readFileSync(join(DIR, 'assignment.json'), 'utf8')) as Record<string, unknown> & { variants: Record<string, unknown> };
const tmp = mkdtempSync(join(tmpdir(), 'gradient-variants-spec-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function errorOf(run: () => unknown): UserError {
  try {
    run();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('the variants field', () => {
  it("is read from cnn-layers' spec", () => {
    expect(validateAssignmentSpec(spec(), 'x.json').variants).toEqual({ pool: 4, log: { number: '7.1', name: 'evaluation log matches this code', points: 0 } });
  });

  it('refuses a pool of one (no variants), an unknown field and a log number a test already has, at their paths', () => {
    const cases: [(s: ReturnType<typeof spec>) => void, string, RegExp][] = [
      [(s) => (s.variants.pool = 1), '/variants/pool', /must be >= 2/],
      [(s) => (s.variants.seeds = 3), '/variants', /unknown field 'seeds'/],
      [(s) => (s.variants.log = { number: '5.1' }), '/variants/log/number', /'5\.1' is a test's number already/],
    ];
    for (const [mutate, path, message] of cases) {
      const doc = spec();
      mutate(doc);
      const e = errorOf(() => validateAssignmentSpec(doc, 'x.json'));
      expect(e.path).toBe(path);
      expect(e.message).toMatch(message);
    }
    const defaults = spec();
    defaults.variants = {};
    expect(validateAssignmentSpec(defaults, 'x.json').variants).toEqual({}); // log number "0", pool 4 by default
  });

  it('requires the starter to hold the exercise call students fill in', () => {
    const dir = join(tmp, 'no-call');
    cpSync(DIR, dir, { recursive: true, filter: (p) => !p.includes('node_modules') && !p.includes('submissions') });
    const starter = join(dir, 'starter', 'cnn_layers.ts');
    writeFileSync(starter, readFileSync(starter, 'utf8').replace(/^exercise\(.*$/m, ''));
    const e = errorOf(() => loadAssignment(dir));
    expect(e.code).toBe('E_SPEC');
    expect(e.path).toBe('/variants');
    expect(e.message).toMatch(/the spec has variants, but starter\/cnn_layers\.ts has no exercise\(\{ username, seed \}\) call/);
  });
});
