// The student bundle's CLI (.gradient/gradient.mjs, what `npm test` runs): the student's commands only.
import { newProgram, runCli } from './run-cli';
import { resolve } from 'node:path';
import { loadAssignment } from '../spec/load';
import { packSubmission, SUBMISSION_ZIP } from './pack';
import { testCommand } from './test';

const program = newProgram('The public tests of this assignment, run on your code by the grader\'s own sandbox, with its messages')
  .addHelpText('after', '\nThrough npm: npm test (every public test), npm test -- 5.1 (one test), npm test -- 5 (tests 5.1, 5.2, ...), npm run zip (submission.zip to hand in)');

program
  .command('test', { isDefault: true })
  .description('run the public tests on your code, as the grader will')
  .argument('[tests...]', 'only these tests: a number (5.1) or a prefix (5 runs 5.1, 5.2, ...)')
  .option('--submission <dir>', 'folder with your code', '.')
  .action((tests: string[], opts: { submission: string }) => testCommand('.', tests, opts));

program
  .command('zip')
  .description(`write ${SUBMISSION_ZIP}: your code, the evaluation log and predictions files, nothing else`)
  .option('--submission <dir>', 'folder with your code', '.')
  .action((opts: { submission: string }) => {
    const { files, bytes, warnings, zip } = packSubmission(loadAssignment('.').spec, resolve(opts.submission));
    console.log(`${zip}: ${files.length} file${files.length === 1 ? '' : 's'}, ${(bytes / 1024).toFixed(1)} KiB before compression`);
    for (const f of files) console.log(`  ${f}`);
    for (const w of warnings) console.log(`warning: ${w}`);
  });

await runCli(program);
