import { describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import type { Assignment, TestSpec } from '../spec/types';
import { selectTests } from './test-selection';

const test = (number: string, set: 'public' | 'hidden' = 'public'): TestSpec => ({ kind: 'predictions', file: 'p.csv', labels: 'l.npy', name: `test ${number}`, number, points: 1, set });
const assignment = {
  spec: { name: 'a', title: 'A', entry: 'a.ts', exports: [], fixtures: { generator: 'g.ts', publicSeed: 1 }, limits: {}, tests: [test('1.1'), test('5.1'), test('5.2'), test('50.1'), test('5.1h', 'hidden')] },
  dir: '/a', specFile: '/a/assignment.json', publicFixturesDir: '/a/fixtures/public',
} satisfies Assignment;
const numbers = (filters: string[]) => selectTests(assignment, filters).spec.tests.map((t) => t.number);

describe('selectTests', () => {
  it('keeps every test without filters', () => {
    expect(selectTests(assignment, [])).toBe(assignment);
  });

  it('picks a test by number, or the tests under a prefix of whole parts, and keeps the hidden ones for the summary', () => {
    expect(numbers(['5.1'])).toEqual(['5.1', '5.1h']);
    expect(numbers(['5'])).toEqual(['5.1', '5.2', '5.1h']);
    expect(numbers(['5.'])).toEqual(['5.1', '5.2', '5.1h']);
    expect(numbers(['1.1', '50'])).toEqual(['1.1', '50.1', '5.1h']);
  });

  it('refuses a filter that picks no public test, listing the numbers there are', () => {
    for (const f of ['7', '5.1h', '5.11']) {
      expect(() => selectTests(assignment, [f])).toThrow(UserError);
      expect(() => selectTests(assignment, [f])).toThrow(`no public test '${f}'`);
    }
    try {
      selectTests(assignment, ['7']);
    } catch (e) {
      expect((e as UserError).expected).toBe('a test number or prefix: 1.1, 5.1, 5.2, 50.1');
    }
  });
});
