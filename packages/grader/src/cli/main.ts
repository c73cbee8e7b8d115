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

program
  .command('train')
  .description('train a shipped tfjs model (spec B) and write metrics.json and curves.svg')
  .argument('<model>', 'mnist-cnn, mnist-strong, cifar-8layer or cifar-strong')
  .requiredOption('--data <name|dir>', 'mnist, fashion-mnist, cifar10, or a folder (course .npy sets, CIFAR-10 batches, MNIST-format IDX)')
  .option('--epochs <n>', 'passes over the training images', '1')
  .option('--limit <n>', 'train on the first N training images (default: all)')
  .option('--test-limit <n>', 'evaluate on the first N test images (default: all; 0: none)')
  .option('--batch <n>', 'minibatch size', '64')
  .option('--seed <s>', 'fixes initial weights, minibatch order and dropout', '0')
  .option('--optimizer <name>', 'adam or rmsprop (the optimizer of spec B\'s training step), learning rate 1e-3', 'adam')
  .option('--backend <b>', 'node-gpu, node, wasm or cpu (default: the best that loads, or GRADIENT_BACKEND)')
  .option('--cifar10-dir <dir>', 'the CIFAR-10 binary batches for --data cifar10 (else GRADIENT_CIFAR10_DIR)')
  .option('--out <dir>', 'where metrics.json and curves.svg go (default: out/train/<model>)')
  // tfjs takes about a second to import: only this command loads it, and only when it runs.
  .action(async (model: string, opts) => (await import('./train')).trainCommand(model, opts));

await runCli(program);
