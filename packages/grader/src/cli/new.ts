// `gradient new <name>`: a working assignment to start from (an affine layer, forward and backward), with its
// public fixtures generated, that passes `pnpm test` once `pnpm install` has linked it. The files come from
// packages/grader/templates/assignment: real TypeScript, so the fixtures are generated from the template's own
// generator and reference before anything is written, and are what the copy's generator makes.
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors';
import { generateFixtures } from '../fixtures/generate';
import { writeFixtures } from '../fixtures/manifest';
import schema from '../../schema/assignment.schema.json';
import { repoRoot } from '../spec/locate';
import type { Assignment } from '../spec/types';
import { validateAssignmentSpec } from '../spec/validate';

const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/assignment/', import.meta.url));
const NAME = new RegExp(schema.properties.name.pattern);
/** The template's stand-in for the student's file name, which derives from the assignment's name. */
const ENTRY_STANDIN = 'ENTRY.ts';

export interface NewAssignmentOptions {
  name: string;
  /** The folder holding graders/ and fixtures/: the repo, or a scratch folder in tests. */
  root: string;
  title?: string;
  publicSeed?: number;
  hiddenSeed?: number;
}

export interface CreatedAssignment {
  dir: string;
  fixturesDir: string;
  entry: string;
  /** Paths relative to dir. */
  files: string[];
  fixtureFiles: number;
}

function checkName(name: string): void {
  if (NAME.test(name) && name.length <= 64) return;
  throw new UserError({
    code: 'E_NAME', path: '<name>', message: `invalid assignment name '${name}'`,
    expected: "lowercase letters, digits and '-', starting with a letter or digit, at most 64 characters (e.g. affine-layer)", actual: name,
  });
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).sort().flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n), `${prefix}${n}/`) : [`${prefix}${n}`]));
}

/** Every template file under its name in the new assignment, `.tmpl` files with their {{placeholders}} filled. */
function render(vars: Record<string, string>, entry: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of filesUnder(TEMPLATE_DIR)) {
    let text = readFileSync(join(TEMPLATE_DIR, file), 'utf8');
    let target = file.endsWith(`/${ENTRY_STANDIN}`) ? `${file.slice(0, -ENTRY_STANDIN.length)}${entry}` : file;
    if (target.endsWith('.tmpl')) {
      target = target.slice(0, -'.tmpl'.length);
      text = text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
        if (!(key in vars)) throw new Error(`template ${file}: no value for {{${key}}}`);
        return vars[key];
      });
    }
    out.set(target, text);
  }
  return out;
}

/** Writes graders/<name>/ and fixtures/<name>/public under root; on any failure, leaves nothing behind. */
export async function createAssignment(opts: NewAssignmentOptions): Promise<CreatedAssignment> {
  const { name, root } = opts;
  checkName(name);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UserError({ code: 'E_MISSING', path: '--root', message: `no such folder: ${root}`, expected: 'the repo root (the folder with graders/ and fixtures/)' });
  }
  const dir = join(root, 'graders', name);
  const fixturesRoot = join(root, 'fixtures', name);
  for (const taken of [dir, fixturesRoot]) {
    if (existsSync(taken)) {
      throw new UserError({ code: 'E_EXISTS', file: taken, message: `an assignment named '${name}' already exists`, expected: 'a new name (gradient new never overwrites)', actual: name });
    }
  }
  const entry = `${name.replace(/-/g, '_')}.ts`;
  const title = opts.title ?? `${name}: an affine layer, forward and backward (a scaffold: make it your exercise)`;
  const publicSeed = opts.publicSeed ?? randomInt(0, 2 ** 31);
  const hiddenSeed = opts.hiddenSeed ?? randomInt(0, 2 ** 31);
  const files = render({ name, title: JSON.stringify(title).slice(1, -1), entry, publicSeed: String(publicSeed) }, entry);
  files.set('hidden-seed.json', `${JSON.stringify({ seed: hiddenSeed })}\n`);

  // the template is the same code as the copy: its sets are the copy's, checked against the reference, before any write
  const specFile = join(dir, 'assignment.json');
  const spec = validateAssignmentSpec(JSON.parse(files.get('assignment.json') ?? ''), specFile);
  const template: Assignment = { spec, dir: TEMPLATE_DIR, specFile, publicFixturesDir: join(fixturesRoot, 'public') };
  const sets = await generateFixtures(template, 'public', publicSeed);
  await generateFixtures(template, 'hidden', hiddenSeed);

  try {
    for (const [file, text] of files) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const written = writeFixtures(template.publicFixturesDir, name, publicSeed, sets);
    return { dir, fixturesDir: template.publicFixturesDir, entry, files: [...files.keys()].sort(), fixtureFiles: written.length };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    rmSync(fixturesRoot, { recursive: true, force: true });
    throw e;
  }
}

export async function newCommand(name: string, opts: { root?: string; title?: string }) {
  const root = opts.root ?? repoRoot();
  if (root === undefined) {
    throw new UserError({ code: 'E_MISSING', message: 'not inside the gradient repo', expected: 'a folder under the repo root (with pnpm-workspace.yaml and graders/), or --root <dir>' });
  }
  const created = await createAssignment({ name, root, title: opts.title });
  const shown = (p: string) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p) || '.');
  const pkg = `@gradient/grader-${name}`;
  console.log([
    `created ${shown(created.dir)}: an affine layer (forward, backward, a numeric question) to turn into your exercise`,
    `  ${created.files.join(', ')}`,
    `  public fixtures: ${created.fixtureFiles} files in ${shown(created.fixturesDir)}`,
    'next:',
    '  pnpm install                 link the new workspace package (then commit pnpm-lock.yaml with it)',
    `  pnpm --filter ${pkg} test    its grading test: the correct sample earns every point, wrong-db loses 2.1 and 2.1h`,
    `  pnpm gradient grade ${name} ${shown(join(created.dir, 'submissions', 'correct'))} --hidden`,
    'then: docs/authoring.md (the spec, the generator, hidden seeds, regenerating fixtures with `pnpm gradient fixtures ' + name + '`)',
  ].join('\n'));
}
