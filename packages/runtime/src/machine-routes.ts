import { createAdminTokenCheck } from './admin-token';
import { HttpError } from './http-error';
import { sendJson } from './http-json';
import type { RouteHandler } from './http-server';
import type { MachineBoard, MachineView, ResetOutcome } from './machine-board';
import type { Secret } from './secret';

/** What `GET /admin/machines` answers. */
export type MachinesBody = { service: string; machines: MachineView[] };

const RESET_REFUSAL_STATUS: Record<Exclude<ResetOutcome, { ok: true }>['code'], number> = {
  unknown_machine: 404,
  no_reset_edge: 409,
  reset_not_accepted: 409,
};

const RESET_PATH = /^\/admin\/machines\/([^/]+)\/reset$/;

/**
 * The operator's view of a service's machines, the same in every service (Bearer admin token; 401
 * without or with a wrong one, 503 when the service has no admin token configured):
 * - `GET /admin/machines`: `{ service, machines: [{ id, machine, state, status, since, transitions }] }`;
 * - `POST /admin/machines/<id>/reset`: sends RESET (202 with the machine), 404 for an unknown id,
 *   409 when its chart has no RESET edge or its current state does not take RESET.
 * Every other path is left to the service's other routes.
 */
export function machineAdminRoutes(opts: {
  service: string;
  board: MachineBoard;
  token: Secret | undefined;
  tokenVar: string;
}): RouteHandler {
  const authorize = createAdminTokenCheck(opts.token, {
    realm: `${opts.service}-admin`,
    tokenVar: opts.tokenVar,
  });
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://service').pathname;
    const reset = RESET_PATH.exec(path);
    if (path !== '/admin/machines' && !reset) return false;
    const refusal = authorize(req.headers);
    if (refusal) throw new HttpError(refusal.status, refusal.code, refusal.message, {}, refusal.headers);
    const method = reset ? 'POST' : 'GET';
    if (req.method !== method && !(method === 'GET' && req.method === 'HEAD'))
      throw new HttpError(405, 'method_not_allowed', `use ${method}`, {}, { allow: method });
    if (!reset) {
      const body: MachinesBody = { service: opts.service, machines: opts.board.machines() };
      sendJson(res, 200, body);
      return true;
    }
    let id: string;
    try {
      id = decodeURIComponent(reset[1] ?? '');
    } catch {
      throw new HttpError(400, 'invalid_machine_id', 'machine id is not valid URL encoding');
    }
    const outcome = opts.board.reset(id);
    if (!outcome.ok) throw new HttpError(RESET_REFUSAL_STATUS[outcome.code], outcome.code, outcome.message);
    sendJson(res, 202, { status: 'reset sent', machine: outcome.machine });
    return true;
  };
}
