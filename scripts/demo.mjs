#!/usr/bin/env zx
// pnpm demo: grades every sample submission of cnn-layers (and two-layer-net, in out/demo/two-layer-net), hidden tests included, and prints the class tables.
// results.json files land in out/demo/<submission>/, plus gradebook.csv, summary.json and report.html.
$.verbose = true;
const out = 'out/demo';
await $`rm -rf ${out}`;
await $`pnpm --silent gradient grade-batch cnn-layers graders/cnn-layers/submissions --out ${out} --jobs 2`;
// two-layer-net: its own folder, so its class table and gradebook stay apart from cnn-layers'
await $`pnpm --silent gradient grade-batch two-layer-net graders/two-layer-net/submissions --out ${out}/two-layer-net --jobs 2`;
echo(`\nPer-student results.json, gradebook.csv and report.html are in ${out}/`);
