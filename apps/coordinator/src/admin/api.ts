import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RejectionCode } from '@mdp/contracts/control';
import { type DynamicTopicSpec, normalizeSpec, toFieldIssues } from '@mdp/contracts/dynamic-spec';
import { dynamicTopicName, isDynamicTopic } from '@mdp/contracts/topic-names';
import { setRoute } from '@mdp/runtime/access-log';
import { HttpError } from '@mdp/runtime/http-error';
import { readJsonBody, sendError, sendJson } from '@mdp/runtime/http-json';
import type { RouteHandler } from '@mdp/runtime/http-server';
import { waitUntil } from '@mdp/runtime/wait-until';
import { z } from 'zod';
import { checkSpecPolicy } from '../requests/quotas';
import type { RecordData } from '../tasks';
import { createAdminAuth } from './auth';
import type { AdminContext } from './context';
import { createOrphanRoutes } from './orphans';

const PostTopicBody = z
  .object({
    appId: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,64}$/, 'appId must be 1-64 of [a-zA-Z0-9._-]')
      .default('admin'),
    spec: z.unknown(),
  })
  .strict();

/** HTTP status of a rejection the active coordinator sent back. */
const REJECTION_STATUS: Record<RejectionCode, number> = {
  invalid_request: 422,
  invalid_spec: 422,
  kind_not_allowed: 422,
  quota_total: 429,
  quota_app: 429,
  unknown_topic: 404,
  topic_failed: 502,
};

/**
 * The operators' API under /admin (Bearer token): list and show topics, request a topic, retire one,
 * show the machine's state (RESET is `POST /admin/machines/coordinator/reset`), list orphan topics and re-register or delete one. Requests and retirements go through control.requests.v1 like anyone
 * else's, so any coordinator (standby too) can take them and the active one does the work.
 */
export function createAdminRoutes(ctx: AdminContext): RouteHandler {
  const authorize = createAdminAuth(ctx.config.adminToken);

  const describe = (record: RecordData) => ({
    ...record,
    ageMs: Math.max(0, ctx.now() - Date.parse(record.createdAt)),
    subscribers: ctx.subscribers.subscribers(record.topic, ctx.now()),
  });

  const allow = (req: IncomingMessage, methods: string[]) => {
    if (!methods.includes(req.method ?? ''))
      throw new HttpError(
        405,
        'method_not_allowed',
        `use ${methods.join(' or ')}`,
        {},
        {
          allow: methods.join(', '),
        },
      );
  };

  const topicName = (encoded: string) => {
    let name: string;
    try {
      name = decodeURIComponent(encoded);
    } catch {
      throw new HttpError(400, 'invalid_topic_name', 'topic name is not valid URL encoding');
    }
    if (!isDynamicTopic(name, ctx.config.namespace))
      throw new HttpError(404, 'unknown_topic', 'not a dynamic topic name of this platform');
    return name;
  };

  async function requestTopic(req: IncomingMessage, res: ServerResponse) {
    const body = PostTopicBody.safeParse(await readJsonBody(req));
    if (!body.success)
      throw new HttpError(422, 'invalid_request', 'invalid body', { issues: toFieldIssues(body.error) });
    const spec = normalizeSpec(body.data.spec);
    if (!spec.ok) throw new HttpError(422, 'invalid_spec', spec.error.message, { issues: spec.error.issues });
    return submitRequest(res, body.data.appId, spec.value);
  }

  /** Publishes a topic request and answers with its outcome (or 202 while it is still pending). */
  async function submitRequest(res: ServerResponse, appId: string, spec: DynamicTopicSpec) {
    const policy = checkSpecPolicy(spec, ctx.config.quotas);
    if (policy) throw new HttpError(422, policy.code, policy.message, { issues: policy.issues });
    const requestId = randomUUID();
    const topic = dynamicTopicName(spec, ctx.config.namespace);
    const answer = ctx.waiters.wait(requestId, ctx.config.adminWaitMs);
    await ctx.publish.requestTopic(requestId, appId, spec);
    const result = await answer;
    if (!result) return sendJson(res, 202, { requestId, topic, status: 'pending' });
    if (result.kind === 'activated')
      return sendJson(res, 200, { ...result.event, requestId, status: 'active' });
    const { code, message, issues } = result.event.reason;
    sendError(res, new HttpError(REJECTION_STATUS[code], code, message, { issues, requestId }));
  }

  async function retireTopic(name: string, res: ServerResponse) {
    const record = ctx.view.get(name);
    if (!record) throw new HttpError(404, 'unknown_topic', `no dynamic topic ${name}`);
    if (record.status === 'retiring') return sendJson(res, 200, describe(record));
    const requestId = randomUUID();
    await ctx.publish.retireTopic(requestId, name);
    const retiring = () => (ctx.view.get(name)?.status ?? 'retiring') === 'retiring';
    if (!(await waitUntil(retiring, { timeoutMs: ctx.config.adminWaitMs, now: ctx.now })))
      return sendJson(res, 202, { requestId, topic: name, status: 'retire requested' });
    const current = ctx.view.get(name);
    sendJson(res, 200, current ? describe(current) : { topic: name, status: 'retired' });
  }

  const orphans = createOrphanRoutes(ctx, submitRequest);

  async function route(req: IncomingMessage, res: ServerResponse, path: string) {
    // The access log groups by route, not by the topic a path names.
    setRoute(req, path.replace(/^(\/admin\/(?:topics|orphans)\/)[^/]+$/, '$1:name'));
    authorize(req);
    if (path === '/admin/orphans') {
      allow(req, ['GET']);
      return orphans.list(res);
    }
    const orphan = /^\/admin\/orphans\/([^/]+)$/.exec(path);
    if (orphan?.[1]) {
      allow(req, ['POST', 'DELETE']);
      const name = topicName(orphan[1]);
      return req.method === 'POST' ? orphans.reRegister(req, res, name) : orphans.remove(res, name);
    }
    if (path === '/admin/topics') {
      allow(req, ['GET', 'POST']);
      if (req.method === 'POST') return requestTopic(req, res);
      const status = new URL(req.url ?? '/', 'http://x').searchParams.get('status');
      const topics = [...ctx.view.values()].filter((r) => !status || r.status === status).map(describe);
      return sendJson(res, 200, { topics: topics.sort((a, b) => a.topic.localeCompare(b.topic)) });
    }
    const one = /^\/admin\/topics\/([^/]+)$/.exec(path);
    if (one?.[1]) {
      allow(req, ['GET', 'DELETE']);
      const name = topicName(one[1]);
      if (req.method === 'DELETE') return retireTopic(name, res);
      const record = ctx.view.get(name);
      if (!record) throw new HttpError(404, 'unknown_topic', `no dynamic topic ${name}`);
      return sendJson(res, 200, describe(record));
    }
    if (path === '/admin/state') {
      allow(req, ['GET']);
      return sendJson(res, 200, ctx.state());
    }
    throw new HttpError(404, 'not_found', 'no such admin route');
  }

  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/admin' && !path.startsWith('/admin/')) return false;
    try {
      await route(req, res, path);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      sendError(res, e);
    }
    return true;
  };
}
