// Inline SVG charts for the HTML reports: no scripts, no external assets.
import type { HistogramBucket } from '../stats/histogram';
import { html, type SafeHtml } from './html-template';
import { formatPoints } from './points';

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 16, right: 12, bottom: 44, left: 48 };
/** Fewer x labels than bars when bars are narrow: a label every `step` bars, always the full-marks one. */
const MIN_LABEL_SPACING = 28;

export interface HistogramAxes {
  x: string;
  y: string;
}

function bucketLabel(b: HistogramBucket): string {
  if (b.full) return `${formatPoints(b.from)} (full marks)`;
  return `${formatPoints(b.from)} ≤ score < ${formatPoints(b.to)}`;
}

export function histogramSvg(buckets: HistogramBucket[], title: string, axes: HistogramAxes): SafeHtml {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const highest = Math.max(1, ...buckets.map((b) => b.count));
  const slot = plotWidth / Math.max(1, buckets.length);
  const step = Math.max(1, Math.ceil(MIN_LABEL_SPACING / slot));
  const baseline = MARGIN.top + plotHeight;
  const bars = buckets.map((b, i) => {
    const h = (b.count / highest) * plotHeight;
    const x = MARGIN.left + i * slot;
    const y = baseline - h;
    const labelled = b.full === true || (i % step === 0 && i + step <= buckets.length - 1);
    return html`<g><title>${bucketLabel(b)}: ${b.count}</title>
<rect x="${round(x + 1)}" y="${round(y)}" width="${round(Math.max(1, slot - 2))}" height="${round(h)}" fill="${b.full ? '#15803d' : '#2563eb'}"/>
${b.count > 0 ? html`<text x="${round(x + slot / 2)}" y="${round(y - 3)}" text-anchor="middle">${b.count}</text>` : ''}
${labelled ? html`<text x="${round(x + slot / 2)}" y="${baseline + 13}" text-anchor="middle">${formatPoints(b.from)}</text>` : ''}</g>`;
  });
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">
<line x1="${MARGIN.left}" y1="${baseline}" x2="${WIDTH - MARGIN.right}" y2="${baseline}" stroke="#888"/>
<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${baseline}" stroke="#888"/>
<text x="${MARGIN.left - 4}" y="${baseline}" text-anchor="end" dominant-baseline="middle">0</text>
<text x="${MARGIN.left - 4}" y="${MARGIN.top}" text-anchor="end" dominant-baseline="middle">${highest}</text>
${bars}
<text class="axis" x="${round(MARGIN.left + plotWidth / 2)}" y="${HEIGHT - 6}" text-anchor="middle">${axes.x}</text>
<text class="axis" transform="translate(14 ${round(MARGIN.top + plotHeight / 2)}) rotate(-90)" text-anchor="middle">${axes.y}</text></svg>`;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
