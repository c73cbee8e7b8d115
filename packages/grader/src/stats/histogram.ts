export interface HistogramBucket {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge; equal to `from` for the full-marks bucket, which holds exactly `max` (and above). */
  to: number;
  count: number;
  /** The last bucket: scores of `max` itself, never merged with the scores just below it. */
  full?: true;
}

/** At most this many buckets below full marks: wider integer bins beyond it. */
export const MAX_SCORE_BUCKETS = 25;

/**
 * Total scores in integer-width bins [k*w, (k+1)*w) below `max` (w = 1 up to MAX_SCORE_BUCKETS points,
 * then the smallest integer that keeps the count within it), plus one bucket for full marks alone, so a
 * 24/24 reads as full marks instead of sharing a bar with 23.5. Values below 0 count in the first bin.
 */
export function scoreHistogram(values: number[], max: number): HistogramBucket[] {
  const width = Math.max(1, Math.ceil(max / MAX_SCORE_BUCKETS));
  const below = Math.max(0, Math.ceil(max / width));
  const buckets: HistogramBucket[] = Array.from({ length: below }, (_, i) => ({ from: i * width, to: Math.min(max, (i + 1) * width), count: 0 }));
  const full: HistogramBucket = { from: max, to: max, count: 0, full: true };
  for (const value of values) {
    if (value >= max) full.count++;
    else buckets[Math.min(below - 1, Math.max(0, Math.floor(value / width)))].count++;
  }
  return [...buckets, full];
}
