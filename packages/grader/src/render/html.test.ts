import { describe, expect, it } from 'vitest';
import { summarizeBatch } from '../stats/summary';
import { renderBatchHtml, renderSubmissionHtml } from './html';
import { escapeHtml, html } from './html-template';
import { sampleBatch, sampleSubmission, sampleTest } from './sample-results';

const attack = '<script>alert("x")</script><img src=x onerror=alert(1)>';

const hostile = () =>
  sampleSubmission({
    submission: `mallory${attack}`,
    output: `compile error ${attack}`,
    studentStdout: attack,
    tests: [sampleTest({ status: 'failed', score: 0, output: `TypeError: ${attack}` })],
    score: 0,
    maxScore: 5,
  });

function expectNoInjectedMarkup(page: string) {
  expect(page).not.toContain('<script');
  expect(page).not.toContain('<img');
  expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
}

describe('html template', () => {
  it('escapes interpolated text but not nested html fragments', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html`<b>${'<i>'}</b>${html`<i>${'&'}</i>`}`.value).toBe('<b>&lt;i&gt;</b><i>&amp;</i>');
  });
});

describe('renderSubmissionHtml', () => {
  it('escapes every piece of student-controlled text', () => {
    const page = renderSubmissionHtml(hostile());
    expectNoInjectedMarkup(page);
    expect(page).toContain('TypeError: &lt;script&gt;');
  });

  it('is self-contained: inline style, no external assets or scripts', () => {
    const page = renderSubmissionHtml(sampleSubmission());
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<style>');
    expect(page).not.toMatch(/<link|<script|src=|https?:/);
  });

  it('shows failed tests with their message and the hidden-test sentence for students', () => {
    const page = renderSubmissionHtml(sampleSubmission({ hiddenTestsNotRun: 2 }));
    expect(page).toContain('<pre>dw is off by a factor of 4: mean vs sum?');
    expect(page).toContain('hidden tests run at grading time (2 tests)');
  });

  it('draws training curves as polylines when given, and nothing otherwise', () => {
    const withCurves = renderSubmissionHtml(sampleSubmission(), {
      curves: [{ name: 'loss <train>', points: [[0, 2.3], [1, 1.1], [2, 0.7]] }],
    });
    expect(withCurves).toMatch(/<polyline[^>]*points="[\d.]+,[\d.]+ [\d.]+,[\d.]+ [\d.]+,[\d.]+"/);
    expect(withCurves).toContain('loss &lt;train&gt;');
    expect(renderSubmissionHtml(sampleSubmission())).not.toContain('<polyline');
  });
});

describe('renderBatchHtml', () => {
  const batch = sampleBatch([hostile(), sampleSubmission(), sampleSubmission({ submission: 'bob' })]);
  const page = renderBatchHtml(batch, summarizeBatch(batch));

  it('escapes submission names and failure messages', () => {
    expectNoInjectedMarkup(page);
  });

  it('draws the class histogram as inline svg bars, one per bucket', () => {
    const svg = page.match(/<svg[\s\S]*?<\/svg>/)?.[0] ?? '';
    expect(svg.match(/<rect /g)).toHaveLength(10);
  });

  it('shows each test’s pass rate', () => {
    expect(page).toMatch(/1\.2<\/td><td>convolution backward<\/td>[\s\S]*?0% \(2\)/);
    expect(page).toMatch(/1\.1<\/td><td>convolution forward<\/td>[\s\S]*?67% \(3\)/);
  });
});
