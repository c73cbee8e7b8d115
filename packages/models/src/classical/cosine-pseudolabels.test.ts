import { describe, expect, it } from 'vitest';
import { cosinePseudolabels, cosineSimilarity, nearestPerClassConcatenation } from './cosine-pseudolabels';

const labeled = [
  [1, 0],
  [0, 1],
];
const labels = ['cat', 'dog'];
// Cosine to cat (1,0) is u0/|u|, to dog (0,1) is u1/|u|:
// u0 (2,1): 2/sqrt5 = .894 vs 1/sqrt5        -> cat, .894
// u1 (1,3): 1/sqrt10 vs 3/sqrt10 = .949      -> dog, .949
// u2 (5,0): 1 vs 0                           -> cat, 1
// u3 (1,1): 1/sqrt2 both (tie)               -> cat, the earlier labeled example
// u4 (-1,2): -1/sqrt5 vs 2/sqrt5 = .894      -> dog, .894
const unlabeled = [
  [2, 1],
  [1, 3],
  [5, 0],
  [1, 1],
  [-1, 2],
];

describe('cosine similarity pseudolabels', () => {
  it('cosine similarity by hand, independent of length', () => {
    expect(cosineSimilarity([1, 0], [2, 1])).toBeCloseTo(2 / Math.sqrt(5), 15);
    expect(cosineSimilarity([3, 4], [6, 8])).toBeCloseTo(1, 15);
    expect(cosineSimilarity([1, 0], [-1, 0])).toBe(-1);
    expect(() => cosineSimilarity([0, 0], [1, 0])).toThrow(/zero vector/);
  });

  it('labels each unlabeled example like its most similar labeled one; ties go to the earlier', () => {
    const p = cosinePseudolabels(labeled, labels, unlabeled);
    expect(p.map((q) => q.label)).toEqual(['cat', 'dog', 'cat', 'cat', 'dog']);
    expect(p.map((q) => q.source)).toEqual([0, 1, 0, 0, 1]);
    expect(p[0].similarity).toBeCloseTo(2 / Math.sqrt(5), 15);
    expect(p[1].similarity).toBeCloseTo(3 / Math.sqrt(10), 15);
    // Same tie with the labeled order swapped: now dog is earlier and wins.
    expect(cosinePseudolabels([[0, 1], [1, 0]], ['dog', 'cat'], [[1, 1]])[0].label).toBe('dog');
  });

  it('nearest-n concatenation appends the n most similar of each pseudolabel', () => {
    // cat candidates: u2 (1), u0 (.894), u3 (.707); dog candidates: u1 (.949), u4 (.894).
    const one = nearestPerClassConcatenation(labeled, labels, unlabeled, 1);
    expect(one.added).toEqual([2, 1]);
    expect(one.labels).toEqual(['cat', 'dog', 'cat', 'dog']);
    expect(one.examples).toEqual([[1, 0], [0, 1], [5, 0], [1, 3]]);
    // n = 3: all three cats, but only two dogs exist.
    const three = nearestPerClassConcatenation(labeled, labels, unlabeled, 3);
    expect(three.added).toEqual([2, 0, 3, 1, 4]);
    expect(three.labels).toEqual(['cat', 'dog', 'cat', 'cat', 'cat', 'dog', 'dog']);
    expect(nearestPerClassConcatenation(labeled, labels, unlabeled, 0).examples).toEqual(labeled);
  });

  it('equal similarities within a class keep unlabeled order', () => {
    // Two copies of (2,1): exactly the same similarity to cat, the earlier is taken first.
    expect(nearestPerClassConcatenation(labeled, labels, [[2, 1], [2, 1]], 1).added).toEqual([0]);
    // With a dog (0,9) first and a less similar cat (1,1) in between: cats 1 and 3 tie, 1 comes first.
    expect(nearestPerClassConcatenation(labeled, labels, [[0, 9], [2, 1], [1, 1], [2, 1]], 2).added).toEqual([1, 3, 0]);
  });
});
