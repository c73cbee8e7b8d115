// Where a JSON text first goes wrong, as line and column. V8's JSON.parse messages give a position for
// some mistakes and none for others (`Unexpected end of JSON input`, `Unexpected token '}', ... is not
// valid JSON`), so a hand-edited spec would otherwise leave its author counting characters. Used only
// after JSON.parse has failed: speed does not matter, a clear reason does.

export interface JsonSyntaxError {
  line: number;
  column: number;
  reason: string;
}

class Stop extends Error {
  constructor(readonly at: number, readonly reason: string) {
    super(reason);
  }
}

const WS = new Set([' ', '\t', '\n', '\r']);
const LITERALS = ['true', 'false', 'null'];

/** The first syntax error of `text` (1-based line and column), or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const skip = () => {
    while (i < text.length && WS.has(text[i])) i++;
    if (text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) throw new Stop(i, 'comments are not allowed in JSON');
  };
  const describe = (ch: string | undefined) => (ch === undefined ? 'the end of the file' : `'${ch}'`);

  function string(): void {
    const start = i++;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        const esc = text[i + 1];
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, 'a \\u escape needs four hex digits');
          i += 6;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i += 2;
        else throw new Stop(i, `unknown escape '\\${esc ?? ''}' in a string`);
        continue;
      }
      if (ch < ' ') throw new Stop(i, ch === '\n' ? 'a string runs past the end of its line (a missing closing "?)' : 'a control character inside a string');
      i++;
    }
    throw new Stop(start, 'this string is never closed');
  }

  function number(): void {
    const start = i;
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (!m) throw new Stop(start, 'not a valid number');
    i += m[0].length;
    if (/[0-9A-Za-z_.]/.test(text[i] ?? '')) throw new Stop(start, 'not a valid number (JSON has no leading zeros, hex, NaN or a trailing dot)');
  }

  function container(open: '{' | '['): void {
    const start = i++;
    const close = open === '{' ? '}' : ']';
    const what = open === '{' ? 'field' : 'element';
    skip();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      if (open === '{') {
        if (text[i] === undefined) break;
        if (text[i] === "'") throw new Stop(i, 'field names need double quotes, not single quotes');
        if (text[i] !== '"') throw new Stop(i, `expected a field name in double quotes, found ${describe(text[i])}`);
        string();
        skip();
        if (text[i] !== ':') throw new Stop(i, `expected ':' after the field name, found ${describe(text[i])}`);
        i++;
        skip();
      }
      if (text[i] === undefined) break;
      value();
      skip();
      if (text[i] === ',') {
        const comma = i++;
        skip();
        if (text[i] === close) throw new Stop(comma, `a comma before '${close}' (JSON allows no trailing comma)`);
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] === undefined) break;
      if (text[i] === '}' || text[i] === ']') {
        const o = lineAndColumn(text, start);
        throw new Stop(i, `found '${text[i]}' where the '${open}' opened at line ${o.line}, column ${o.column} should close (a missing '${close}'?)`);
      }
      throw new Stop(i, `expected ',' or '${close}' after ${open === '{' ? 'a field value' : 'an array element'}, found ${describe(text[i])} (a missing comma?)`);
    }
    throw new Stop(start, `this '${open}' is never closed (the file ends before its '${close}'; a missing ${close} after some ${what}?)`);
  }

  function value(): void {
    skip();
    const ch = text[i];
    if (ch === '{' || ch === '[') return container(ch);
    if (ch === '"') return string();
    if (ch === "'") throw new Stop(i, 'strings need double quotes, not single quotes');
    if (ch === '-' || (ch >= '0' && ch <= '9')) return number();
    if (ch === undefined) throw new Stop(i, 'expected a value, found the end of the file');
    const word = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i))?.[0];
    if (word !== undefined) {
      if (LITERALS.includes(word)) {
        i += word.length;
        return;
      }
      throw new Stop(i, `unknown word '${word}' (a value is a string in double quotes, a number, true, false, null, an object or an array)`);
    }
    throw new Stop(i, `expected a value, found '${ch}'`);
  }

  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1; // a byte-order mark, as some editors write it
    value();
    skip();
    if (i < text.length) throw new Stop(i, `unexpected ${describe(text[i])} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { ...lineAndColumn(text, e.at), reason: e.reason };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
