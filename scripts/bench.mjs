#!/usr/bin/env zx
// pnpm bench: every benchmark, each printing ratios against a baseline measured in the same run.
$.verbose = true;
await $`pnpm --filter @gradient/tensor exec tsx bench/conv.bench.ts`;
await $`pnpm --filter @gradient/tensor exec tsx bench/random.bench.ts`;
await $`pnpm --filter @gradient/models exec tsx bench/two-layer-net.bench.ts`;
await $`pnpm --filter @gradient/grader exec tsx bench/grade.bench.ts`;
await $`pnpm --filter @gradient/grader exec tsx bench/grade-two-layer-net.bench.ts`;
await $`pnpm --filter @gradient/grader exec tsx bench/kinds.bench.ts`;
await $`pnpm --filter @gradient/grader exec tsx bench/train-test.bench.ts`;
