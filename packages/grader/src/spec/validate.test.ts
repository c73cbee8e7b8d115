import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError, formatUserError } from '../errors';
import { loadAssignment } from './load';
import { repoRoot } from './locate';
import { validateAssignmentSpec } from './validate';

const SPEC_FILE = join(repoRoot() ?? '.', 'graders', 'cnn-layers', 'assignment.json');
const FILE = 'graders/x/assignment.json';

type Doc = Record<string, unknown> & { tests: Record<string, unknown>[]; exports: string[] };

function realSpec(): Doc {
  return JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as Doc;
}

/** Index of the first test matching pred in the real spec, so mutations target a test of the right kind. */
function indexOf(pred: (t: Record<string, unknown>) => boolean): number {
  const i = realSpec().tests.findIndex(pred);
  if (i < 0) throw new Error('the cnn-layers spec has no such test');
  return i;
}

function specErrorOf(mutate: (doc: Doc) => void): UserError {
  const doc = realSpec();
  mutate(doc);
  try {
    validateAssignmentSpec(doc, FILE);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected the mutated spec to be rejected');
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

describe('validateAssignmentSpec', () => {
  it('accepts the committed cnn-layers spec', () => {
    const spec = validateAssignmentSpec(realSpec(), SPEC_FILE);
    expect(spec.name).toBe('cnn-layers');
    expect(spec.tests.length).toBe(realSpec().tests.length);
  });

  it('names a missing top-level field', () => {
    const e = specErrorOf((d) => {
      delete (d as Record<string, unknown>).tests;
    });
    expect(e.code).toBe('E_SPEC');
    expect(e.file).toBe(FILE);
    expect(e.path).toBe('/');
    expect(e.message).toContain("missing field 'tests'");
  });

  it('accepts a submission budget in the assignment\'s limits, and only there', () => {
    const doc = realSpec();
    (doc.limits as Record<string, unknown>).submissionMs = 60_000;
    expect(validateAssignmentSpec(doc, FILE).limits.submissionMs).toBe(60_000);
    const e = specErrorOf((d) => {
      d.tests[0].limits = { submissionMs: 60_000 };
    });
    expect(e.path).toBe('/tests/0/limits');
    expect(e.message).toContain("unknown field 'submissionMs'");
  });

  it('rejects negative points at their JSON path', () => {
    const e = specErrorOf((d) => {
      d.tests[3].points = -1;
    });
    expect(e.path).toBe('/tests/3/points');
    expect(formatUserError(e)).toMatch(/>= 0/);
  });

  it('lists the allowed kinds for an unknown kind', () => {
    const e = specErrorOf((d) => {
      d.tests[2].kind = 'quiz';
    });
    expect(e.path).toBe('/tests/2/kind');
    for (const kind of ['fixture', 'gradcheck', 'numeric']) expect(e.expected).toContain(`"${kind}"`);
    expect(e.actual).toBe('"quiz"');
  });

  it('reports a misspelt extra field as unknown, at the test', () => {
    const i = indexOf((t) => t.kind === 'fixture');
    const e = specErrorOf((d) => {
      d.tests[i].tolerence = 1e-9;
    });
    expect(e.path).toBe(`/tests/${i}`);
    expect(e.message).toContain("unknown field 'tolerence'");
    // the one-line message names the field, it does not dump the whole test object
    expect(formatUserError(e)).not.toContain('"number"');
  });

  it('reports a misspelt required field as the missing one', () => {
    const i = indexOf((t) => t.kind === 'fixture');
    const e = specErrorOf((d) => {
      d.tests[i].tolerence = d.tests[i].tolerance;
      delete d.tests[i].tolerance;
    });
    expect(e.path).toBe(`/tests/${i}`);
    expect(e.message).toContain("missing field 'tolerance'");
    expect(e.message).toContain("'tolerence' is there: a misspelling of 'tolerance'?");
  });

  it('suggests the field meant by a misspelt one, among the fields allowed at that path', () => {
    const i = indexOf((t) => t.kind === 'fixture');
    const e = specErrorOf((d) => {
      d.tests[i].tolerence = 1e-9;
    });
    expect(e.message).toContain("unknown field 'tolerence': did you mean 'tolerance'?");
    expect(e.expected).toMatch(/^one of .*\btolerance\b/);

    const f = specErrorOf((d) => {
      (d.fixtures as Record<string, unknown>).hiddenSeedFlie = 'x.json';
    });
    expect(f.path).toBe('/fixtures');
    expect(f.message).toContain("did you mean 'hiddenSeedFile'?");

    const top = specErrorOf((d) => {
      d.Limits = d.limits; // only the case differs
      delete d.limits;
    });
    expect(top.message).toContain("'Limits' is there: a misspelling of 'limits'?");
  });

  it('suggests only fields of the test\'s own kind', () => {
    const g = indexOf((t) => t.kind === 'gradcheck');
    const onGradcheck = specErrorOf((d) => {
      d.tests[g].gradnames = d.tests[g].gradNames; // both present: only the unknown one is wrong
    });
    expect(onGradcheck.message).toContain("unknown field 'gradnames': did you mean 'gradNames'?");

    // 'backward' belongs to gradcheck tests: on a fixture test it is unknown, and never offered
    const i = indexOf((t) => t.kind === 'fixture');
    const onFixture = specErrorOf((d) => {
      d.tests[i].backwrd = 'relu';
    });
    expect(onFixture.message).toBe("unknown field 'backwrd'");
    expect(onFixture.expected).not.toContain('backward');
    expect(onFixture.expected).toContain('tolerance');
  });

  it('refuses a training test in an assignment that does not let student code import tfjs', () => {
    const e = specErrorOf((d) => {
      d.tests[0] = {
        number: '9.1', name: 'one RMSprop step', points: 3, set: 'public', kind: 'train-step',
        call: d.exports[0], fixture: 'steps', tolerance: 1e-4,
      };
    });
    expect(e.code).toBe('E_SPEC');
    expect(e.path).toBe('/tests/0/kind');
    expect(e.message).toContain("a train-step test runs tfjs models in the student's process");
    expect(e.expected).toBe('"libraries": ["@tensorflow/tfjs"] at the top of the spec');
  });

  it('accepts only Gradescope visibilities', () => {
    const e = specErrorOf((d) => {
      d.tests[1].visibility = 'public';
    });
    expect(e.path).toBe('/tests/1/visibility');
    expect(e.expected).toContain('"after_published"');
    expect(e.actual).toBe('"public"');
  });

  it('rejects a duplicate test number at the second occurrence', () => {
    const e = specErrorOf((d) => {
      d.tests[5].number = d.tests[0].number;
    });
    expect(e.path).toBe('/tests/5/number');
    expect(e.message).toContain(`duplicate test number '${realSpec().tests[0].number}'`);
  });

  it('requires call and backward to be student exports', () => {
    const e = specErrorOf((d) => {
      d.tests[2].call = 'softmaxLoss';
    });
    expect(e.path).toBe('/tests/2/call');
    expect(e.actual).toBe('softmaxLoss');
    expect(e.expected).toContain(realSpec().exports[0]);

    const g = indexOf((t) => t.kind === 'gradcheck');
    const b = specErrorOf((d) => {
      d.tests[g].backward = 'notExported';
    });
    expect(b.path).toBe(`/tests/${g}/backward`);
  });

  it('accepts an object test of an exported class, and rejects an unexported class or an unknown step return', () => {
    const objectTest = (returns = 'loss-and-grads') => ({
      number: '9.2', name: 'net loss', points: 2, set: 'public', kind: 'object', class: 'TwoLayerNet', args: [4, 3, { $rng: 1 }],
      steps: [{ method: 'loss', returns }, { method: 'train', returns: 'history' }], fixture: 'net', tolerance: 1e-8, gradTolerance: 1e-10,
    });
    const doc = realSpec();
    doc.exports.push('TwoLayerNet');
    doc.tests.push(objectTest());
    expect(validateAssignmentSpec(doc, FILE).tests.at(-1)).toMatchObject({ kind: 'object', class: 'TwoLayerNet' });
    const n = realSpec().tests.length;
    const unexported = specErrorOf((d) => void d.tests.push(objectTest()));
    expect(unexported.path).toBe(`/tests/${n}/class`);
    const badReturn = specErrorOf((d) => {
      d.exports.push('TwoLayerNet');
      d.tests.push(objectTest('tensors'));
    });
    expect(badReturn.path).toBe(`/tests/${n}/steps/0/returns`);
  });

  it('requires a gradcheck test\'s forward to be declared out-and-cache, and returns to name exports only', () => {
    const g = indexOf((t) => t.kind === 'gradcheck');
    const forward = realSpec().tests[g].call as string;
    const e = specErrorOf((d) => {
      delete (d.returns as Record<string, unknown>)[forward];
    });
    expect(e.path).toBe(`/tests/${g}/call`);
    expect(e.expected).toBe(`"returns": { "${forward}": "out-and-cache" }`);
    expect(e.actual).toBe('"value"');

    const r = specErrorOf((d) => {
      (d.returns as Record<string, unknown>).softmaxLoss = 'out-and-cache';
    });
    expect(r.path).toBe('/returns/softmaxLoss');
    expect(r.message).toContain("'softmaxLoss' is not among the student exports");

    const v = specErrorOf((d) => {
      (d.returns as Record<string, unknown>)[forward] = 'pair';
    });
    expect(v.path).toBe(`/returns/${forward}`);
    expect(v.expected).toBe('one of "value", "out-and-cache"');
  });

  it('reads a credit formula (thresholds or clamp-floor) and refuses it where the check measures nothing', () => {
    // the schema accepts both forms: the refusal comes from the kind, after the schema
    for (const credit of [{ thresholds: [[0.7, 0.25], [0.8, 0.5]] }, { clampFloor: { offset: 0.28, scale: 0.22, max: 1 } }]) {
      const e = specErrorOf((d) => {
        d.tests[1].credit = credit;
      });
      expect(e.path).toBe('/tests/1/credit');
      expect(e.message).toBe(`a credit formula scores a value the check measures (an accuracy), and a '${realSpec().tests[1].kind}' test measures none`);
    }
  });

  it('refuses malformed credit formulas at their JSON path', () => {
    const at = (credit: unknown) => specErrorOf((d) => {
      d.tests[1].credit = credit;
    });
    expect(at('per_case')).toMatchObject({ path: '/tests/1/credit', expected: 'one of "all-or-nothing", "per-case"' });
    expect(at({ treshholds: [[0.7, 1]] }).message).toContain("unknown field 'treshholds': did you mean 'thresholds'?");
    expect(at({ clampFloor: { offset: 0.28, scale: 0, max: 1 } }).path).toBe('/tests/1/credit/clampFloor/scale');
    expect(at({ clampFloor: { offset: 0.28, scale: 0.22 } }).message).toContain("missing field 'max'");
    expect(at({ clampFloor: { offset: 0.28, scale: 0.22, max: 2 } }).path).toBe('/tests/1/credit/clampFloor/max');
    expect(at({ thresholds: [[0.7]] }).path).toBe('/tests/1/credit/thresholds/0');
    expect(at({ thresholds: [] }).path).toBe('/tests/1/credit/thresholds');
  });

  it('requires thresholds to ascend with non-decreasing points, none above the test\'s points', () => {
    // test 1 stands for a measuring kind here: the order rules come before the kind's
    const at = (thresholds: number[][]) => specErrorOf((d) => {
      d.tests[1].credit = { thresholds };
      d.tests[1].points = 10;
    });
    expect(at([[0.8, 3], [0.7, 5]])).toMatchObject({ path: '/tests/1/credit/thresholds/1/0', expected: 'more than 0.8', actual: '0.7' });
    expect(at([[0.7, 5], [0.8, 3]])).toMatchObject({ path: '/tests/1/credit/thresholds/1/1', expected: '5 to 10', actual: '3' });
    expect(at([[0.7, 3], [0.8, 11]])).toMatchObject({ path: '/tests/1/credit/thresholds/1/1', expected: '3 to 10', actual: '11' });
  });

  it('reads object steps: set or method, atLeast on accuracy steps only, one accuracy step with a bar, $new naming an export', () => {
    const n = realSpec().tests.length;
    const at = (steps: unknown[], extra: Record<string, unknown> = {}) => specErrorOf((d) => {
      d.exports.push('Net', 'Solver');
      d.tests.push({ number: '9.9', name: 'net', points: 2, set: 'public', kind: 'object', class: 'Net', steps, fixture: 'net', tolerance: 1e-8, ...extra });
    });
    const ok = realSpec();
    ok.exports.push('Net', 'Solver');
    ok.tests.push({
      number: '9.9', name: 'net', points: 2, set: 'public', kind: 'object', class: 'Solver', args: [{ $new: 'Net', args: [3] }],
      steps: [{ set: 'params' }, { method: 'train', returns: 'history' }, { method: 'predict', returns: 'accuracy', atLeast: 1 }], fixture: 'net', tolerance: 1e-8,
    });
    expect(validateAssignmentSpec(ok, FILE).tests.at(-1)).toMatchObject({ kind: 'object', steps: [{ set: 'params' }, {}, { atLeast: 1 }] });
    expect(at([{ set: 'params', method: 'loss' }])).toMatchObject({ path: `/tests/${n}/steps/0/method`, message: "a step either sets a field or calls a method: 'method' cannot go with 'set'" });
    expect(at([{ returns: 'tensor' }])).toMatchObject({ path: `/tests/${n}/steps/0`, message: "missing field 'method' (or 'set')" });
    expect(at([{ method: 'loss' }])).toMatchObject({ path: `/tests/${n}/steps/0`, message: "missing field 'returns'" });
    expect(at([{ method: 'loss', returns: 'number', atLeast: 0.5 }]).path).toBe(`/tests/${n}/steps/0/atLeast`);
    expect(at([{ method: 'predict', returns: 'accuracy' }]).message).toBe('an accuracy step needs a bar: its own atLeast, or a credit formula on the test');
    expect(at([{ method: 'predict', returns: 'accuracy', atLeast: 1.5 }]).path).toBe(`/tests/${n}/steps/0/atLeast`);
    expect(at([{ method: 'a', returns: 'accuracy', atLeast: 1 }, { method: 'b', returns: 'accuracy', atLeast: 1 }]).path).toBe(`/tests/${n}/steps`);
    expect(at([{ method: 'a', returns: 'none' }], { args: [{ $new: 'Nett', args: [] }] })).toMatchObject({ path: `/tests/${n}/args`, message: "{\"$new\": \"Nett\"}: 'Nett' is not among the student exports" });
  });

  it('requires gradNames on a gradcheck test', () => {
    const g = indexOf((t) => t.kind === 'gradcheck');
    const e = specErrorOf((d) => {
      delete d.tests[g].gradNames;
    });
    expect(e.path).toBe(`/tests/${g}`);
    expect(e.message).toContain("missing field 'gradNames'");
  });
});

describe('formatUserError', () => {
  it('gives one line with the file and the JSON path first', () => {
    const e = specErrorOf((d) => {
      d.tests[3].points = -1;
    });
    const line = formatUserError(e);
    expect(line).not.toContain('\n');
    expect(line.startsWith(`${FILE}: /tests/3/points: `)).toBe(true);
  });

  it('adds expected and actual when known', () => {
    const line = formatUserError(new UserError({ code: 'E_X', file: 'f.json', path: '/a', message: 'bad', expected: 'one', actual: 'two' }));
    expect(line).toBe('f.json: /a: bad (expected one, got two)');
  });
});

describe('loadAssignment', () => {
  function specDir(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'gradient-spec-test-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'assignment.json'), text);
    return dir;
  }

  it('finds an assignment by name', () => {
    const a = loadAssignment('cnn-layers');
    expect(a.specFile).toBe(SPEC_FILE);
    expect(a.spec.name).toBe('cnn-layers');
  });

  it('names the spec file of a folder whose spec is invalid', () => {
    const doc = realSpec();
    doc.tests[0].points = -1;
    const dir = specDir(JSON.stringify(doc));
    expect(() => loadAssignment(dir)).toThrow(expect.objectContaining({ code: 'E_SPEC', file: join(dir, 'assignment.json'), path: '/tests/0/points' }));
  });

  it('reports invalid JSON as a user error', () => {
    const dir = specDir('{ "name": ');
    expect(() => loadAssignment(dir)).toThrow(expect.objectContaining({ code: 'E_JSON', file: join(dir, 'assignment.json') }));
  });

  it('gives the line and column of a JSON syntax error, where V8 gives no position', () => {
    // V8 says only "Unexpected token 'e', ..."/"Unexpected end of JSON input" for these
    const missingComma = specDir('{\n  "name": "x",\n  "title": "t"\n  "entry": "a.ts"\n}\n');
    expect(() => loadAssignment(missingComma)).toThrow(expect.objectContaining({ code: 'E_JSON', path: 'line 4, column 3', message: expect.stringContaining('a missing comma?') }));
    const mismatched = specDir('{\n  "tests": [\n    { "number": "1.1"\n  ]\n}\n');
    expect(() => loadAssignment(mismatched)).toThrow(expect.objectContaining({
      path: 'line 4, column 3', message: expect.stringContaining("the '{' opened at line 3, column 5 should close (a missing '}'?)"),
    }));
    const unclosed = specDir('{\n  "tests": [\n    { "number": "1.1" }\n');
    expect(() => loadAssignment(unclosed)).toThrow(expect.objectContaining({ path: 'line 2, column 12', message: expect.stringContaining("this '[' is never closed") }));
    const trailing = specDir('{ "name": "x",\n  "exports": ["a", "b",],\n  "title": "t" }');
    expect(() => loadAssignment(trailing)).toThrow(expect.objectContaining({ path: 'line 2, column 23', message: expect.stringContaining('no trailing comma') }));
  });

  it('refuses an entry file that starter/ does not have', () => {
    const doc = realSpec();
    const dir = specDir(JSON.stringify(doc));
    mkdirSync(join(dir, 'starter'));
    writeFileSync(join(dir, 'starter', 'cnn-layers.ts'), '');
    expect(() => loadAssignment(dir)).toThrow(expect.objectContaining({
      code: 'E_SPEC', path: '/entry', actual: 'cnn_layers.ts', message: "the entry file 'cnn_layers.ts' is not in starter/",
    }));
    // cnn-layers has variants: its starter holds the exercise call (docs/variants.md)
    writeFileSync(join(dir, 'starter', 'cnn_layers.ts'), "exercise({ username: 'your-username', seed: 0 });\n");
    expect(loadAssignment(dir).spec.entry).toBe('cnn_layers.ts');
  });

  it('finds the public fixtures beside the graders/ folder the assignment is in, not in this repo', () => {
    const root = mkdtempSync(join(tmpdir(), 'gradient-spec-root-'));
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));
    mkdirSync(join(root, 'graders', 'cnn-layers'), { recursive: true });
    writeFileSync(join(root, 'graders', 'cnn-layers', 'assignment.json'), JSON.stringify(realSpec()));
    expect(loadAssignment(join(root, 'graders', 'cnn-layers')).publicFixturesDir).toBe(join(root, 'fixtures', 'cnn-layers', 'public'));
  });

  it('lists the known assignments for an unknown name', () => {
    expect(() => loadAssignment('no-such-assignment')).toThrow(expect.objectContaining({ code: 'E_ASSIGNMENT', expected: expect.stringContaining('cnn-layers') }));
  });
});
