/** Points as people read them: at most 4 decimals, no trailing zeros ("2.5", "0.3333", "5"). */
export function formatPoints(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Math.round(x * 1e4) / 1e4);
}
