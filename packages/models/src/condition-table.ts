import type { EpochHistory } from './softmax-classifier';

/** One row of the course's table: a condition (data set, model) and what its training run reached. */
export interface ConditionRow {
  condition: string;
  /** The highest held-out accuracy over the epochs. */
  bestAccuracy: number;
  first: { epoch: number; loss: number; accuracy: number };
  last: { epoch: number; loss: number; accuracy: number };
}

/** The table row of a history: best accuracy, and loss and accuracy at the first (0) and last (epochs - 1) epoch. */
export function conditionRow(condition: string, history: EpochHistory): ConditionRow {
  const n = history.loss.length;
  if (n === 0 || history.accuracy.length !== n) {
    throw new Error(`conditionRow: history of '${condition}' needs as many accuracies as losses, at least one (got ${n} losses, ${history.accuracy.length} accuracies)`);
  }
  const at = (epoch: number) => ({ epoch, loss: history.loss[epoch], accuracy: history.accuracy[epoch] });
  return { condition, bestAccuracy: Math.max(...history.accuracy), first: at(0), last: at(n - 1) };
}

/**
 * The table as text, one line per condition:
 * condition | best acc | epoch 0 loss | epoch 0 acc | epoch 9 loss | epoch 9 acc
 */
export function formatConditionTable(rows: readonly ConditionRow[]): string {
  const lastEpoch = rows.length > 0 ? rows[0].last.epoch : 9;
  const header = ['condition', 'best acc', 'epoch 0 loss', 'epoch 0 acc', `epoch ${lastEpoch} loss`, `epoch ${lastEpoch} acc`];
  const body = rows.map((r) => [
    r.condition,
    r.bestAccuracy.toFixed(4),
    r.first.loss.toFixed(4),
    r.first.accuracy.toFixed(4),
    r.last.loss.toFixed(4),
    r.last.accuracy.toFixed(4),
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...body.map((row) => row[k].length)));
  const line = (cells: string[]) => cells.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]) : cell.padStart(widths[k]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}
