/** A refusal meant for the person who asked: its message says what to fix, and nothing changed. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
