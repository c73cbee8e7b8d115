// A kit of an assignment with hidden data (cifar-cnn's private test labels) lists those files, and lock-secrets.sh
// (run_autograder's first step) makes them root's alone whatever modes the extraction left; public data stays readable.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, expect, it } from 'vitest';
import { loadAssignment } from '../spec/load';
import { buildGradescopeKit, KIT_ROOT_ONLY_LIST } from './gradescope';

const dir = mkdtempSync(join(tmpdir(), 'gradient-kit-root-only-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('lists the hidden tests\' data files, and lock-secrets.sh makes them 0600 after a careless extraction', () => {
  const zipFile = join(dir, 'kit.zip');
  buildGradescopeKit(loadAssignment('cifar-cnn'), zipFile);
  const source = join(dir, 'source');
  new AdmZip(zipFile).extractAllTo(source, true, false);
  const listed = readFileSync(join(source, KIT_ROOT_ONLY_LIST), 'utf8').trim().split('\n');
  // every file only hidden tests read: the private labels, and the data of the hidden retrain (3.2h)
  expect(listed.sort()).toEqual(['graders/cifar-cnn/data/private_test_X.npy', 'graders/cifar-cnn/data/train_X.npy', 'graders/cifar-cnn/data/train_y.npy', 'graders/cifar-cnn/hidden/private_test_y.npy']);
  const hidden = join(source, 'graders/cifar-cnn/hidden/private_test_y.npy');
  const shown = join(source, 'graders/cifar-cnn/assignment.json');
  for (const f of [hidden, shown]) chmodSync(f, 0o644);
  const run = spawnSync('bash', [join(source, 'gradescope', 'lock-secrets.sh')], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  expect(statSync(hidden).mode & 0o777).toBe(0o600);
  expect(statSync(shown).mode & 0o777).toBe(0o644);
});
