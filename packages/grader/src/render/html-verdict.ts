// A test's failed cases as HTML: per group of cases that failed alike, the cases' parameters, then each
// problem laid out (worst entries as a table, the hint, the gradient check's finding). Reads data only.
import { shapeString } from '@gradient/tensor';
import type { CaseParam, Problem } from '../checks/problem';
import type { CaseVerdict } from '../checks/verdict';
import type { TestResult } from '../model';
import { html, type SafeHtml } from './html-template';
import { explanationText, fmt, hintText, paramValue, problemText, verdictText } from './verdict-text';

const relErr = (e: number) => (Number.isFinite(e) ? e.toExponential(2) : String(e));
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
const at = (index: readonly number[]) => `[${index.join(', ')}]`;

function paramCell(p: CaseParam | undefined): string {
  if (p === undefined) return '';
  if (p.kind === 'tensor') return shapeString(p.shape);
  if (p.kind === 'rng') return `seed ${p.seed}`;
  return paramValue(p.value);
}

/** One row per case, one column per parameter name (tensor arguments show their shapes). */
function paramsTable(cases: CaseVerdict[]): SafeHtml {
  const names = [...new Set(cases.flatMap((c) => c.params.map((p) => p.name)))];
  const shapes = new Set(cases.flatMap((c) => c.params.filter((p) => p.kind === 'tensor').map((p) => p.name)));
  return html`<table class="params"><thead><tr><th>case</th>${names.map((n) => html`<th>${n}${shapes.has(n) ? ' (shape)' : ''}</th>`)}</tr></thead>
<tbody>${cases.map((c) => html`<tr><td><code>${c.name}</code></td>${names.map((n) => html`<td>${paramCell(c.params.find((p) => p.name === n))}</td>`)}</tr>`)}</tbody></table>`;
}

function problemHtml(p: Problem): SafeHtml {
  switch (p.kind) {
    case 'mismatch':
      return html`<p><code>${p.label}</code>: relative error ${relErr(p.relError)}, over the limit of ${p.tolerance.toExponential(0)}. Worst entries:</p>
<table class="entries"><thead><tr><th>entry</th><th class="num">yours</th><th class="num">expected</th><th class="num">relative error</th></tr></thead>
<tbody>${p.worst.map((w) => html`<tr><td><code>${at(w.index)}</code></td><td class="num">${fmt(w.actual)}</td><td class="num">${fmt(w.expected)}</td><td class="num">${relErr(w.relError)}</td></tr>`)}</tbody></table>
${p.hint ? html`<p class="hint">Hint: ${hintText(p.hint)}</p>` : ''}`;
    case 'gradient-explanation':
      if (p.finding !== 'neither') return html`<p class="note">${sentence(explanationText(p).trim().replace(/^note: /, ''))}</p>`;
      return html`<p class="note">Your <code>${p.backward}</code> matches neither the reference nor the numerical gradient of your own <code>${p.call}</code>:</p>
<table class="entries"><thead><tr><th>gradient</th><th>entry</th><th class="num">yours</th><th class="num">numerical gradient of your ${p.call}</th></tr></thead>
<tbody>${p.entries.map((e) => html`<tr><td><code>${e.grad}</code></td><td><code>${at(e.index)}</code></td><td class="num">${fmt(e.yours)}</td><td class="num">${fmt(e.numeric)}</td></tr>`)}</tbody></table>`;
    case 'gradient-explanation-failed':
      return html`<p class="note">${sentence(problemText(p).trim().replace(/^\((.*)\)$/s, '$1'))}</p>`;
    case 'failure':
    case 'layers':
      return html`<pre>${problemText(p)}</pre>`;
    default:
      return html`<p>${problemText(p)}</p>`;
  }
}

/** The failed cases of a test, grouped as the text output groups them (cases that failed alike together). */
export function failedCasesHtml(test: TestResult): SafeHtml {
  const groups = new Map<string, CaseVerdict[]>();
  for (const v of test.failedCases ?? []) groups.set(verdictText(v), [...(groups.get(verdictText(v)) ?? []), v]);
  const notRun = test.casesNotRun ?? 0;
  return html`${[...groups.values()].map(
    (cases) => html`<div class="case"><p class="case-head">${cases.length > 1 ? 'Cases' : 'Case'} ${cases.map((c) => c.name).join(', ')}</p>
${cases.some((c) => c.params.length > 0) ? paramsTable(cases) : ''}
${cases[0].problems.map(problemHtml)}</div>`,
  )}${notRun > 0 ? html`<p>${notRun} more case${notRun > 1 ? 's' : ''} not run after that failure</p>` : ''}`;
}
