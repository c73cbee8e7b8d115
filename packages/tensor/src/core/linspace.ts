import { expectInteger } from './checks';
import { tensor, type Tensor } from './tensor';

/** NumPy's linspace with endpoint=True: same step formula, last value exactly `stop`. */
export function linspace(start: number, stop: number, num: number): Tensor {
  expectInteger('linspace', 'num', num, 0);
  const out = new Float64Array(num);
  const div = num - 1;
  const step = div > 0 ? (stop - start) / div : 0;
  for (let i = 0; i < num; i++) out[i] = start + i * step;
  if (num > 1) out[num - 1] = stop;
  return tensor(out, [num]);
}
