// Loss and accuracy curves of a training run as one self-contained SVG: no scripts, no external references,
// no styles from outside, every text escaped, so the HTML reports can inline it as it is.

export type Point = readonly [x: number, y: number];

export interface TrainingCurves {
  /** Shown above the plots (escaped). */
  title: string;
  /** x is images seen in every series. */
  trainLoss: Point[];
  trainAccuracy: Point[];
  testAccuracy: Point[];
}

const PANEL_W = 380;
const PANEL_H = 250;
const MARGIN = { left: 52, right: 14, top: 34, bottom: 40 };
const TITLE_H = 26;
const COLORS = { train: '#1f77b4', test: '#d62728', axis: '#444', grid: '#ddd' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** At most `max` points: consecutive runs averaged (x and y), which also smooths per-batch noise. */
export function downsample(points: readonly Point[], max = 200): Point[] {
  const finite = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (finite.length <= max) return finite.map(([x, y]) => [x, y]);
  const out: Point[] = [];
  for (let k = 0; k < max; k++) {
    const run = finite.slice(Math.floor((k * finite.length) / max), Math.floor(((k + 1) * finite.length) / max));
    out.push([run.reduce((s, p) => s + p[0], 0) / run.length, run.reduce((s, p) => s + p[1], 0) / run.length]);
  }
  return out;
}

/** A round upper bound for the loss axis, at or above `v`. */
function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 1.2, 1.6, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * p >= v * (1 - 1e-12)) ?? 10) * p;
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function tickLabel(v: number, percent: boolean): string {
  if (percent) return `${Math.round(v * 100)}%`;
  if (Math.abs(v) >= 1000) return `${+(v / 1000).toPrecision(3)}k`;
  return String(+v.toPrecision(3));
}

interface Series { name: string; color: string; points: Point[]; dots?: boolean }

// The legend sits where the curves usually are not: top right for a falling loss, bottom right for a rising accuracy.
function panel(x0: number, y0: number, heading: string, series: Series[], xMax: number, yMax: number, percent: boolean, legendAtTop: boolean): string {
  const w = PANEL_W - MARGIN.left - MARGIN.right;
  const h = PANEL_H - MARGIN.top - MARGIN.bottom;
  const left = x0 + MARGIN.left;
  const top = y0 + MARGIN.top;
  const sx = (x: number) => left + (xMax > 0 ? (x / xMax) * w : 0);
  const sy = (y: number) => top + h - (Math.min(Math.max(y, 0), yMax) / yMax) * h;
  const parts: string[] = [];
  parts.push(`<text x="${num(x0 + PANEL_W / 2)}" y="${num(y0 + 20)}" text-anchor="middle" font-weight="bold">${escapeXml(heading)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const yv = (yMax * i) / 4;
    const y = sy(yv);
    parts.push(`<line x1="${num(left)}" y1="${num(y)}" x2="${num(left + w)}" y2="${num(y)}" stroke="${COLORS.grid}"/>`);
    parts.push(`<text x="${num(left - 6)}" y="${num(y + 4)}" text-anchor="end">${escapeXml(tickLabel(yv, percent))}</text>`);
    const xv = (xMax * i) / 4;
    parts.push(`<text x="${num(sx(xv))}" y="${num(top + h + 16)}" text-anchor="middle">${escapeXml(tickLabel(xv, false))}</text>`);
  }
  parts.push(`<rect x="${num(left)}" y="${num(top)}" width="${num(w)}" height="${num(h)}" fill="none" stroke="${COLORS.axis}"/>`);
  parts.push(`<text x="${num(left + w / 2)}" y="${num(top + h + 32)}" text-anchor="middle">images seen</text>`);
  series.forEach((s, k) => {
    const pts = s.points.map(([x, y]) => `${num(sx(x))},${num(sy(y))}`);
    if (pts.length > 1 && !s.dots) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${pts.join(' ')}"/>`);
    if (pts.length === 1 || s.dots) for (const p of pts) {
      const [cx, cy] = p.split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${s.color}"/>`);
    }
    const ly = legendAtTop ? top + 12 + k * 14 : top + h - 8 - (series.length - 1 - k) * 14;
    parts.push(`<line x1="${num(left + w - 110)}" y1="${num(ly - 4)}" x2="${num(left + w - 92)}" y2="${num(ly - 4)}" stroke="${s.color}" stroke-width="2"/>`);
    parts.push(`<text x="${num(left + w - 88)}" y="${num(ly)}">${escapeXml(s.name)}</text>`);
  });
  return parts.join('\n');
}

export function renderCurvesSvg(c: TrainingCurves): string {
  const loss = downsample(c.trainLoss);
  const trainAcc = downsample(c.trainAccuracy);
  const testAcc = downsample(c.testAccuracy);
  // x runs to the last image seen, so the curves fill the width.
  const xMax = Math.max(0, ...[...loss, ...trainAcc, ...testAcc].map((p) => p[0]));
  const lossMax = niceCeil(Math.max(0, ...loss.map((p) => p[1])));
  const width = 2 * PANEL_W;
  const height = PANEL_H + TITLE_H;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" role="img">`,
    `<title>${escapeXml(c.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="13">${escapeXml(c.title)}</text>`,
    panel(0, TITLE_H, 'loss (mean cross-entropy)', [{ name: 'train', color: COLORS.train, points: loss }], xMax, lossMax, false, true),
    panel(PANEL_W, TITLE_H, 'accuracy', [
      { name: 'train', color: COLORS.train, points: trainAcc },
      { name: 'test (per epoch)', color: COLORS.test, points: testAcc, dots: true },
    ], xMax, 1, true, false),
    '</svg>',
    '',
  ].join('\n');
}
