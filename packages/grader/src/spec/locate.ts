import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root: the nearest folder above this file (or cwd) that holds graders/ and pnpm-workspace.yaml. */
export function repoRoot(): string | undefined {
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      if (existsSync(join(dir, 'pnpm-workspace.yaml')) && existsSync(join(dir, 'graders'))) return dir;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}

export function listAssignments(root: string): string[] {
  const graders = join(root, 'graders');
  if (!existsSync(graders)) return [];
  return readdirSync(graders, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(graders, d.name, 'assignment.json')))
    .map((d) => d.name)
    .sort();
}
