import type { z } from 'zod';
import { type FieldIssue, toFieldIssues } from './dynamic-spec';
import { err, ok, type Result } from './result';

/** Kafka's default max message size; anything larger is refused before parsing. */
export const MAX_MESSAGE_BYTES = 1_048_576;

export type DecodeErrorCode = 'empty' | 'too_large' | 'invalid_json' | 'invalid_message';
export type DecodeError = { code: DecodeErrorCode; message: string; issues: FieldIssue[] };

function failure(
  code: DecodeErrorCode,
  message: string,
  issues: FieldIssue[] = [],
): Result<never, DecodeError> {
  return err({ code, message, issues });
}

/** Parses and validates a message value. Never throws: bad input becomes a typed error with a reason. */
export function decode<S extends z.ZodType>(
  schema: S,
  value: Buffer | string | null | undefined,
): Result<z.output<S>, DecodeError> {
  if (value === null || value === undefined || value.length === 0)
    return failure('empty', 'message has no value');
  if (value.length > MAX_MESSAGE_BYTES)
    return failure('too_large', `message is larger than ${MAX_MESSAGE_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (e) {
    return failure('invalid_json', `not JSON: ${(e as Error).message.slice(0, 200)}`);
  }
  return validate(schema, json);
}

/** Validates an already parsed value against a schema. */
export function validate<S extends z.ZodType>(schema: S, json: unknown): Result<z.output<S>, DecodeError> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const issues = toFieldIssues(parsed.error);
  return failure('invalid_message', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

/** Validates, then serializes: producers never put an invalid message on a topic. */
export function encode<S extends z.ZodType>(schema: S, value: z.input<S>): Result<Buffer, DecodeError> {
  const checked = validate(schema, value);
  if (!checked.ok) return checked;
  const buffer = Buffer.from(JSON.stringify(checked.value));
  if (buffer.length > MAX_MESSAGE_BYTES)
    return failure('too_large', `message is larger than ${MAX_MESSAGE_BYTES} bytes`);
  return ok(buffer);
}
