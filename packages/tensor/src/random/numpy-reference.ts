/*
 * Test support: reads the values scripts/numpy_random_reference.py wrote from NumPy, and measures
 * how far apart two doubles are in ulps. Tests only; not exported from the package.
 */
import { readFileSync } from 'node:fs';

export interface ReplayedCall {
  call: string;
  args: unknown[];
  scalar?: boolean;
  shape?: number[];
  doubles?: string[];
  integers?: number[];
  key?: number[];
  pos?: number;
  hasGauss?: boolean;
  cachedGaussian?: string;
}

export interface NumpyRandomReference {
  numpy: string;
  libc: string;
  rejectedSeeds: number[];
  replays: { seed: number; calls: ReplayedCall[] }[];
  log: { inputs: string[]; libm: string[]; correctlyRounded: string[] };
}

export interface RandnStreamReference {
  seed: number;
  count: number;
  float64LittleEndianBase64: string;
}

function readReference<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./__reference__/${name}`, import.meta.url), 'utf8')) as T;
}

export const loadNumpyRandomReference = (): NumpyRandomReference => readReference('numpy-random.json');

export function loadRandnStream(): { seed: number; values: Float64Array } {
  const ref = readReference<RandnStreamReference>('randn-stream.json');
  const bytes = Buffer.from(ref.float64LittleEndianBase64, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(ref.count);
  for (let i = 0; i < ref.count; i++) values[i] = view.getFloat64(8 * i, true);
  return { seed: ref.seed, values };
}

const bitsView = new DataView(new ArrayBuffer(8));

/** A double from the 16 hex digits of its IEEE-754 bits. */
export function doubleFromBits(hex: string): number {
  bitsView.setUint32(0, parseInt(hex.slice(0, 8), 16));
  bitsView.setUint32(4, parseInt(hex.slice(8), 16));
  return bitsView.getFloat64(0);
}

export { ulpDistance } from './ulp';
