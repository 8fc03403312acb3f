import { createServer } from 'node:http';
import { verifyWebhook, type WebhookBatch } from '@mdp/client/webhooks';

/** An HTTP server that accepts the gateway's webhook POSTs signed with `secret`, and refuses the rest. */
export function webhookReceiver(secret: string, onBatch: (batch: WebhookBatch) => void) {
  return createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      // The raw body as received: parsing and re-serialising it would change the signed bytes.
      const batch = await verifyWebhook(secret, req.headers, Buffer.concat(chunks), {
        toleranceMs: 5 * 60_000,
      });
      onBatch(batch); // dedupe on the x-mdp-delivery-id header: a retried batch keeps it
      res.writeHead(204).end();
    } catch {
      res.writeHead(401).end(); // a bad signature, or a stale timestamp (a replay)
    }
  });
}
