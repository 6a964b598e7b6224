/** A failure the CLI reports with exit code 1: the message, then what to run next. No secrets in either. */
export class CliFailure extends Error {
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'CliFailure', writable: true, configurable: true });
  }
}
