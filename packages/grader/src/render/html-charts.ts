// Inline SVG charts for the HTML reports: no scripts, no external assets.
import type { HistogramBucket } from '../stats/histogram';
import { html, type SafeHtml } from './html-template';
import { formatPoints } from './points';

const WIDTH = 480;
const HEIGHT = 180;
const MARGIN = { top: 16, right: 12, bottom: 28, left: 36 };

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

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
