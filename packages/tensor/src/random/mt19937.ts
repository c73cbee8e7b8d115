/**
 * The Mersenne Twister MT19937 as NumPy's legacy RandomState runs it: seeded with init_genrand,
 * 32-bit outputs with the standard tempering, doubles from two outputs with 53 random bits.
 */
export const MT19937_STATE_WORDS = 624;
const N = MT19937_STATE_WORDS;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class MT19937 {
  readonly key = new Uint32Array(N);
  /** Index of the next word of `key` to temper; N means the block is used up. */
  pos = N;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** init_genrand; the caller checks that seed is an integer in [0, 2**32). */
  seed(seed: number): void {
    const key = this.key;
    key[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = key[i - 1] ^ (key[i - 1] >>> 30);
      key[i] = Math.imul(1812433253, prev) + i;
    }
    this.pos = N;
  }

  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) on the 2**-53 grid: 27 bits of one output, then 26 bits of the next. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  private twist(): void {
    const key = this.key;
    for (let i = 0; i < N; i++) {
      const y = (key[i] & UPPER_MASK) | (key[(i + 1) % N] & LOWER_MASK);
      key[i] = key[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.pos = 0;
  }
}
