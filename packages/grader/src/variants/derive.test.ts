// The variant derivation is a promise to every student who already wrote a log: these pins catch any change.
// Every pinned number was computed outside this code: Python's hashlib for the SHA-256 seeds, NumPy's
// RandomState(seed).randint(0, 4) for the picks (the commands are in docs/variants.md).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { FixtureCase } from '../fixtures/case';
import { poolSeed, variantPicks, variantSeed, variantSets } from './derive';

// cnn-layers' public sets and their case counts
const COUNTS: Record<string, number> = {
  conv_forward: 3, conv_backward: 3, grayscale: 2, relu_forward: 1, relu_backward: 2, maxpool_forward: 3, maxpool_backward: 4,
  dropout_train: 2, dropout_test: 2, dropout_backward: 3, conv_output_shape: 2, trainable_parameters: 1,
};
/** A pool of `size` members shaped like cnn-layers' sets; case k of member j of set s is named s/k and holds j. */
function fakePool(size: number, counts = COUNTS): Record<string, FixtureCase[]>[] {
  return Array.from({ length: size }, (_, j) =>
    Object.fromEntries(Object.entries(counts).map(([s, n]) => [s, Array.from({ length: n }, (_, k): FixtureCase => ({ name: `${s}/${k}`, args: [j], expected: j }))])));
}

describe('variant derivation (pinned)', () => {
  it('variantSeed is SHA-256 of "gradient-variant-v1\\n<assignment>\\n<username>\\n<seed>", first 4 bytes big-endian', () => {
    expect(variantSeed('cnn-layers', 'alice', 0)).toBe(3358609182);
    expect(variantSeed('cnn-layers', 'bob', 0)).toBe(2031050581);
    expect(variantSeed('cnn-layers', 'alice', 1)).toBe(1867236983);
    expect(variantSeed('cnn-layers', 'sample-correct', 7)).toBe(1738022426);
  });

  it('pool member 0 is the public seed itself; the others are SHA-256 derived from it', () => {
    expect([0, 1, 2, 3].map((j) => poolSeed('cnn-layers', 231, j))).toEqual([231, 1621624320, 480948291, 3528620468]);
  });

  it("picks alice's (seed 0) cnn-layers cases per slot with RandomState(variantSeed + FNV-1a(set name)).randint(0, 4)", () => {
    expect(variantPicks(fakePool(4), variantSeed('cnn-layers', 'alice', 0))).toEqual({
      conv_backward: [3, 3, 3], conv_forward: [2, 0, 1], conv_output_shape: [0, 1], dropout_backward: [3, 3, 3],
      dropout_test: [2, 2], dropout_train: [1, 2], grayscale: [1, 3], maxpool_backward: [2, 3, 1, 3],
      maxpool_forward: [2, 0, 1], relu_backward: [2, 3], relu_forward: [1], trainable_parameters: [3],
    });
  });

  it('agrees with hashlib and NumPy run now, for other usernames and seeds', () => {
    const who: [string, number][] = [['carol.d', 12345], ['x@y.edu', 4294967295], ['Z9', 0]];
    const script = `
import hashlib, json, sys, numpy as np
counts = json.loads(sys.argv[1]); out = []
def fnv(n):
    h = 0x811c9dc5
    for ch in n: h = ((h ^ ord(ch)) * 0x01000193) & 0xffffffff
    return h
for user, seed in json.loads(sys.argv[2]):
    v = int.from_bytes(hashlib.sha256(('gradient-variant-v1\\ncnn-layers\\n%s\\n%d' % (user, seed)).encode()).digest()[:4], 'big')
    picks = {}
    for name in sorted(counts):
        r = np.random.RandomState((v + fnv(name)) % 2**32)
        picks[name] = [int(r.randint(0, 4)) for _ in range(counts[name])]
    out.append([v, picks])
print(json.dumps(out))`;
    const numpy = JSON.parse(execFileSync('python3', ['-c', script, JSON.stringify(COUNTS), JSON.stringify(who)], { encoding: 'utf8' })) as [number, Record<string, number[]>][];
    who.forEach(([user, seed], i) => {
      const v = variantSeed('cnn-layers', user, seed);
      expect(v).toBe(numpy[i][0]);
      expect(variantPicks(fakePool(4), v)).toEqual(numpy[i][1]);
    });
  });
});

describe('variant sets', () => {
  it('take case k of each set from the member its pick names, the same for the same student every time', () => {
    const pool = fakePool(4);
    const v = variantSeed('cnn-layers', 'alice', 0);
    const sets = variantSets(pool, v);
    expect(sets.maxpool_backward.map((c) => [c.name, c.args[0]])).toEqual([['maxpool_backward/0', 2], ['maxpool_backward/1', 3], ['maxpool_backward/2', 1], ['maxpool_backward/3', 3]]);
    expect(variantSets(fakePool(4), v)).toEqual(sets);
  });

  it("a set's picks do not depend on the other sets (order of tests, sets added or removed)", () => {
    const v = variantSeed('cnn-layers', 'bob', 3);
    const all = variantPicks(fakePool(4), v);
    const alone = variantPicks(fakePool(4, { maxpool_forward: 3, conv_forward: 3 }), v);
    expect(alone).toEqual({ conv_forward: all.conv_forward, maxpool_forward: all.maxpool_forward });
  });

  it('takes a whole set from one member when the members list different cases', () => {
    const pool = fakePool(4, { s: 2 });
    pool[2].s = [{ name: 'other', args: [2], expected: 2 }];
    for (let user = 0; user < 20; user++) {
      const sets = variantSets(pool, variantSeed('a', `u${user}`, 0));
      const members = sets.s.map((c) => c.args[0]);
      expect(new Set(members).size).toBe(1);
      expect(sets.s).toBe(pool[members[0] as number].s);
    }
  });

  it('gives different students different cases: of 200 usernames, no two share every pick', () => {
    const pool = fakePool(4);
    const keys = new Set(Array.from({ length: 200 }, (_, u) => JSON.stringify(variantPicks(pool, variantSeed('cnn-layers', `student${u}`, 0)))));
    expect(keys.size).toBe(200);
  });
});
