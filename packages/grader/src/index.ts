// Public surface of @gradient/grader: what the CLI, scripts and graders/<name>/ folders use.
export * from './model';
export * from './errors';
export type { CaseValue, FixtureCase, FixtureContext, FixtureSets } from './fixtures/case';
export { loadAssignment } from './spec/load';
export type { Assignment, AssignmentSpec, TestSpec } from './spec/types';
export { loadFixtureBank, type FixtureBank } from './fixtures/bank';
export { generateFixtures } from './fixtures/generate';
export { staleFixtureFiles } from './fixtures/staleness';
export { resolveDatasetRefs, type DatasetRef } from './fixtures/dataset-refs';
export { builtinDatasets } from './fixtures/builtin-datasets';
export { writeFixtures, readFixtures } from './fixtures/manifest';
export { gradeSubmission, type GradeOptions } from './grade';
export { classOutcome, submissionStatus, type ClassOutcome } from './submission-status';
export { failingTests, runTestsInProcess, type InProcessResult } from './checks/in-process';
export type { CaseVerdict } from './checks/verdict';
export type { CaseParam, Hint, Problem } from './checks/problem';
export { verdictText, problemText } from './render/verdict-text';
export { variantSeed, variantSets, poolSeed } from './variants/derive';
