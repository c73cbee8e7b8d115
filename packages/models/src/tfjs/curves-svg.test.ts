import { describe, expect, it } from 'vitest';
import { downsample, escapeXml, renderCurvesSvg } from './curves-svg';

const curves = {
  title: 'mnist-cnn on mnist',
  trainLoss: [[32, 2.3], [64, 1.9], [96, 1.2]] as [number, number][],
  trainAccuracy: [[32, 0.1], [64, 0.4], [96, 0.7]] as [number, number][],
  testAccuracy: [[96, 0.8]] as [number, number][],
};

describe('curves SVG', () => {
  it('escapes every text it is given, so a folder name cannot inject markup', () => {
    const svg = renderCurvesSvg({ ...curves, title: `<script>alert("x")</script> & 'q'` });
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
    expect(escapeXml('a<b>&"\'')).toBe('a&lt;b&gt;&amp;&quot;&#39;');
  });

  it('is self-contained: one svg root, no scripts, links, event handlers or foreign objects', () => {
    const svg = renderCurvesSvg(curves);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(svg).not.toMatch(/<script|href=|\son[a-z]+=|<foreignObject|<style|url\(/i);
  });

  it('maps the data to the plot: last point at the right edge, loss 0 at the bottom, accuracy 100% at the top', () => {
    const svg = renderCurvesSvg({ ...curves, trainLoss: [[0, 0], [50, 1], [100, 2]], trainAccuracy: [[100, 1]], testAccuracy: [] });
    // loss panel: plot area x 52..366, y 60..236; the loss axis tops out at 2
    expect(svg).toContain('points="52,236 209,148 366,60"');
    // accuracy panel starts at x = 380: a single point is drawn as a dot at 100% (top) and the last x (right)
    expect(svg).toContain('<circle cx="746" cy="60" r="3" fill="#1f77b4"/>');
  });

  it('never writes NaN coordinates: non-finite values are dropped, empty series are fine', () => {
    const svg = renderCurvesSvg({ title: 't', trainLoss: [[32, NaN], [64, Infinity], [96, 0.5]], trainAccuracy: [], testAccuracy: [] });
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(renderCurvesSvg({ title: 't', trainLoss: [], trainAccuracy: [], testAccuracy: [] })).not.toMatch(/NaN|Infinity/);
  });

  it('downsample averages consecutive runs (hand-computed) and keeps short series as they are', () => {
    expect(downsample([[1, 10], [2, 20], [3, 30], [4, 50]], 2)).toEqual([[1.5, 15], [3.5, 40]]);
    expect(downsample([[1, 10], [2, NaN]], 5)).toEqual([[1, 10]]);
    expect(downsample(Array.from({ length: 1000 }, (_, i) => [i, i] as [number, number]), 200)).toHaveLength(200);
  });
});
