// Test messages can quote a student's exception text. Escape sequences or carriage returns in it
// could rewrite the grader's terminal or hide lines, so they are shown as visible "\x1b"-style text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** Text safe to print to a terminal or a plain-text log: keeps newlines and tabs, makes other control characters visible. */
export function showControlChars(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
