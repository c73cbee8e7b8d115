import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { UserError } from '../errors';
import { hiddenSeed } from '../fixtures/generate';
import { hiddenDataFiles } from './student-deps';
import { readFixtures } from '../fixtures/manifest';
import { repoRoot } from '../spec/locate';
import { loadAssignment } from '../spec/load';
import type { Assignment } from '../spec/types';
import { kitRepoFiles } from './gradescope-files';

/** The Node the kit installs on Gradescope's image, unless --node says otherwise. */
export const KIT_NODE_VERSION = '20.20.2';
/** How long run_autograder lets the grade call run: under Gradescope's default overall timeout of 10 minutes. */
export const KIT_TIMEOUT_S = 540;

/** The scripts, copied verbatim; kit.env (written here) gives them the assignment and the versions. */
const TEMPLATES = fileURLToPath(new URL('../../gradescope-kit/', import.meta.url));
const SCRIPTS: [template: string, inZip: string][] = [
  ['setup.sh', 'setup.sh'],
  ['run_autograder', 'run_autograder'],
  ['install-deps.sh', 'gradescope/install-deps.sh'],
  ['lock-secrets.sh', 'gradescope/lock-secrets.sh'],
  ['ensure-results.mjs', 'gradescope/ensure-results.mjs'],
];
export const KIT_SEED_FILE = 'gradescope/secrets/hidden-seed';
/** Files of hidden tests (labels, data), one kit path a line: root-only after lock-secrets.sh. */
export const KIT_ROOT_ONLY_LIST = 'gradescope/root-only-files';

/** A value spliced into kit.env (a shell file): plain characters only, so no quoting can go wrong. */
function shellWord(value: string, what: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(value)) {
    throw new UserError({ code: 'E_KIT', message: `${what} cannot go into the kit's shell scripts`, expected: 'letters, digits, ., _ and - only', actual: value });
  }
  return value;
}

/** The pnpm version pinned by the root package.json's packageManager ("pnpm@10.34.8+sha512..." -> "10.34.8"). */
function pinnedPnpm(root: string): string {
  const file = join(root, 'package.json');
  const pm = (JSON.parse(readFileSync(file, 'utf8')) as { packageManager?: string }).packageManager ?? '';
  const version = /^pnpm@([^+]+)/.exec(pm)?.[1];
  if (!version) {
    throw new UserError({ code: 'E_KIT', file, path: '/packageManager', message: 'the kit installs the pnpm the repo pins', expected: '"pnpm@<version>"', actual: pm || '(missing)' });
  }
  return shellWord(version, 'the pinned pnpm version');
}

export interface KitOptions { nodeVersion?: string; timeoutS?: number }

/**
 * Writes the Gradescope autograder zip: setup.sh and run_autograder at the top, the repo subset the grader
 * needs, and (when the assignment has hidden tests) the hidden seed in a root-only file outside the student's
 * folder. Returns the entry names.
 */
export function buildGradescopeKit(a: Assignment, outFile: string, opts: KitOptions = {}): string[] {
  const root = repoRoot();
  if (!root) throw new UserError({ code: 'E_KIT', message: 'a Gradescope kit is built inside the gradient repo', expected: 'a checkout with pnpm-workspace.yaml and graders/' });
  const nodeVersion = opts.nodeVersion ?? KIT_NODE_VERSION;
  if (!/^20\.\d+\.\d+$/.test(nodeVersion)) {
    throw new UserError({ code: 'E_ARG', path: '--node', message: 'the kit installs a Node 20 release', expected: 'a version like 20.20.2', actual: nodeVersion });
  }
  const timeoutS = opts.timeoutS ?? KIT_TIMEOUT_S;
  if (!Number.isInteger(timeoutS) || timeoutS < 10 || timeoutS > 2400) {
    throw new UserError({ code: 'E_ARG', path: '--timeout', message: 'invalid time limit for the grade call', expected: 'whole seconds in [10, 2400], under the assignment\'s Gradescope timeout', actual: String(opts.timeoutS) });
  }
  readFixtures(a.publicFixturesDir); // fails with a clear message when the public fixtures were never generated
  const hidden = a.spec.tests.some((t) => t.set === 'hidden');
  const seed = hidden ? hiddenSeed(a) : undefined; // fails now, not on Gradescope, when the seed is missing

  const zip = new AdmZip();
  const out = resolve(outFile);
  // hidden tests' data (held-out labels, training sets) stays root's: the sandbox child runs as nobody
  const rootOnly = new Set(hiddenDataFiles(a.spec).map((f) => resolve(a.dir, f)));
  for (const file of kitRepoFiles(root, a)) {
    if (file === out) continue;
    zip.addFile(relative(root, file).split(sep).join('/'), readFileSync(file), '', rootOnly.has(file) ? 0o600 : 0o644);
  }
  for (const [template, inZip] of SCRIPTS) {
    zip.addFile(inZip, readFileSync(join(TEMPLATES, template)), '', inZip.endsWith('.mjs') ? 0o644 : 0o755);
  }
  const env = [
    '# written by `gradient gradescope`: what setup.sh and run_autograder install and grade',
    `ASSIGNMENT=${shellWord(basename(a.dir), 'the assignment folder name')}`,
    `HIDDEN_TESTS=${hidden ? 1 : 0}`,
    `NODE_VERSION=${nodeVersion}`,
    `PNPM_VERSION=${pinnedPnpm(root)}`,
    `GRADE_TIMEOUT_S=${timeoutS}`,
  ];
  zip.addFile('gradescope/kit.env', Buffer.from(`${env.join('\n')}\n`), '', 0o644);
  // hidden tests' data files, which lock-secrets.sh makes root's alone whatever modes the extraction kept
  if (rootOnly.size > 0) zip.addFile(KIT_ROOT_ONLY_LIST, Buffer.from(`${[...rootOnly].map((f) => relative(root, f).split(sep).join('/')).join('\n')}\n`), '', 0o644);
  if (seed !== undefined) {
    zip.addFile(`${dirname(KIT_SEED_FILE)}/`, Buffer.alloc(0), '', 0o700);
    zip.addFile(KIT_SEED_FILE, Buffer.from(`${seed}\n`), '', 0o600);
  }
  mkdirSync(dirname(out), { recursive: true });
  // the zip holds the hidden seed: the instructor's copy is theirs alone, like the seed file in the repo
  writeFileSync(out, zip.toBuffer(), { mode: 0o600 });
  chmodSync(out, 0o600);
  return zip.getEntries().map((e) => e.entryName);
}

export function gradescopeCommand(assignment: string, opts: { out: string; node?: string; timeout?: string }) {
  const timeoutS = opts.timeout === undefined ? undefined : Number(opts.timeout);
  const entries = buildGradescopeKit(loadAssignment(assignment), opts.out, { nodeVersion: opts.node, timeoutS });
  console.log(`Gradescope autograder for ${assignment}: ${entries.length} entries in ${opts.out}`);
  console.log('upload it as the assignment\'s autograder (zip upload); setup.sh installs Node, pnpm and the grader when Gradescope builds the image');
}
