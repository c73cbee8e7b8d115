import type { AssignmentSpec } from '../spec/types';
import { evaluationLogFileName } from '../render/evaluation-log';
import { exampleCall } from '../variants/exercise-call';

/** A version range as a sentence says it: '>=20.12' is '20.12 or newer'. */
function wanted(range: string): string {
  const atLeast = /^>=\s*(\d+(\.\d+)*)$/.exec(range.trim());
  return atLeast ? `${atLeast[1]} or newer` : range;
}

/** The student bundle's README.md: what to write, how to run the public tests, what to hand in. */
export function studentReadme(spec: AssignmentSpec, nodeRange: string): string {
  const pub = spec.tests.filter((t) => t.set === 'public');
  const hidden = spec.tests.filter((t) => t.set === 'hidden');
  const pts = (ts: typeof pub) => ts.reduce((s, t) => s + t.points, 0);
  const example = pub.find((t) => t.number.includes('.')) ?? pub[0];
  const group = example?.number.split('.')[0];
  return `# ${spec.title}

Write your solution in \`${spec.entry}\`: replace every \`TODO\` (each stub throws \`NotImplemented\`).
Your file may import relative files and \`ndarray\`; nothing else (no \`fs\`, no network, no child processes,
no other package, nothing from \`node_modules\` by its path).

## Run the public tests

You need Node ${wanted(nodeRange)} (\`node --version\`; \`npm install\` refuses an older one). In this folder:

\`\`\`
npm install
npm test
\`\`\`

\`npm test\` runs the same grader as the real one, in the same sandbox, with the same messages, on the
public fixtures in \`fixtures/\`, and writes \`${evaluationLogFileName(spec)}\`.
${spec.variants === undefined ? '' : `
## Your variant

Your public tests are your own: \`${spec.entry}\` holds the call \`${exampleCall()}\`. Put your username
in it, and any seed you like (an integer from 0 to 4294967295), as literals. The two pick your test inputs;
the same username and seed always give the same ones, on any machine, and any seed can be tested here.
\`npm test\` writes the username, the seed, a digest of your code files and each test's outcome into
\`${evaluationLogFileName(spec)}\`. The grader runs your code on the same variant and compares: a log that does
not match the code you hand in (another student's log, a log of older code, a log edited by hand) is reported
as a failed test of its own. The digest covers every \`.ts\`/\`.js\` file of this folder (not \`fixtures/\` or
\`node_modules\`): hand in all of them. After your last change, run \`npm test\` once more and hand in that log.
`}${example === undefined ? '' : `
Run some tests only: \`npm test -- ${example.number}\` (that test), \`npm test -- ${group}\` (tests ${group}.*);
\`npm test -- --help\` lists the options.
`}
- public tests: ${pub.length} (${pts(pub)} points)
- hidden tests: ${hidden.length} (${pts(hidden)} points), run at grading time on other shapes and seeds.
  Passing every public test does not mean passing the hidden ones: test your code on other shapes too.

## Submit

\`npm run zip\` writes \`submission.zip\` with exactly what the grader reads (your code files${spec.variants === undefined ? '' : `, \`${evaluationLogFileName(spec)}\``}${spec.tests.some((t) => t.kind === 'predictions') ? ', your predictions files' : ''}), lists them, and
warns about anything missing. Upload that zip. Or hand in \`${spec.entry}\` and any file of yours that it imports${spec.variants === undefined ? '' : `, with \`${evaluationLogFileName(spec)}\``}, either as the files themselves or as one
\`.zip\` in which they sit at the top (\`${spec.entry}\`, \`helpers.ts\`, ...) or in one folder
(\`my-folder/${spec.entry}\`, what zipping this whole folder gives). The grader reads only your code:
\`node_modules\` is skipped if you include it (the grader uses its own \`ndarray\`), and \`fixtures\`,
\`.gradient\` and the other files of this folder are not used.

## Tests
${spec.tests.map((t) => `- ${t.number} ${t.name} (${t.points} pt${t.points === 1 ? '' : 's'}${t.set === 'hidden' ? ', hidden' : ''})`).join('\n')}
`;
}
