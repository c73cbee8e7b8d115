// After the grade call: keeps the grader's results.json when it is there and whole, else writes one that
// says the submission was not graded (score 0, no tests) and why, in Gradescope's format. The details
// (the grader's own error) are in run_autograder's output, which Gradescope shows to instructors only.
import { readFileSync, writeFileSync } from 'node:fs';

const [file, status, timeLimit] = process.argv.slice(2);

function whole(path) {
  try {
    const r = JSON.parse(readFileSync(path, 'utf8'));
    return r !== null && typeof r === 'object' && typeof r.score === 'number' && Array.isArray(r.tests);
  } catch {
    return false;
  }
}

if (!whole(file)) {
  // 124 and 137: timeout(1) stopped the grader (TERM, then KILL)
  const why = status === '124' || status === '137'
    ? `The autograder ran out of its ${timeLimit} s time limit and could not grade this submission.`
    : `The autograder itself failed (grader exit status ${status}) and could not grade this submission.`;
  const output = `${why} This is not a verdict on your code: please tell the course staff, who can see the details and regrade it.`;
  writeFileSync(file, JSON.stringify({ score: 0, execution_time: 0, output, visibility: 'visible', stdout_visibility: 'hidden', tests: [] }, null, 2) + '\n');
  console.error(`run_autograder: no results from the grader (exit status ${status}); wrote a "not graded" results.json`);
}
