// Inline SVG charts for the HTML reports: no scripts, no external assets.
import type { HistogramBucket } from '../stats/histogram';
import { html, type SafeHtml } from './html-template';
import { formatPoints } from './points';

/** A training curve, e.g. loss or validation accuracy per epoch. */
export interface Curve {
  name: string;
  points: [number, number][];
}

const WIDTH = 480;
const HEIGHT = 180;
const MARGIN = { top: 16, right: 12, bottom: 28, left: 36 };
const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c'];

export function histogramSvg(buckets: HistogramBucket[], title: string): SafeHtml {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const highest = Math.max(1, ...buckets.map((b) => b.count));
  const slot = plotWidth / Math.max(1, buckets.length);
  const bars = buckets.map((b, i) => {
    const h = (b.count / highest) * plotHeight;
    const x = MARGIN.left + i * slot;
    const y = MARGIN.top + plotHeight - h;
    return html`<g><title>${formatPoints(b.from)}–${formatPoints(b.to)}: ${b.count}</title>
<rect x="${round(x + 2)}" y="${round(y)}" width="${round(slot - 4)}" height="${round(h)}" fill="#2563eb"/>
<text x="${round(x + slot / 2)}" y="${round(y - 3)}" text-anchor="middle">${b.count}</text>
<text x="${round(x + slot / 2)}" y="${HEIGHT - 10}" text-anchor="middle">${formatPoints(b.from)}</text></g>`;
  });
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">
<line x1="${MARGIN.left}" y1="${MARGIN.top + plotHeight}" x2="${WIDTH - MARGIN.right}" y2="${MARGIN.top + plotHeight}" stroke="#888"/>
${bars}</svg>`;
}

/** Several curves on shared axes, each a polyline, with a legend. Empty curves are skipped. */
export function curvesSvg(curves: Curve[]): SafeHtml {
  const drawn = curves.filter((c) => c.points.length > 0);
  if (drawn.length === 0) return html``;
  const xs = drawn.flatMap((c) => c.points.map((p) => p[0]));
  const ys = drawn.flatMap((c) => c.points.map((p) => p[1]));
  const scale = (lo: number, hi: number, from: number, to: number) => (v: number) =>
    hi === lo ? (from + to) / 2 : from + ((v - lo) / (hi - lo)) * (to - from);
  const sx = scale(Math.min(...xs), Math.max(...xs), MARGIN.left, WIDTH - MARGIN.right);
  const sy = scale(Math.min(...ys), Math.max(...ys), HEIGHT - MARGIN.bottom, MARGIN.top);
  const lines = drawn.map((curve, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const points = curve.points.map(([x, y]) => `${round(sx(x))},${round(sy(y))}`).join(' ');
    return html`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points}"><title>${curve.name}</title></polyline>
<text x="${MARGIN.left + 4}" y="${MARGIN.top + 12 * (i + 1)}" fill="${colour}">${curve.name}</text>`;
  });
  return html`<svg class="chart" role="img" aria-label="curves" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">
<text x="${MARGIN.left}" y="${HEIGHT - 8}">${formatPoints(Math.min(...xs))}</text>
<text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 8}" text-anchor="end">${formatPoints(Math.max(...xs))}</text>
<text x="2" y="${MARGIN.top + 4}">${formatPoints(Math.max(...ys))}</text>
<text x="2" y="${HEIGHT - MARGIN.bottom}">${formatPoints(Math.min(...ys))}</text>
${lines}</svg>`;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
