#!/usr/bin/env zx
// Regenerates (or with --check, verifies byte for byte) the public fixtures of every assignment.
const check = argv.check ? ['--check'] : [];
const assignments = (await fs.readdir('graders', { withFileTypes: true }))
  .filter((d) => d.isDirectory() && fs.existsSync(`graders/${d.name}/assignment.json`))
  .map((d) => d.name);
for (const a of assignments) await $`pnpm --silent gradient fixtures ${a} ${check}`;
