import type { IncomingMessage } from 'node:http';
import { HttpError } from '@mdp/runtime/http-error';
import { Secret } from '@mdp/runtime/secret';
import { createAdminAuth } from './auth';

const req = (authorization?: string) =>
  ({ headers: authorization ? { authorization } : {} }) as IncomingMessage;
const statusOf = (check: () => void) => {
  try {
    check();
    return 200;
  } catch (e) {
    return e instanceof HttpError ? e.status : 500;
  }
};

describe('admin auth', () => {
  const auth = createAdminAuth(new Secret('the-right-token-123'));
  it('accepts the exact Bearer token only', () => {
    expect(statusOf(() => auth(req('Bearer the-right-token-123')))).toBe(200);
    expect(statusOf(() => auth(req('bearer the-right-token-123')))).toBe(200);
    for (const bad of [
      undefined,
      '',
      'the-right-token-123',
      'Bearer',
      'Bearer the-right-token-12',
      'Bearer the-right-token-1234',
      'Basic abc',
    ]) {
      expect(statusOf(() => auth(req(bad)))).toBe(401);
    }
  });
  it('answers 503 when no token is configured', () => {
    expect(statusOf(() => createAdminAuth(undefined)(req('Bearer anything')))).toBe(503);
  });
});
