// pnpm --filter @gradient/grader-cifar-cnn cifar10-npy [binary batches folder]
// Writes real CIFAR-10 in the course's layout to cifar10/ (students' files) and cifar10/hidden/
// (private_test_y.npy) in this folder (both git-ignored); README.md says how to point the spec at them.
import { fileURLToPath } from 'node:url';
import { writeCifar10Npy } from './cifar10-npy';

const here = fileURLToPath(new URL('.', import.meta.url));
const counts = writeCifar10Npy({ dir: process.argv[2], out: `${here}cifar10`, hiddenOut: `${here}cifar10/hidden` });
console.log(`wrote ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')} images to ${here}cifar10/ (private labels in cifar10/hidden/)`);
