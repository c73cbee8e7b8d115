import type { AssignmentSpec } from '../spec/types';

export function studentReadme(spec: AssignmentSpec): string {
  const pub = spec.tests.filter((t) => t.set === 'public');
  const hidden = spec.tests.filter((t) => t.set === 'hidden');
  const pts = (ts: typeof pub) => ts.reduce((s, t) => s + t.points, 0);
  return `# ${spec.title}

Write your solution in \`${spec.entry}\`: replace every \`TODO\` (each stub throws \`NotImplemented\`).
Your file may import relative files and \`ndarray\`; nothing else (no \`fs\`, no network, no child processes).

## Run the public tests

\`\`\`
npm install
npm test
\`\`\`

\`npm test\` runs the same grader as the real one, in the same sandbox, with the same messages, on the
public fixtures in \`fixtures/public\`, and writes \`evaluation_${spec.name}.txt\`.

- public tests: ${pub.length} (${pts(pub)} points)
- hidden tests: ${hidden.length} (${pts(hidden)} points), run at grading time on other shapes and seeds.
  Passing every public test does not mean passing the hidden ones: test your code on other shapes too.

## Tests
${spec.tests.map((t) => `- ${t.number} ${t.name} (${t.points} pt${t.points === 1 ? '' : 's'}${t.set === 'hidden' ? ', hidden' : ''})`).join('\n')}
`;
}
