import { exportStudentCommand } from './export-student';
import { fixturesCommand } from './fixtures';
import { gradeBatchCommand, gradeCommand, mergeCommand } from './grade';
import { KIT_NODE_VERSION, KIT_TIMEOUT_S, gradescopeCommand } from './gradescope';
import { newCommand } from './new';
import { newProgram, runCli } from './run-cli';
import { testCommand } from './test';

const program = newProgram('Autograder for deep-learning coursework: isolated student runs, gradient checks, Gradescope results');

program
  .command('grade')
  .description('grade one submission (a folder or a .zip)')
  .argument('<assignment>', 'assignment name (graders/<name>) or folder with assignment.json')
  .argument('<submission>', 'submission folder or .zip')
  .option('--hidden', 'include hidden tests (instructor only)', false)
  .option('--out <file>', 'write results.json (Gradescope format) here; without it, the report is printed and nothing is written')
  .option('--html <file>', 'also write an HTML report')
  .action(gradeCommand);

program
  .command('grade-batch')
  .description('grade every sub-folder / .zip of a class folder')
  .argument('<assignment>')
  .argument('<dir>', 'folder of submissions')
  .requiredOption('--out <dir>', 'output folder: <student>/results.json, gradebook.csv, summary.json, report.html')
  .option('--jobs <n>', 'submissions graded at once', '2')
  .option('--no-hidden', 'public tests only')
  .option('--shard <K/N>', 'grade only the K-th of N shards (by a hash of each submission id); join the outputs with `merge`')
  .action(gradeBatchCommand);

program
  .command('merge')
  .description('join the --out folders of every grade-batch --shard K/N run into one gradebook, summary and class report')
  .argument('<dirs...>', 'the shard output folders')
  .requiredOption('--out <dir>', 'output folder for the merged class')
  .action(mergeCommand);

program
  .command('test')
  .description('students: run the public tests on your code, as the grader will')
  .argument('[assignment]', 'assignment name or folder with assignment.json', '.')
  .argument('[tests...]', 'only these tests: a number (5.1) or a prefix (5 runs 5.1, 5.2, ...)')
  .option('--submission <dir>', 'folder with your code', '.')
  .action(testCommand);

program
  .command('fixtures')
  .description('regenerate the public fixtures from the reference solution')
  .argument('<assignment>')
  .option('--check', 'fail if the committed fixtures differ from freshly generated ones', false)
  .action(fixturesCommand);

program
  .command('new')
  .description('scaffold a working assignment in graders/<name> with its public fixtures (then run pnpm install)')
  .argument('<name>', "folder name under graders/: lowercase letters, digits and '-'")
  .option('--title <text>', 'the assignment title')
  .option('--root <dir>', 'the repo root to create it under (default: this repo)')
  .action(newCommand);

program
  .command('export-student')
  .description('write the student bundle: starter code, public tests and fixtures, README (no reference, no hidden seeds)')
  .argument('<assignment>')
  .requiredOption('--out <dir>')
  .action(exportStudentCommand);

program
  .command('gradescope')
  .description('build the Gradescope autograder zip: setup.sh, run_autograder, the grader, the assignment and its hidden seed (root-only)')
  .argument('<assignment>')
  .requiredOption('--out <file>', 'the zip to upload, e.g. autograder.zip')
  .option('--node <version>', 'the Node 20 release setup.sh installs', KIT_NODE_VERSION)
  .option('--timeout <seconds>', "stop grading after this long and still write results.json (under the assignment's Gradescope timeout)", String(KIT_TIMEOUT_S))
  .action(gradescopeCommand);

await runCli(program);
