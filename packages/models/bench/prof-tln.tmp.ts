import { RandomState } from '@gradient/tensor';
import { TwoLayerNet } from '/work/main/packages/models/src/two-layer-net';
const rs = new RandomState(0);
const X = rs.rand(1000, 784); const y = Int32Array.from(rs.randint(0, 10, [1000]).data);
const Xv = rs.rand(1000, 784); const yv = Int32Array.from(rs.randint(0, 10, [1000]).data);
const layout = (process.env.LAYOUT ?? 'HD') as 'HD';
const times: number[] = [];
for (let r = 0; r < 12; r++) {
  const t0 = performance.now();
  const net = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, numClasses: 10, std: 1e-4, rng: new RandomState(1), layout });
  net.train(X, y, Xv, yv, { learningRate: 1e-4, learningRateDecay: 0.95, reg: 0.25, numIters: 100, batchSize: 200 });
  times.push(performance.now() - t0);
}
console.log(times.map((t) => t.toFixed(0)).join(' '));
