// RandomState throughput against V8's Math.random (xorshift128+, no seeding contract) in the same run.
import { RandomState } from '../src/random/random-state';

function time(f: () => number): number {
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    f();
    runs.push(performance.now() - t0);
  }
  return runs.sort((a, b) => a - b)[2];
}

const n = 1e6;
const rs = new RandomState(0);
const base = time(() => {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.random();
  return s;
});
const scalar = time(() => {
  let s = 0;
  for (let i = 0; i < n; i++) s += rs.rand();
  return s;
});
const gauss = time(() => rs.randn(n).data[0]);
console.log('\nRandomState (NumPy MT19937 stream), 1e6 draws, median of 5');
console.log(`  Math.random baseline: ${base.toFixed(1)} ms`);
console.log(`  rand() scalar calls:  ${scalar.toFixed(1)} ms  (${(scalar / base).toFixed(2)}x baseline)`);
console.log(`  randn(1e6):           ${gauss.toFixed(1)} ms  (${(gauss / base).toFixed(2)}x baseline)`);
