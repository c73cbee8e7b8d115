import { describe, expect, it } from 'vitest';
import { parsePyLiteral, pyRepr, PyLiteralSyntaxError, type PyLiteral } from './python-literal';

const tuple = (...items: PyLiteral[]): PyLiteral => ({ kind: 'tuple', items });

describe('parsePyLiteral', () => {
  it('reads the dict np.save writes, spaces and newline padding included', () => {
    const v = parsePyLiteral("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }          \n");
    expect(v).toEqual({ kind: 'dict', entries: new Map<string, PyLiteral>([['descr', '<f8'], ['fortran_order', false], ['shape', tuple(2, 3)]]) });
  });

  it('tells () and (n,) tuples from a parenthesized value', () => {
    expect(parsePyLiteral('()')).toEqual(tuple());
    expect(parsePyLiteral('(5,)')).toEqual(tuple(5));
    expect(parsePyLiteral('( 5 , )')).toEqual(tuple(5));
    expect(parsePyLiteral('(5)')).toBe(5);
    expect(parsePyLiteral('(1, 2, 3,)')).toEqual(tuple(1, 2, 3));
  });

  it('reads lists of tuples (structured descr), None, True, negative numbers and both quotes', () => {
    expect(parsePyLiteral("[('x', '<f8'), (\"y\", -4, None, True)]")).toEqual({ kind: 'list', items: [tuple('x', '<f8'), tuple('y', -4, null, true)] });
  });

  it('decodes string escapes', () => {
    expect(parsePyLiteral("'a\\'b\\\\c\\n\\x41\\u00e9'")).toBe("a'b\\c\nAé");
  });

  it.each([
    ['', 'a value'],
    ['{', 'a value'],
    ["{'a' 1}", "':'"],
    ['{1: 2}', 'a string key'],
    ["{'a': 1 'b': 2}", "',' or '}'"],
    ["'open", "a closing '"],
    ['(1, 2', "',' or ')'"],
    ['1.5', 'a decimal integer'],
    ['0x10', 'a decimal integer'],
    ['007', 'a decimal integer'],
    ['Truex', 'a value'],
    ['__import__("os")', 'a value'],
    ['(1,) (2,)', 'the end of the literal'],
    ["'\\q'", 'a known string escape'],
  ])('refuses %j, expecting %s', (text, expected) => {
    let error: unknown;
    try {
      parsePyLiteral(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PyLiteralSyntaxError);
    expect((error as PyLiteralSyntaxError).expected).toBe(expected);
  });

  it('reports the position of the problem', () => {
    expect(() => parsePyLiteral("{'shape': (2, x)}")).toThrow(/at character 14: expected a value, found "x\)}"/);
  });
});

describe('pyRepr', () => {
  it('writes what Python repr() writes, so parse(repr(v)) is v', () => {
    const text = "{'descr': [('x', '<f8')], 'fortran_order': True, 'shape': (3,), 'e': (), 'n': None, 'q': 'it\\'s'}";
    expect(pyRepr(parsePyLiteral(text))).toBe(text);
  });
});
