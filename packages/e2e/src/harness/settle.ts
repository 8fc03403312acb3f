import { tickIdentity } from '@mdp/contracts/keys';
import type { StoredTick } from './database';
import { readTopic } from './kafka';
import type { Platform } from './platform';
import { auditTicks, type Outage, type TickAudit } from './tick-audit';
import { auditTopicAgainstDb, type TopicAudit } from './topic-audit';
import { waitFor } from './wait';

const pairOf = (t: StoredTick) => `${t.base}-${t.quote}`;

/**
 * Waits until the database holds, for every pair, a tick at least as new as the newest tick the
 * simulator had emitted when this was called: everything before that point has had its chance to
 * travel simulator → producer → market.ticks.v1 → fixed-sink → PostgreSQL.
 */
export async function waitForDatabaseToCatchUp(p: Platform, timeoutMs = 20_000): Promise<void> {
  const emitted = await p.simulator.ticks({ market: 'CCCAGG' });
  const targets = new Map<string, number>();
  for (const e of emitted)
    if (p.pairs.includes(e.pair))
      targets.set(e.pair, Math.max(targets.get(e.pair) ?? 0, Number(e.lastTradeId)));
  let lastSeen = new Map<string, number>();
  await waitFor(
    async () => {
      const newest = new Map<string, number>();
      for (const t of await p.db.ticks())
        newest.set(pairOf(t), Math.max(newest.get(pairOf(t)) ?? 0, Number(t.tradeId)));
      lastSeen = newest;
      return [...targets].every(([pair, id]) => (newest.get(pair) ?? 0) >= id);
    },
    {
      what: 'the database to hold the newest emitted tick of every pair',
      timeoutMs,
      intervalMs: 250,
      describe: () =>
        `emitted newest ${JSON.stringify(Object.fromEntries(targets))}, stored newest ${JSON.stringify(
          Object.fromEntries(lastSeen),
        )}\n${p.tails()}`,
    },
  );
}

export type FullAudit = { ticks: TickAudit; topic: TopicAudit; round: TickAudit };

/**
 * Ground truth (simulator) and the fixed topic, both against the database. The topic is read
 * twice: what was on it before the database is read must all be stored (after waiting for the
 * sink), and what is stored must be on it when read again afterwards (ticks keep flowing).
 */
export async function auditPlatform(
  p: Platform,
  outages: readonly Outage[] = [],
  roundFromMs = 0,
  timeoutMs = 20_000,
): Promise<FullAudit> {
  const before = auditTopicAgainstDb(await readTopic(p.kafka, p.topics.ticks), []);
  const expectedIds = new Set(before.notStored);
  let stored: StoredTick[] = [];
  await waitFor(
    async () => {
      stored = (await p.db.ticks()).filter((t) => t.market === 'CCCAGG');
      const storedIds = new Set(stored.map((t) => tickIdentity(t)));
      return [...expectedIds].every((id) => storedIds.has(id));
    },
    { what: 'every tick on the fixed topic to be stored', timeoutMs, intervalMs: 250, describe: p.tails },
  ).catch(() => {}); // the audit below reports what is missing
  const emitted = (await p.simulator.ticks({ market: 'CCCAGG' })).filter((e) => p.pairs.includes(e.pair));
  const after = await readTopic(p.kafka, p.topics.ticks);
  const topic = auditTopicAgainstDb(after, stored);
  const storedIds = new Set(stored.map((t) => tickIdentity(t)));
  // Judge "not stored" against the first read only: later messages may still be on their way.
  const notStored = [...expectedIds].filter((id) => !storedIds.has(id));
  return {
    ticks: auditTicks(emitted, stored, outages),
    round: auditTicks(emitted, stored, outages, roundFromMs),
    topic: { ...topic, notStored },
  };
}
