import { request } from 'undici';
import type { PostFn } from './delivery';
import { createWebhookAgent, type WebhookAgentOptions } from './dispatcher';
import { classifyPostError } from './failure';

/**
 * An undici POST through the checked dispatcher, with a timeout over the whole exchange. Redirects are
 * not followed (a 3xx is a failure). Errors become coarse reasons, never throws.
 */
export function createWebhookPost(opts: WebhookAgentOptions): { post: PostFn; close(): Promise<void> } {
  const agent = createWebhookAgent(opts);
  const post: PostFn = async (url, body, headers, signal) => {
    try {
      const res = await request(url, {
        method: 'POST',
        body,
        headers,
        dispatcher: agent,
        signal: AbortSignal.any([signal, AbortSignal.timeout(opts.timeoutMs)]),
      });
      await res.body.dump();
      return { status: res.statusCode };
    } catch (e) {
      return { error: classifyPostError(e) };
    }
  };
  return { post, close: () => agent.close() };
}
