// A structure test's failure as text: the expected layers beside the student's, one row per layer, with what
// differs named at the end of the row. Every cell is cut short: class names and config values come from student code.
import type { LayerFacts, LayerRow, Problem } from '../checks/problem';

const CELL_CHARS = 48;
const MAX_ROWS = 60;

const cut = (text: string, max = CELL_CHARS) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const shape = (s: LayerFacts['outputShape']) => (s === undefined ? '' : JSON.stringify(s).replace(/,/g, ', '));
const count = (n: number) => n.toLocaleString('en-US');

/** The fields the spec's row gives, shown the same way for both sides. */
function cell(f: LayerFacts | undefined, shown: LayerFacts | undefined): string {
  if (f === undefined) return '(none)';
  const parts = [cut(f.type, 24)];
  if (shown?.outputShape !== undefined || shown === undefined) parts.push(cut(shape(f.outputShape), 28));
  if (shown?.activation !== undefined) parts.push(cut(f.activation ?? '-', 12));
  if (shown?.params !== undefined || shown === undefined) parts.push(f.params === undefined ? '' : `${count(f.params)} params`);
  for (const key of Object.keys(shown?.config ?? {})) parts.push(`${cut(key, 16)}=${cut(JSON.stringify(f.config?.[key] ?? null) ?? 'null', 24)}`);
  return parts.filter((p) => p !== '').join('  ');
}

export function layerTableText(p: Extract<Problem, { kind: 'layers' }>): string {
  const shown = p.rows.slice(0, MAX_ROWS);
  const left = shown.map((r) => cell(r.expected, r.expected));
  // an extra layer has no spec row to say which fields matter: the main ones, no config
  const right = shown.map((r) => cell(r.actual, r.expected ?? { type: '', outputShape: [], params: 0, activation: '' }));
  const width = Math.max('expected'.length, ...left.map((s) => s.length));
  const num = String(shown.length).length;
  const lines = [
    `the model's layers differ from the expected ones (x marks a row that differs):`,
    `  ${' '.repeat(num)}   ${'expected'.padEnd(width)} | yours`,
    ...shown.map((r: LayerRow, k) => {
      const mark = r.differs.length > 0 ? 'x' : ' ';
      const why = r.differs.length > 0 ? `   <- ${r.differs.join(', ')}` : '';
      return `  ${mark} ${String(k + 1).padStart(num)} ${left[k].padEnd(width)} | ${right[k]}${why}`;
    }),
  ];
  if (p.rows.length > MAX_ROWS) lines.push(`  … ${p.rows.length - MAX_ROWS} more rows (${p.rows.slice(MAX_ROWS).filter((r) => r.differs.length > 0).length} differ)`);
  lines.push(`  parameters: ${p.expectedParams === undefined ? '' : `expected ${count(p.expectedParams)}, `}yours ${count(p.actualParams)}`);
  return lines.join('\n');
}
