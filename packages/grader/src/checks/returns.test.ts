// The spec's `returns` decides whether a returned pair is [out, cache]: spec -> forwardExports -> the call
// request -> the child's call code (perform), with no guess from the pair's look.
import { tensor, type Tensor } from '@gradient/tensor';
import { describe, expect, it } from 'vitest';
import { perform } from '../sandbox/child/perform';
import type { AssignmentSpec, FixtureTestSpec } from '../spec/types';
import { validateAssignmentSpec } from '../spec/validate';
import { runFixtureCheck } from './fixture-check';
import { forwardExports } from './forwards';

const test: FixtureTestSpec = { number: '1', name: 'double', points: 1, set: 'public', kind: 'fixture', call: 'double', fixture: 'double', tolerance: 1e-9 };
const specWith = (returns?: AssignmentSpec['returns']): AssignmentSpec => validateAssignmentSpec({
  name: 'pairs', title: 'pairs', entry: 'pairs.ts', exports: ['double'], fixtures: { generator: 'fixtures.ts', publicSeed: 1 }, limits: {},
  tests: [test], ...(returns === undefined ? {} : { returns }),
}, 'pairs/assignment.json');

// a forward-shaped result: out and an object cache, the look the child used to guess from
const mod = { double: (x: Tensor) => [tensor(Array.from(x.data, (v) => 2 * v), [...x.shape]), { x }] };
const x = tensor([1, 2, 3], [3]);

async function verdictsUnder(spec: AssignmentSpec, expected: unknown) {
  return runFixtureCheck(test, {
    runner: { run: async (req) => perform(mod, req) },
    cases: [{ name: 'c', args: [x], expected: expected as never }], timeLimitMs: 5000, testLabel: '1 double', forwards: forwardExports(spec),
  });
}

describe('returns: how an export hands back its result is the spec\'s to say', () => {
  it('without a declaration, a returned [tensor, object] pair is the value, compared whole', async () => {
    const spec = specWith();
    expect(forwardExports(spec).size).toBe(0);
    expect((await verdictsUnder(spec, tensor([2, 4, 6], [3])))[0].ok).toBe(false);
    expect((await verdictsUnder(spec, [tensor([2, 4, 6], [3]), { x }]))[0].ok).toBe(true);
  });

  it('declared "value", the same', async () => {
    expect((await verdictsUnder(specWith({ double: 'value' }), [tensor([2, 4, 6], [3]), { x }]))[0].ok).toBe(true);
  });

  it('declared "out-and-cache", out alone is compared', async () => {
    const spec = specWith({ double: 'out-and-cache' });
    expect([...forwardExports(spec)]).toEqual(['double']);
    expect((await verdictsUnder(spec, tensor([2, 4, 6], [3])))[0].ok).toBe(true);
  });
});
