#!/usr/bin/env zx
// pnpm demo: grades every sample submission of cnn-layers, hidden tests included, and prints the class table.
// results.json files land in out/demo/<submission>/, plus gradebook.csv, summary.json and report.html.
// Then spec B's MNIST model trains for a short budget: metrics.json and curves.svg in out/demo-train/.
$.verbose = true;
const out = 'out/demo';
await $`rm -rf ${out}`;
await $`pnpm --silent gradient grade-batch cnn-layers graders/cnn-layers/submissions --out ${out} --jobs 2`;
// stat-learning (spec E): its samples graded the same way, into a folder of their own
await $`rm -rf ${out}-stat-learning`;
await $`pnpm --silent gradient grade-batch stat-learning graders/stat-learning/submissions --out ${out}-stat-learning --jobs 2`;
echo(`stat-learning: results in ${out}-stat-learning/`);
// softmax-classifier (spec D): its samples, MNIST and scene training included, into a folder of their own
await $`rm -rf ${out}-softmax-classifier`;
await $`pnpm --silent gradient grade-batch softmax-classifier graders/softmax-classifier/submissions --out ${out}-softmax-classifier --jobs 2`;
echo(`softmax-classifier: results in ${out}-softmax-classifier/`);
// two-layer-net (spec C): the same, into a folder of its own
await $`rm -rf ${out}-two-layer-net`;
await $`pnpm --silent gradient grade-batch two-layer-net graders/two-layer-net/submissions --out ${out}-two-layer-net --jobs 2`;
echo(`two-layer-net: results in ${out}-two-layer-net/`);
// cifar-cnn (spec B, CIFAR part, on its synthetic stand-in set): the same, into a folder of its own
await $`rm -rf ${out}-cifar-cnn`;
await $`pnpm --silent gradient grade-batch cifar-cnn graders/cifar-cnn/submissions --out ${out}-cifar-cnn --jobs 2`;
echo(`cifar-cnn: results in ${out}-cifar-cnn/`);

// mnist-cnn (spec B, MNIST part): its samples, the own-model tests training on real MNIST
await $`rm -rf ${out}-mnist-cnn`;
await $`pnpm --silent gradient grade-batch mnist-cnn graders/mnist-cnn/submissions --out ${out}-mnist-cnn --jobs 2`;
echo(`mnist-cnn: results in ${out}-mnist-cnn/`);
// spec B's MNIST model, trained briefly (2,000 images, one epoch) on the best backend; prints its test accuracy
await $`pnpm --silent gradient train mnist-cnn --data mnist --limit 2000 --epochs 1 --seed 0 --out ${out}-train`;
echo(`\nPer-student results.json, gradebook.csv and report.html are in ${out}/`);
