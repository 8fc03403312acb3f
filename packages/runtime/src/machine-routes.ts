import type { ServerResponse } from 'node:http';
import { createAdminTokenCheck } from './admin-token';
import type { RouteHandler } from './http-server';
import type { MachineBoard, ResetOutcome } from './machine-board';
import type { Secret } from './secret';

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

const sendError = (res: ServerResponse, status: number, code: string, message: string, headers = {}) =>
  sendJson(res, status, { error: { code, message } }, headers);

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
    if (refusal) {
      sendError(res, refusal.status, refusal.code, refusal.message, refusal.headers);
      return true;
    }
    const method = reset ? 'POST' : 'GET';
    if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
      sendError(res, 405, 'method_not_allowed', `use ${method}`, { allow: method });
      return true;
    }
    if (!reset) {
      sendJson(res, 200, { service: opts.service, machines: opts.board.machines() });
      return true;
    }
    let id: string;
    try {
      id = decodeURIComponent(reset[1] ?? '');
    } catch {
      sendError(res, 400, 'invalid_machine_id', 'machine id is not valid URL encoding');
      return true;
    }
    const outcome = opts.board.reset(id);
    if (outcome.ok) sendJson(res, 202, { status: 'reset sent', machine: outcome.machine });
    else sendError(res, RESET_REFUSAL_STATUS[outcome.code], outcome.code, outcome.message);
    return true;
  };
}
