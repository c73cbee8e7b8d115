/** A value the runner cannot send back; its message says which part and why. */
export class BadReturn {
  constructor(readonly message: string) {}
}
