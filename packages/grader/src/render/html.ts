// Self-contained HTML reports (inline CSS and SVG only) for one submission or a graded class.
import type { BatchResult, SubmissionResult, TestResult } from '../model';
import type { ClassSummary } from '../stats/summary';
import { integrityLines } from '../stats/variant-integrity';
import { submissionStatus } from '../submission-status';
import { histogramSvg } from './html-charts';
import { failedCasesHtml } from './html-verdict';
import { trainingText } from './verdict-text';
import { html, SafeHtml } from './html-template';
import { outcomeCountsText } from './outcome-counts';
import { type Audience, passSummary } from './pass-summary';
import { formatPoints } from './points';
import { printedFor } from './printed';

export interface SubmissionHtmlOptions {
  /** Default 'student': the summary never claims all tests passed while hidden tests exist. */
  audience?: Audience;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 960px; color: #1f2937; padding: 0 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } td.status, td > a { white-space: nowrap; }
.case { margin: .5rem 0 .8rem; color: #1f2937; } .case p { margin: .3rem 0; } .case-head { font-weight: 600; }
table.params, table.entries { width: auto; font-size: 12px; margin: .2rem 0; background: #f9fafb; } table.params th, table.entries th { color: #6b7280; font-weight: 500; }
.hint { color: #1d4ed8; } .note { color: #374151; font-style: italic; } details summary { cursor: pointer; }
.status.passed { color: #15803d; } .status.failed, tr.failed > td:first-child { color: #b91c1c; } pre.printed { color: #4b5563; } .grader-failure { color: #a16207; font-weight: 600; }
pre { white-space: pre-wrap; margin: .3rem 0 0; background: #f9fafb; padding: .4rem; font-size: 12px; }
.bar { background: #e5e7eb; width: 160px; height: .7rem; display: inline-block; } .bar > span { background: #2563eb; height: 100%; display: block; }
.chart text { font-size: 10px; fill: #374151; }
dl { display: grid; gap: .2rem 1rem; justify-content: start; } dt { color: #6b7280; } dd { margin: 0; font-weight: 600; }
`;

/** Our own constant, so it is not escaped (">" in selectors must stay). */
const TRUSTED_STYLE = new SafeHtml(STYLE);

export function renderSubmissionHtml(result: SubmissionResult, opts: SubmissionHtmlOptions = {}): string {
  const audience = opts.audience ?? 'student';
  const printed = (t: TestResult) => {
    const text = printedFor(t, audience);
    return text === undefined ? '' : html`<pre class="printed">What your code printed:\n${text.trimEnd()}</pre>`;
  };
  // what the grader's trainer did, shown whether the test passed or not: the accuracies are the result
  const trained = (t: TestResult) => (t.training ?? []).flatMap(trainingText).map((line) => html`<p class="note">${line}</p>`);
  // the cases as data where the test has them; the text output where it has none (build error, grader failure)
  const failure = (t: TestResult) =>
    t.failedCases !== undefined && t.failedCases.length > 0 ? failedCasesHtml(t) : t.output.trim() !== '' ? html`<pre>${t.output.trimEnd()}</pre>` : '';
  const rows = result.tests.map(
    (t) => html`<tr class="${t.status}">
<td>${t.number}</td>
<td>${t.name}${t.hidden ? ' (hidden)' : ''}${t.status === 'failed' ? failure(t) : ''}${trained(t)}${printed(t)}</td>
<td class="num">${formatPoints(t.score)}/${formatPoints(t.maxScore)}</td>
<td class="status ${t.status}">${t.status === 'passed' ? '✓ passed' : '✗ failed'}</td></tr>`,
  );
  const body = html`<h1>${result.assignment}: ${result.submission}</h1>
<p><strong>Score: ${formatPoints(result.score)}/${formatPoints(result.maxScore)}</strong> · ${passSummary(result, audience)}</p>
${result.output.trim() !== '' ? html`<pre>${result.output.trimEnd()}</pre>` : ''}
<table><thead><tr><th>#</th><th>test</th><th>score</th><th>status</th></tr></thead><tbody>${rows}</tbody></table>
`;
  return page(`${result.assignment} – ${result.submission}`, body);
}

export function renderBatchHtml(batch: BatchResult, summary: ClassSummary): string {
  const stats: [string, number | null][] = [
    ['submissions', summary.count],
    ['graded', summary.graded],
    ['mean', summary.mean],
    ['median', summary.median],
    ['min', summary.min],
    ['max', summary.max],
    ['std', summary.std],
  ];
  const testRows = summary.tests.map(
    (t) => html`<tr><td>${t.number}</td><td>${t.name}</td>
<td class="num">${formatPoints(t.meanScore)}/${formatPoints(t.maxScore)}</td>
<td><span class="bar"><span style="width:${Math.round(t.passRate * 100)}%"></span></span> ${Math.round(t.passRate * 100)}% (${t.count})</td></tr>`,
  );
  const submissionRows = batch.submissions.map((s) => {
    const name = html`<a href="${submissionReportHref(s.submission)}">${s.submission}</a>`;
    if (s.graderFailure !== undefined) {
      return html`<tr class="grader-failure"><td>${name}</td><td class="num">–/${formatPoints(s.maxScore)}</td>
<td>grader failure: ${fullText(s.graderFailure)}</td></tr>`;
    }
    const failed = s.tests.find((t) => t.status === 'failed');
    // a submission that did not build or load: its own message, not a test's "not run"
    const why = submissionStatus(s) !== 'graded' ? s.output.trim() : failed ? `${failed.number} ${failed.name}: ${failed.output.trim()}` : '';
    return html`<tr><td>${name}</td><td class="num">${formatPoints(s.score)}/${formatPoints(s.maxScore)}</td>
<td>${why !== '' ? fullText(why) : ''}</td></tr>`;
  });
  const failures = summary.graderFailures;
  const integrity = summary.variants === undefined ? [] : integrityLines(summary.variants);
  const apart = outcomeCountsText(batch.submissions);
  const body = html`<h1>${batch.assignment}: class report</h1>
${apart !== '' ? html`<p class="outcomes">Of ${summary.count} submissions: ${apart}.</p>` : ''}
${failures.length > 0 ? html`<p class="grader-failure">The grader could not grade ${failures.length} of ${summary.count} submissions (${failures.join(', ')}): they are left out of the statistics and need an instructor.</p>` : ''}
<dl style="grid-template-columns: repeat(${stats.length}, auto)">${stats.map(([k]) => html`<dt>${k}</dt>`)}${stats.map(([, v]) => html`<dd>${v === null ? '–' : formatPoints(v)}</dd>`)}</dl>
<h2>Total scores (out of ${formatPoints(summary.maxScore)})</h2>
${histogramSvg(summary.totalHistogram, 'histogram of total scores', { x: `total score (out of ${formatPoints(summary.maxScore)}; full marks in green)`, y: 'submissions' })}
<h2>Tests</h2>
<table><thead><tr><th>#</th><th>test</th><th>mean</th><th>pass rate (submissions)</th></tr></thead><tbody>${testRows}</tbody></table>
${integrity.length > 0 ? html`<h2>Evaluation logs and copies</h2>
<ul class="integrity">${integrity.map((line) => html`<li>${line}</li>`)}</ul>` : ''}
<h2>Submissions</h2>
<table><thead><tr><th>submission</th><th>score</th><th>first failure</th></tr></thead><tbody>${submissionRows}</tbody></table>`;
  return page(`${batch.assignment} – class report`, body);
}

/** Where batch.ts writes a submission's own report, relative to the class report. */
export const SUBMISSION_REPORT_FILE = 'report.html';

/** The class report's link to a submission's report: a relative path, the id percent-encoded so '#', '?' or '%' in it stay part of the name. */
export function submissionReportHref(submission: string): string {
  return `${encodeURIComponent(submission)}/${SUBMISSION_REPORT_FILE}`;
}

/** A message's first line, the whole of it one click away: the table stays one line a row, nothing is cut off. */
function fullText(text: string): SafeHtml {
  const lines = text.trim().split('\n');
  if (lines.length <= 1) return html`${lines[0] ?? ''}`;
  return html`<details><summary>${lines[0]}</summary><pre>${lines.slice(1).join('\n')}</pre></details>`;
}

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${TRUSTED_STYLE}</style></head>
<body>${body}</body></html>
`.value;
}
