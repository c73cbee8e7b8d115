import { describe, expect, it } from 'vitest';
import { readExerciseCall } from './exercise-call';

const read = (text: string) => readExerciseCall(text, 'cnn_layers.ts');
const DEF = '\nfunction exercise(variant: { username: string; seed: number }): void {\n  void variant;\n}\n';

describe('readExerciseCall', () => {
  it('reads the literals of the one call, beside the function that defines it', () => {
    expect(read(`import ndarray from 'ndarray';\nexercise({ username: 'alice', seed: 42 });${DEF}`)).toEqual({ ok: true, username: 'alice', seed: 42 });
    expect(read(`exercise({username:"b.o-b@cmu.edu",seed:4294967295,})`)).toEqual({ ok: true, username: 'b.o-b@cmu.edu', seed: 4294967295 });
    expect(read(`exercise(\n  {\n    username: 'c',\n    seed: 0\n  }\n);`)).toEqual({ ok: true, username: 'c', seed: 0 });
  });

  it('ignores a commented-out call', () => {
    expect(read(`// exercise({ username: 'old', seed: 1 });\n/* exercise({ username: 'older', seed: 2 }) */\nexercise({ username: 'new', seed: 3 });${DEF}`))
      .toEqual({ ok: true, username: 'new', seed: 3 });
  });

  it('explains a missing call, with the line to add', () => {
    const r = read(`export const x = 1;${DEF}`);
    expect(r).toEqual({ ok: false, message: expect.stringContaining("cnn_layers.ts has no exercise({ username, seed }) call") });
    expect(!r.ok && r.message).toContain("exercise({ username: 'your-username', seed: 0 })");
  });

  it('refuses two calls, a call without literals, the placeholder, and usernames or seeds out of range', () => {
    const cases: [string, RegExp][] = [
      [`exercise({ username: 'a', seed: 1 });\nexercise({ username: 'b', seed: 2 });`, /has 2 exercise\(\.\.\.\) calls; keep exactly one/],
      [`const u = 'a';\nexercise({ username: u, seed: 1 });`, /must be written with literals/],
      [`exercise({ seed: 1, username: 'a' });`, /must be written with literals/],
      [`exercise({ username: 'your-username', seed: 0 });`, /fill in your username/],
      [`exercise({ username: 'has space', seed: 0 });`, /username 'has space' .* is not allowed/],
      [`exercise({ username: '', seed: 0 });`, /username '' .* is not allowed/],
      [`exercise({ username: 'a', seed: -1 });`, /seed '-1' .* not allowed/],
      [`exercise({ username: 'a', seed: 4294967296 });`, /seed '4294967296' .* not allowed/],
      [`exercise({ username: 'a', seed: 1e3 });`, /seed '1e3' .* not allowed/],
      [`exercise({ username: 'a', seed: 0x10 });`, /seed '0x10' .* not allowed/],
      [`exercise({ username: 'a', seed: 1.5 });`, /seed '1.5' .* not allowed/],
    ];
    for (const [text, message] of cases) {
      const r = read(text);
      expect(r.ok, text).toBe(false);
      expect(!r.ok && r.message, text).toMatch(message);
    }
  });
});
