import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeResultsJson } from './gradescope';
import { MAX_RESULTS_BYTES } from './results-size';
import { sampleSubmission, sampleTest } from './sample-results';

const dir = mkdtempSync(join(tmpdir(), 'gradient-results-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeResultsJson size bound', () => {
  it('cuts every output so a result full of huge student text stays under the bound, keeping each start', () => {
    const tests = Array.from({ length: 44 }, (_, i) => sampleTest({ number: `${i + 1}`, status: 'failed', score: 0, output: `case a: ${'x'.repeat(2e6)}` }));
    const result = sampleSubmission({ tests, output: `Your code threw while loading: ${'N'.repeat(24e6)}` });
    const path = join(dir, 'huge.json');
    writeResultsJson(path, result);
    expect(statSync(path).size).toBeLessThanOrEqual(MAX_RESULTS_BYTES);
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written.tests).toHaveLength(44);
    expect(written.output).toMatch(/^Your code threw while loading: NNNN[^]*… \(cut: the full text was \d+ characters\)/);
    for (const t of written.tests) expect(t.output).toMatch(/^case a: xxxx[^]*\n… \(cut: the full text was 2000008 characters\)$/);
  });

  it('leaves ordinary results as they are', () => {
    const path = join(dir, 'small.json');
    const result = sampleSubmission();
    const written = writeResultsJson(path, result);
    expect(written.tests.map((t) => t.output)).toEqual(result.tests.map((t) => t.output));
  });
});
