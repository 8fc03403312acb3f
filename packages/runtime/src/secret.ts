import { inspect } from 'node:util';

const REDACTED = '[secret]';

/**
 * A value that must never reach a log line or an error message: printing, JSON-serializing or
 * inspecting it yields `[secret]`; only `reveal()` returns the value, at the one place that uses it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    Object.freeze(this);
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
