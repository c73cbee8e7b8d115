/**
 * A safe reader for the Python literals that .npy headers are written in (NumPy writes the header
 * with repr() and reads it with ast.literal_eval). Only literals: nothing is evaluated.
 */

export type PyLiteral =
  | string
  | number
  | boolean
  | null
  | { readonly kind: 'tuple'; readonly items: PyLiteral[] }
  | { readonly kind: 'list'; readonly items: PyLiteral[] }
  | { readonly kind: 'dict'; readonly entries: Map<string, PyLiteral> };

/** Where and why a literal could not be read; the header reader turns it into an NpyFormatError. */
export class PyLiteralSyntaxError extends Error {
  constructor(
    readonly position: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`at character ${position}: expected ${expected}, found ${found}`);
    this.name = 'PyLiteralSyntaxError';
  }
}

const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };
const CLOSERS = { '(': ')', '[': ']', '{': '}' } as const;

/** The one literal that `text` holds (surrounding whitespace allowed). Throws PyLiteralSyntaxError. */
export function parsePyLiteral(text: string): PyLiteral {
  let pos = 0;

  const fail = (expected: string): never => {
    const found = pos >= text.length ? 'end of header' : JSON.stringify(text.slice(pos, pos + 12));
    throw new PyLiteralSyntaxError(pos, expected, found);
  };
  const skipSpace = () => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos])) pos++;
  };

  const readString = (): string => {
    const quote = text[pos++];
    let out = '';
    while (pos < text.length && text[pos] !== quote) {
      const c = text[pos++];
      if (c === '\n') return fail(`a closing ${quote}`);
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[pos++];
      if (e === 'x' || e === 'u') {
        const hex = text.slice(pos, pos + (e === 'x' ? 2 : 4));
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== (e === 'x' ? 2 : 4)) return fail(`hex digits after \\${e}`);
        out += String.fromCharCode(parseInt(hex, 16));
        pos += hex.length;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
      } else {
        pos--;
        return fail('a known string escape');
      }
    }
    if (pos >= text.length) return fail(`a closing ${quote}`);
    pos++;
    return out;
  };

  const readNumber = (): number => {
    const m = /^[-+]?\d+/.exec(text.slice(pos));
    if (!m) return fail('a value');
    const digits = m[0];
    if (/^[-+]?0\d/.test(digits) || /^[.eExXjJ_]/.test(text.slice(pos + digits.length))) return fail('a decimal integer');
    pos += digits.length;
    return Number(digits);
  };

  /** Items up to `closer`, separated by commas, with an optional trailing comma. */
  const readItems = <T>(closer: string, readItem: () => T): { items: T[]; trailingComma: boolean } => {
    const items: T[] = [];
    let trailingComma = false;
    skipSpace();
    while (text[pos] !== closer) {
      items.push(readItem());
      skipSpace();
      trailingComma = text[pos] === ',';
      if (trailingComma) {
        pos++;
        skipSpace();
      } else if (text[pos] !== closer) {
        return fail(`',' or '${closer}'`);
      }
    }
    pos++;
    return { items, trailingComma };
  };

  const readValue = (): PyLiteral => {
    skipSpace();
    const c = text[pos];
    if (c === "'" || c === '"') return readString();
    if (c === '(' || c === '[' || c === '{') {
      pos++;
      const closer = CLOSERS[c];
      if (c === '{') {
        const entries = new Map<string, PyLiteral>();
        readItems(closer, () => {
          const keyAt = pos;
          const key = readValue();
          if (typeof key !== 'string') {
            pos = keyAt;
            return fail('a string key');
          }
          skipSpace();
          if (text[pos++] !== ':') {
            pos--;
            return fail("':'");
          }
          entries.set(key, readValue());
        });
        return { kind: 'dict', entries };
      }
      const { items, trailingComma } = readItems(closer, readValue);
      if (c === '[') return { kind: 'list', items };
      // (x) is just x in Python; (x,) and () are tuples
      return items.length === 1 && !trailingComma ? items[0] : { kind: 'tuple', items };
    }
    for (const [word, value] of [['True', true], ['False', false], ['None', null]] as const) {
      if (text.startsWith(word, pos) && !/\w/.test(text[pos + word.length] ?? '')) {
        pos += word.length;
        return value;
      }
    }
    return readNumber();
  };

  const value = readValue();
  skipSpace();
  if (pos < text.length) fail('the end of the literal');
  return value;
}

/** Python's repr() of a literal, for error messages. */
export function pyRepr(v: PyLiteral): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (v.kind === 'dict') return `{${[...v.entries].map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  const inner = v.items.map(pyRepr).join(', ');
  if (v.kind === 'list') return `[${inner}]`;
  return v.items.length === 1 ? `(${inner},)` : `(${inner})`;
}
