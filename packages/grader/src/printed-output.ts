import { TRUNCATED_NOTE } from './sandbox/output-capture';

/** What one test's calls printed, joined and capped: a test that prints in a loop costs the result a bounded size. */
export class PrintedOutput {
  private text = '';
  private truncated = false;

  constructor(private readonly capChars: number) {}

  add(more: string): void {
    if (this.truncated || more === '') return;
    const room = this.capChars - this.text.length;
    if (more.length <= room) {
      this.text += more;
      return;
    }
    this.text += more.slice(0, room);
    this.truncated = true;
  }

  /** undefined when nothing was printed. */
  get value(): string | undefined {
    if (this.text === '' && !this.truncated) return undefined;
    return this.truncated ? `${this.text}${this.text.endsWith('\n') ? '' : '\n'}${TRUNCATED_NOTE}` : this.text;
  }
}
