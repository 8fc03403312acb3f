import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicTopicSpec, normalizeSpec, toFieldIssues } from '@mdp/contracts/dynamic-spec';
import { dynamicTopicName } from '@mdp/contracts/topic-names';
import { HttpError } from '@mdp/runtime/http-error';
import { readJsonBody, sendJson } from '@mdp/runtime/http-json';
import { z } from 'zod';
import { specFromTopicName } from '../topics/spec-from-name';
import type { AdminContext } from './context';

const ReRegisterBody = z
  .object({
    appId: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,64}$/, 'appId must be 1-64 of [a-zA-Z0-9._-]')
      .default('admin'),
    spec: z.unknown().optional(),
  })
  .strict();

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * /admin/orphans: the dynamic topics without a registry record that reconciliation kept, and the
 * two ways out: re-register one (a normal topic request for its spec, so the active coordinator
 * writes the record and announces it) or delete it.
 */
export function createOrphanRoutes(
  ctx: AdminContext,
  request: (res: ServerResponse, appId: string, spec: DynamicTopicSpec) => Promise<void>,
) {
  const { namespace } = ctx.config;

  function list(res: ServerResponse) {
    const board = ctx.orphans;
    sendJson(res, 200, {
      reconciledAt: iso(board.at),
      registry: board.registry,
      orphans: board.orphans.map((o) => ({
        topic: o.topic,
        verdict: o.verdict,
        firstSeen: iso(o.firstSeen),
        quietSince: iso(o.quietSince),
        subscribers: ctx.subscribers.subscribers(o.topic, ctx.now()),
        spec: specFromTopicName(o.topic, namespace),
      })),
    });
  }

  /** A topic may be resolved as an orphan only while it is one: on the broker, without a record. */
  async function mustBeOrphan(name: string) {
    if (ctx.view.get(name)) throw new HttpError(409, 'registered', `${name} has a registry record`);
    if (!(await ctx.topics.listDynamic()).has(name))
      throw new HttpError(404, 'unknown_topic', `no dynamic topic ${name} on the broker`);
  }

  async function reRegister(req: IncomingMessage, res: ServerResponse, name: string) {
    const body = ReRegisterBody.safeParse(await readJsonBody(req));
    if (!body.success)
      throw new HttpError(422, 'invalid_request', 'invalid body', { issues: toFieldIssues(body.error) });
    await mustBeOrphan(name);
    let spec = specFromTopicName(name, namespace);
    if (body.data.spec !== undefined) {
      const given = normalizeSpec(body.data.spec);
      if (!given.ok)
        throw new HttpError(422, 'invalid_spec', given.error.message, { issues: given.error.issues });
      spec = given.value;
    }
    if (!spec)
      throw new HttpError(
        422,
        'spec_required',
        'the spec cannot be read back from the name: send it as `spec`',
      );
    if (dynamicTopicName(spec, namespace) !== name)
      throw new HttpError(422, 'spec_mismatch', 'that spec names another topic');
    ctx.orphans.resolve(name);
    return request(res, body.data.appId, spec);
  }

  async function remove(res: ServerResponse, name: string) {
    await mustBeOrphan(name);
    await ctx.topics.delete(name);
    ctx.orphans.resolve(name);
    ctx.logger.warn({ topic: name }, 'orphan topic deleted by an operator');
    sendJson(res, 200, { topic: name, status: 'deleted' });
  }

  return { list, reRegister, remove };
}
