import type { IncomingMessage } from 'node:http';
import { createAdminTokenCheck } from '@mdp/runtime/admin-token';
import { HttpError } from '@mdp/runtime/http-error';
import type { Secret } from '@mdp/runtime/secret';

/** Throws the admin API's refusal unless the request carries the admin token (see `createAdminTokenCheck`). */
export function createAdminAuth(token: Secret | undefined) {
  const check = createAdminTokenCheck(token, {
    realm: 'coordinator-admin',
    tokenVar: 'COORDINATOR_ADMIN_TOKEN',
  });
  return (req: IncomingMessage): void => {
    const refusal = check(req.headers);
    if (refusal)
      throw new HttpError(refusal.status, refusal.code, refusal.message, {}, { ...refusal.headers });
  };
}
