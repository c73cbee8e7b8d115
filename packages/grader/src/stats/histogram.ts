export interface HistogramBucket {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge, except for the last bucket, which also holds `max` itself. */
  to: number;
  count: number;
}

/** Counts of `values` in `bucketCount` equal-width buckets over [0, max]. Values outside are clamped into the end buckets. */
export function histogram(values: number[], max: number, bucketCount: number): HistogramBucket[] {
  const width = max > 0 ? max / bucketCount : 0;
  const buckets = Array.from({ length: bucketCount }, (_, i) => ({ from: i * width, to: (i + 1) * width, count: 0 }));
  for (const value of values) {
    const index = max > 0 ? Math.floor((value * bucketCount) / max) : bucketCount - 1;
    buckets[Math.min(bucketCount - 1, Math.max(0, index))].count++;
  }
  return buckets;
}
