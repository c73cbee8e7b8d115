// The student bundle's CLI (.gradient/gradient.mjs, what `npm test` runs): the student's commands only.
import { newProgram, runCli } from './run-cli';
import { testCommand } from './test';

const program = newProgram('The public tests of this assignment, run on your code by the grader\'s own sandbox, with its messages')
  .addHelpText('after', '\nThrough npm: npm test (every public test), npm test -- 5.1 (one test), npm test -- 5 (tests 5.1, 5.2, ...)');

program
  .command('test', { isDefault: true })
  .description('run the public tests on your code, as the grader will')
  .argument('[tests...]', 'only these tests: a number (5.1) or a prefix (5 runs 5.1, 5.2, ...)')
  .option('--submission <dir>', 'folder with your code', '.')
  .action((tests: string[], opts: { submission: string }) => testCommand('.', tests, opts));

await runCli(program);
