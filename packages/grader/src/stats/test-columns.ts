// The tests of a batch as columns: every test number seen in any submission, in spec-number order.
import type { BatchResult } from '../model';

export interface TestColumn {
  number: string;
  name: string;
  maxScore: number;
}

export function testColumns(batch: BatchResult): TestColumn[] {
  const byNumber = new Map<string, TestColumn>();
  for (const submission of batch.submissions) {
    for (const test of submission.tests) {
      if (!byNumber.has(test.number)) byNumber.set(test.number, { number: test.number, name: test.name, maxScore: test.maxScore });
    }
  }
  return [...byNumber.values()].sort((a, b) => compareTestNumbers(a.number, b.number));
}

/** "1.2" < "1.10" < "2": numeric parts compare as numbers. */
export function compareTestNumbers(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    const order = Number.isInteger(na) && Number.isInteger(nb) && pa[i] !== '' && pb[i] !== '' ? na - nb : pa[i].localeCompare(pb[i]);
    if (order !== 0) return order;
  }
  return 0;
}
