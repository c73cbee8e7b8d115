/*
 * k-nearest neighbours by Euclidean distance and majority vote.
 * Tie rules (both deterministic, so a reference answer never depends on sort stability):
 * - equal distances: the earlier training example counts as nearer;
 * - equal vote counts: the label whose nearest member is nearest wins (with the rule above,
 *   that is the tied label that appears first in the neighbour list).
 */

export interface KnnResult<L> {
  /** The majority label among the k nearest. */
  prediction: L;
  /** Distance from the query to every training example, in training order. */
  distances: number[];
  /** Training indices of the k nearest, nearest first. */
  neighbors: number[];
  /** Vote count per label among the k nearest, labels in order of their nearest member. */
  votes: Map<L, number>;
}

export function euclideanDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`euclideanDistance: lengths ${a.length} and ${b.length} differ`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum);
}

export function knnClassify<L>(train: readonly (readonly number[])[], labels: readonly L[], query: readonly number[], k: number): KnnResult<L> {
  if (train.length !== labels.length) throw new RangeError(`knn: ${train.length} examples but ${labels.length} labels`);
  if (!Number.isInteger(k) || k < 1 || k > train.length) throw new RangeError(`knn: k must be an integer in 1..${train.length}, got ${k}`);
  const distances = train.map((x) => euclideanDistance(x, query));
  const order = distances.map((_, i) => i).sort((i, j) => distances[i] - distances[j] || i - j);
  const neighbors = order.slice(0, k);
  const votes = new Map<L, number>();
  for (const i of neighbors) votes.set(labels[i], (votes.get(labels[i]) ?? 0) + 1);
  let prediction = labels[neighbors[0]];
  // Map iteration follows insertion order = order of each label's nearest member; strict > keeps the nearest on ties.
  for (const [label, count] of votes) if (count > votes.get(prediction)!) prediction = label;
  return { prediction, distances, neighbors, votes };
}

/** The majority label among the k nearest training examples (tie rules in the file comment). */
export function knn<L>(train: readonly (readonly number[])[], labels: readonly L[], query: readonly number[], k: number): L {
  return knnClassify(train, labels, query, k).prediction;
}
