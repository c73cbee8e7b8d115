// Gradescope's autograder results.json, as TypeScript. schema/results.schema.json is the same shape.
import type { Visibility } from '../model';

export type GradescopeFormat = 'text' | 'html' | 'simple_format' | 'md' | 'ansi';

export interface GradescopeTest {
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  name: string;
  name_format?: GradescopeFormat;
  number: string;
  output: string;
  output_format?: GradescopeFormat;
  tags: string[];
  visibility: Visibility;
}

export interface GradescopeLeaderboardEntry {
  name: string;
  value: number | string;
  order?: 'asc' | 'desc';
}

export interface GradescopeResults {
  score: number;
  /** Seconds. */
  execution_time: number;
  output: string;
  output_format?: GradescopeFormat;
  visibility: Visibility;
  stdout_visibility: Visibility;
  tests: GradescopeTest[];
  leaderboard?: GradescopeLeaderboardEntry[];
}
