/*
 * Pseudolabels by cosine similarity: each unlabeled example takes the label of the most
 * cosine-similar labeled example. Tie rules:
 * - equal similarity to two labeled examples: the earlier labeled example wins;
 * - nearest-n concatenation ranks the unlabeled examples of each pseudolabel by that best
 *   similarity, highest first, equal similarities in unlabeled order.
 * A zero vector has no direction, so cosine similarity with it is refused rather than made up.
 */

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`cosineSimilarity: lengths ${a.length} and ${b.length} differ`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 || nb === 0) throw new RangeError('cosineSimilarity: undefined for a zero vector');
  return dot / (Math.sqrt(na) * Math.sqrt(nb));
}

export interface Pseudolabel<L> {
  label: L;
  /** Index of the most similar labeled example. */
  source: number;
  similarity: number;
}

export function cosinePseudolabels<L>(labeled: readonly (readonly number[])[], labels: readonly L[], unlabeled: readonly (readonly number[])[]): Pseudolabel<L>[] {
  if (labeled.length !== labels.length) throw new RangeError(`cosinePseudolabels: ${labeled.length} labeled examples but ${labels.length} labels`);
  if (labeled.length === 0) throw new RangeError('cosinePseudolabels: need at least one labeled example');
  return unlabeled.map((u) => {
    let source = 0;
    let similarity = cosineSimilarity(labeled[0], u);
    for (let j = 1; j < labeled.length; j++) {
      const s = cosineSimilarity(labeled[j], u);
      if (s > similarity) [source, similarity] = [j, s];
    }
    return { label: labels[source], source, similarity };
  });
}

export interface PseudolabeledDataset<L> {
  examples: (readonly number[])[];
  labels: L[];
  /** Indices into unlabeled of the appended examples, in appended order. */
  added: number[];
}

/**
 * The labeled set followed by, for each class (in order of first appearance in labels), the n
 * unlabeled examples pseudolabeled with it that are most similar to their labeled source (fewer when
 * fewer have that pseudolabel).
 */
export function nearestPerClassConcatenation<L>(labeled: readonly (readonly number[])[], labels: readonly L[], unlabeled: readonly (readonly number[])[], n: number): PseudolabeledDataset<L> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`nearestPerClassConcatenation: n must be an integer >= 0, got ${n}`);
  const pseudo = cosinePseudolabels(labeled, labels, unlabeled);
  const examples = [...labeled];
  const out = [...labels];
  const added: number[] = [];
  for (const cls of new Set(labels)) {
    const chosen = pseudo
      .map((p, i) => ({ ...p, i }))
      .filter((p) => p.label === cls)
      .sort((a, b) => b.similarity - a.similarity || a.i - b.i)
      .slice(0, n);
    for (const p of chosen) {
      examples.push(unlabeled[p.i]);
      out.push(cls);
      added.push(p.i);
    }
  }
  return { examples, labels: out, added };
}
