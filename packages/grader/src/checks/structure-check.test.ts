// structure tests end to end: a tfjs model builder runs in the sandbox child (tfjs bundled from the grader's
// copy because the spec declares it), and the grader compares the layer table the child sends back.
// Expected layer tables are counted by hand: conv params = kh * kw * inChannels * filters + filters,
// dense params = inputs * units + units, valid conv output = 28 - k + 1, 2x2 pooling halves (floor).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeSubmission } from '../grade';
import { validateAssignmentSpec } from '../spec/validate';
import type { Assignment, ExpectedLayer, StructureTestSpec } from '../spec/types';
import * as tf from '@tensorflow/tfjs';
import { runTestsInProcess } from './in-process';
import { alignLayers } from './structure-check';
import { tempDirs } from '../testing/temp-dirs';

const tempDir = tempDirs();

// conv 7x7 on 28x28x1 -> 22x22x32 (7*7*1*32 + 32 = 1600 params); pool 2 -> 11x11x32; 11*11*32 = 3872; dense 3872*10 + 10
const EXPECTED: ExpectedLayer[] = [
  { type: 'Conv2D', outputShape: [null, 22, 22, 32], params: 1600, activation: 'relu', config: { kernelSize: [7, 7], filters: 32 } },
  { type: 'MaxPooling2D', outputShape: [null, 11, 11, 32], params: 0 },
  { type: 'Flatten', outputShape: [null, 3872], params: 0 },
  { type: 'Dense', outputShape: [null, 10], params: 38730, activation: 'softmax' },
];

const structureTest: StructureTestSpec = { number: '1', name: 'model layers', points: 2, set: 'public', kind: 'structure', call: 'buildModel', layers: EXPECTED };

function assignment(libraries: string[] | null = ['@tensorflow/tfjs']): Assignment {
  const dir = tempDir('gradient-structure-assignment-');
  return {
    spec: {
      name: 'struct', title: 'struct', entry: 'solution.ts', exports: ['buildModel'], fixtures: { generator: 'none', publicSeed: 0 },
      ...(libraries ? { libraries } : {}), limits: { timeMs: 20_000 }, tests: [structureTest],
    },
    dir, specFile: join(dir, 'assignment.json'), publicFixturesDir: dir,
  };
}

const model = (layers: string) => `import * as tf from '@tensorflow/tfjs';
export function buildModel() {
  const m = tf.sequential();
${layers}
  return m;
}
`;
const conv = (k: number) => `  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: ${k}, activation: 'relu' }));`;
const POOL = `  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));`;
const REST = `  m.add(tf.layers.flatten());\n  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));`;

async function grade(source: string, a = assignment()) {
  const dir = tempDir('gradient-structure-sub-');
  writeFileSync(join(dir, 'solution.ts'), source);
  const r = await gradeSubmission(a, dir, { public: {} }, { hidden: false });
  return { result: r, test: r.tests[0] };
}

// each grading builds a bundle with tfjs (~1 s of esbuild) and loads it in a fresh child
describe('structure test', { timeout: 60_000 }, () => {
  it('passes the model the table describes, and tfjs prints nothing into the student\'s output', async () => {
    const { result, test } = await grade(model([conv(7), POOL, REST].join('\n')));
    expect(result.status).toBe('graded');
    expect(test).toMatchObject({ score: 2, maxScore: 2, status: 'passed' });
    expect(test.printed).toBeUndefined();
  });

  it('fails a 5x5 kernel where 7x7 is expected, with the layer table side by side', async () => {
    const { test } = await grade(model([conv(5), POOL, REST].join('\n')));
    expect(test).toMatchObject({ score: 0, status: 'failed' });
    // 5x5: 24x24x32 (5*5*32 + 32 = 832), pool 12x12x32, 4608 flat, dense 46090
    expect(test.output).toContain('case buildModel(): the model\'s layers differ from the expected ones');
    expect(test.output).toMatch(/x 1 Conv2D {2}\[null, 22, 22, 32\] {2}relu {2}1,600 params {2}kernelSize=\[7,7\] {2}filters=32 +\| Conv2D {2}\[null, 24, 24, 32\] {2}relu {2}832 params {2}kernelSize=\[5,5\] {2}filters=32 {3}<- outputShape, params, config.kernelSize/);
    expect(test.output).toMatch(/x 4 Dense .*\| Dense {2}\[null, 10\] {2}softmax {2}46,090 params {3}<- params/);
    expect(test.output).toContain('parameters: expected 40,330, yours 46,922');
  });

  it('shows a missing layer as a row of its own, with the layers after it still side by side', async () => {
    const { test } = await grade(model([conv(7), REST].join('\n')));
    expect(test.score).toBe(0);
    expect(test.output).toMatch(/x 2 MaxPooling2D .*\| \(none\) {3}<- missing/);
    // without pooling: 22*22*32 = 15488 inputs to the dense layer
    expect(test.output).toMatch(/x 3 Flatten .*\| Flatten {2}\[null, 15488\] {2}0 params {3}<- outputShape/);
    expect(test.output).toMatch(/x 4 Dense .*\| Dense {2}\[null, 10\] {2}softmax {2}154,890 params {3}<- params/);
  });

  it('fails a builder that throws, and one that returns no model, saying what came back', async () => {
    const threw = await grade(`import * as tf from '@tensorflow/tfjs';\nexport function buildModel() { tf.sequential(); throw new Error('not done yet'); }\n`);
    expect(threw.test.score).toBe(0);
    expect(threw.test.output).toContain('not done yet');
    const plain = await grade(`export function buildModel() { return { layers: 3 }; }\n`);
    expect(plain.test.score).toBe(0);
    expect(plain.test.output).toContain('buildModel(...) must return a tf.LayersModel (tf.sequential() or tf.model()); it returned an object that is not a model');
    const none = await grade(`export function buildModel() {}\n`);
    expect(none.test.output).toContain('it returned undefined (a missing return?)');
  });

  it('refuses a 100 MB topology in the child, and a model whose toJSON() does not list its layers', async () => {
    const huge = await grade(`export function buildModel() { return { layers: [], toJSON: () => 'x'.repeat(100_000_000) }; }\n`);
    expect(huge.test.score).toBe(0);
    expect(huge.test.output).toContain("the model's topology (buildModel(...).toJSON()) is 100000000 characters; at most 1048576 are accepted");
    // a hand-made object posing as the expected model: its layer table matches the spec, its topology is empty
    const fakeLayers = EXPECTED.map((l) => `{ getClassName: () => '${l.type}', outputShape: ${JSON.stringify(l.outputShape)}, countParams: () => ${l.params}, getConfig: () => (${JSON.stringify({ activation: l.activation, ...l.config })}) }`);
    const faked = await grade(`export function buildModel() { return { layers: [${fakeLayers.join(', ')}], toJSON: () => JSON.stringify({ config: { layers: [] } }) }; }\n`);
    expect(faked.test.score).toBe(0);
    expect(faked.test.output).toContain('expected its toJSON() to list the layers of model.layers (Conv2D, MaxPooling2D, Flatten, Dense), got no layers');
  });

  it('takes a topology far over a reply string\'s 10 000-character cap (it travels in pieces): a 40-layer model', async () => {
    // 36 dense layers of 8 units after the 4 expected layers: each adds 8*8 + 8 = 72 params (10 -> 8 for the first: 88)
    const extra = Array.from({ length: 36 }, () => `  m.add(tf.layers.dense({ units: 8, activation: 'relu' }));`).join('\n');
    const { test } = await grade(model([conv(7), POOL, REST, extra].join('\n')));
    expect(test.score).toBe(0);
    expect(test.output).toMatch(/x 40 \(none\) +\| Dense {2}\[null, 8\] {2}relu {2}72 params {3}<- extra/);
    expect(test.output).toContain(`parameters: expected 40,330, yours ${(40_330 + 88 + 35 * 72).toLocaleString('en-US')}`);
  });

  it('keeps the require tfjs gets (for node:util) to tfjs: student code bundled beside it has none', async () => {
    const { test } = await grade(`import * as tf from '@tensorflow/tfjs';\ndeclare const require: (id: string) => unknown;\nexport function buildModel() { tf.sequential(); const name = 'node:' + 'util'; return require(name); }\n`);
    expect(test.score).toBe(0);
    expect(test.output).toContain('Dynamic require of "node:util" is not supported');
  });

  it('refuses to build an import of tfjs when the assignment does not declare it', async () => {
    const { result } = await grade(model([conv(7), POOL, REST].join('\n')), assignment(null));
    expect(result.status).toBe('build-failed');
    expect(result.output).toContain("forbidden import '@tensorflow/tfjs'");
  });
});

describe('alignLayers', () => {
  const L = (type: string, params = 0) => ({ type, params });
  it('pairs layers along their common types: a missing one, an extra one, a replaced one', () => {
    expect(alignLayers([L('A'), L('B'), L('C')], [L('A'), L('C')]).map((r) => r.differs)).toEqual([[], ['missing'], []]);
    expect(alignLayers([L('A'), L('C')], [L('A'), L('B'), L('C', 1)]).map((r) => r.differs)).toEqual([[], ['extra'], ['params']]);
    expect(alignLayers([L('A'), L('B'), L('C')], [L('A'), L('X'), L('C')]).map((r) => r.differs)).toEqual([[], ['type'], []]);
  });
});

describe('structure spec', () => {
  it('needs the assignment to declare tfjs', () => {
    const spec = (libraries?: string[]) => ({
      name: 's', title: 's', entry: 'solution.ts', exports: ['buildModel'], fixtures: { generator: 'fixtures.ts', publicSeed: 0 }, limits: {},
      ...(libraries ? { libraries } : {}), tests: [{ number: '1', name: 'm', points: 1, set: 'public', kind: 'structure', call: 'buildModel', layers: [{ type: 'Dense', params: 10 }] }],
    });
    expect(validateAssignmentSpec(spec(['@tensorflow/tfjs']), 'a.json').libraries).toEqual(['@tensorflow/tfjs']);
    expect(() => validateAssignmentSpec(spec(), 'a.json')).toThrow(expect.objectContaining({ code: 'E_SPEC', path: '/tests/0/kind' }));
    expect(() => validateAssignmentSpec(spec(['lodash']), 'a.json')).toThrow(expect.objectContaining({ code: 'E_SPEC', path: '/libraries/0' }));
    // a structure test measures nothing: a credit formula would give everyone 0
    const withFormula = spec(['@tensorflow/tfjs']);
    (withFormula.tests[0] as Record<string, unknown>).credit = { thresholds: [[0.5, 1]] };
    expect(() => validateAssignmentSpec(withFormula, 'a.json')).toThrow(expect.objectContaining({ code: 'E_SPEC', path: '/tests/0/credit' }));
  });
});

describe('structure test on a trusted module (the reference, at fixture time)', () => {
  // the reference's builder, run in this process as verify-reference.ts runs it: an author's wrong table is caught there
  const buildModel = () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 7, activation: 'relu' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    return m;
  };
  it('passes the reference on a right table and fails it on a miscounted one', async () => {
    tf.env().set('PROD', true); // no "install tfjs-node" banner in the test log
    const [right] = await runTestsInProcess(assignment(), { buildModel }, 'public', {});
    expect(right.verdicts.map((v) => v.ok)).toEqual([true]);
    const wrong = assignment();
    wrong.spec.tests = [{ ...structureTest, layers: EXPECTED.map((l) => (l.type === 'Dense' ? { ...l, params: 38720 } : l)) }]; // forgot the 10 biases
    const [miscounted] = await runTestsInProcess(wrong, { buildModel }, 'public', {});
    expect(miscounted.verdicts[0].ok).toBe(false);
    expect(miscounted.verdicts[0].problems[0]).toMatchObject({ kind: 'layers' });
  });
});
