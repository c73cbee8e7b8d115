import { describe, expect, it } from 'vitest';
import type { CaseVerdict } from '../checks/verdict';
import { summarizeBatch } from '../stats/summary';
import { renderBatchHtml, renderSubmissionHtml } from './html';
import { escapeHtml, html } from './html-template';
import { sampleBatch, sampleSubmission, sampleTest } from './sample-results';

const attack = '<script>alert("x")</script><img src=x onerror=alert(1)>';

const hostile = () =>
  sampleSubmission({
    submission: `mallory${attack}`,
    output: `compile error ${attack}`,
    tests: [sampleTest({ status: 'failed', score: 0, output: `TypeError: ${attack}`, printed: attack })],
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

  it('shows what the grader\'s trainer did in a train test, passed or failed', () => {
    const training = { backend: 'wasm', params: 56_906, accuracies: [0.85, 0.943], epochsAllowed: 2, stoppedBy: 'epochs' as const, seconds: 12.1, baseline: [0.852, 0.92] };
    const page = renderSubmissionHtml(sampleSubmission({ tests: [sampleTest({ number: '3.1', training: [training] })] }));
    expect(page).toContain('<p class="note">trained 2 of 2 epochs on wasm in 12.1 s (56,906 parameters); held-out accuracy by epoch: 85 %, 94.3 %</p>');
    expect(page).toContain('<p class="note">the fixed model, same seed, data and settings: 85.2 %, 92 %</p>');
  });

  it('shows what the code printed in its own test, to a student only for public tests shown at once', () => {
    const result = sampleSubmission({
      tests: [
        sampleTest({ printed: 'public print\n' }),
        sampleTest({ number: '1.1h', hidden: true, visibility: 'after_due_date', printed: 'hidden input 0.8125\n' }),
        sampleTest({ number: '1.3', visibility: 'after_published', printed: 'unpublished print\n' }),
      ],
    });
    const student = renderSubmissionHtml(result, { audience: 'student' });
    expect(student).toContain('<pre class="printed">What your code printed:\npublic print</pre>');
    expect(student).not.toContain('hidden input');
    expect(student).not.toContain('unpublished print');
    const instructor = renderSubmissionHtml(result, { audience: 'instructor' });
    expect(instructor).toMatch(/1\.1h<\/td>[\s\S]*?<pre class="printed">What your code printed:\nhidden input 0\.8125<\/pre>/);
    expect(instructor).toContain('unpublished print');
  });
});

describe('renderSubmissionHtml, failed cases as data', () => {
  const failedCase: CaseVerdict = {
    name: 's2-p1',
    ok: false,
    params: [
      { name: 'argument 1', kind: 'tensor', shape: [2, 3, 8, 8] },
      { name: 'stride', kind: 'value', value: 2 },
      { name: 'pad', kind: 'value', value: 1 },
    ],
    problems: [
      {
        kind: 'mismatch', label: 'dw', relError: 1 / 3, tolerance: 1e-10, hint: { kind: 'factor', factor: 4, reciprocal: false, batchSize: 4 },
        worst: [{ flat: 1, index: [0, 1], actual: 4, expected: 1, relError: 1 / 3 }],
      },
      { kind: 'gradient-explanation', call: 'conv', backward: 'convBackward', finding: 'neither', entries: [{ grad: 'dw', index: [0, 1], yours: 4, numeric: 2.5 }] },
    ],
  };
  const test = sampleTest({ number: '5.1', status: 'failed', score: 0, output: 'the text output', failedCases: [failedCase, { ...failedCase, name: 's1-p0' }], casesNotRun: 1 });
  const page = renderSubmissionHtml(sampleSubmission({ tests: [test] }));

  it('shows the worst entries as a table (entry, yours, expected, relative error) instead of the text in <pre>', () => {
    expect(page).toContain('<tr><td><code>[0, 1]</code></td><td class="num">4</td><td class="num">1</td><td class="num">3.33e-1</td></tr>');
    expect(page).toContain('Hint: off by a factor of 4 (N = 4, the batch size): sum vs mean?');
    expect(page).toContain('<tr><td><code>dw</code></td><td><code>[0, 1]</code></td><td class="num">4</td><td class="num">2.50000</td></tr>');
    expect(page).not.toContain('the text output');
  });

  it('shows the parameters of the cases that failed alike, one row each: shapes, stride, pad', () => {
    expect(page).toContain('Cases s2-p1, s1-p0');
    expect(page).toMatch(/<th>argument 1 \(shape\)<\/th><th>stride<\/th><th>pad<\/th>/);
    expect(page).toContain('<tr><td><code>s2-p1</code></td><td>[2, 3, 8, 8]</td><td>2</td><td>1</td></tr>');
    expect(page).toContain('1 more case not run after that failure');
  });

  it('escapes student-controlled values inside the case tables', () => {
    const hostileCase: CaseVerdict = { ...failedCase, name: attack, problems: [{ kind: 'failure', failure: 'threw', message: attack }] };
    const hostilePage = renderSubmissionHtml(sampleSubmission({ tests: [sampleTest({ status: 'failed', score: 0, failedCases: [hostileCase] })] }));
    expectNoInjectedMarkup(hostilePage);
  });

  it('keeps the status column on one line', () => {
    expect(page).toContain('<td class="status failed">✗ failed</td>');
    expect(page).toMatch(/td\.status[^{]*\{ white-space: nowrap; \}/);
  });
});

describe('renderBatchHtml', () => {
  const batch = sampleBatch([hostile(), sampleSubmission(), sampleSubmission({ submission: 'bob' })]);
  const page = renderBatchHtml(batch, summarizeBatch(batch));

  it('escapes submission names and failure messages', () => {
    expectNoInjectedMarkup(page);
  });

  it('draws the class histogram as inline svg bars, one per point and one for full marks, with axis labels', () => {
    const svg = page.match(/<svg[\s\S]*?<\/svg>/)?.[0] ?? '';
    // max 12: bins 0..11 and a bar of its own for 12/12
    expect(svg.match(/<rect /g)).toHaveLength(13);
    expect(svg).toContain('<title>12 (full marks): 0</title>');
    expect(svg).toContain('>total score (out of 12; full marks in green)</text>');
    expect(svg).toContain('>submissions</text>');
  });

  it('links each submission to its own report by a relative, escaped path', () => {
    const odd = sampleBatch([sampleSubmission({ submission: 'a#b?c "d"' }), hostile()]);
    const report = renderBatchHtml(odd, summarizeBatch(odd));
    expect(report).toContain('<a href="a%23b%3Fc%20%22d%22/report.html">a#b?c &quot;d&quot;</a>');
    expect(report).toContain(`<a href="${encodeURIComponent(`mallory${attack}`)}/report.html">mallory&lt;script&gt;`);
    expectNoInjectedMarkup(report);
  });

  it('keeps the whole first failure, not only its first line', () => {
    expect(page).toContain('<details><summary>1.2 convolution backward: dw is off by a factor of 4: mean vs sum?</summary><pre>worst entry at [0, 1, 2, 3]: analytic 0.25, numeric 1.0</pre></details>');
  });

  it('marks a grader failure in the class report instead of showing a 0, and says the statistics leave it out', () => {
    const failed = sampleSubmission({ submission: 'dave', score: 0, graderFailure: 'the grader could not grade this submission: disk full' });
    const withFailure = sampleBatch([sampleSubmission(), failed]);
    const report = renderBatchHtml(withFailure, summarizeBatch(withFailure));
    expect(report).toContain('<tr class="grader-failure"><td><a href="dave/report.html">dave</a></td><td class="num">–/12</td>');
    expect(report).toContain('grader failure: the grader could not grade this submission: disk full');
    expect(report).toContain('The grader could not grade 1 of 2 submissions (dave): they are left out of the statistics');
    expect(report).toMatch(/<dt>graded<\/dt>[\s\S]*<dd>2<\/dd><dd>1<\/dd><dd>7<\/dd>/);
  });

  it('shows each test’s pass rate', () => {
    expect(page).toMatch(/1\.2<\/td><td>convolution backward<\/td>[\s\S]*?0% \(2\)/);
    expect(page).toMatch(/1\.1<\/td><td>convolution forward<\/td>[\s\S]*?67% \(3\)/);
  });
});
