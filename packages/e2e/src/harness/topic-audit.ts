import { decode } from '@mdp/contracts/codec';
import { tickIdentity } from '@mdp/contracts/keys';
import { PriceTickMessageSchema } from '@mdp/contracts/market-data';
import type { StoredTick } from './database';
import type { TopicMessage } from './kafka';

/** market.ticks.v1 against the ticks table: what reached the fixed topic must be stored exactly once. */
export type TopicAudit = {
  /** Distinct ticks (by identity) on the topic. */
  onTopic: number;
  /** Messages on the topic repeating an identity already there (the sink must absorb these). */
  topicRepeats: number;
  /** Messages on the topic that are not valid PriceTick envelopes (poison, on purpose in one test). */
  invalidOnTopic: number;
  notStored: string[];
  /** Stored rows no message on the topic carries. */
  notOnTopic: string[];
  stored: number;
};

const identityOf = (t: StoredTick) => tickIdentity(t);

export function auditTopicAgainstDb(
  messages: readonly TopicMessage[],
  stored: readonly StoredTick[],
): TopicAudit {
  const onTopic = new Set<string>();
  let topicRepeats = 0;
  let invalidOnTopic = 0;
  for (const m of messages) {
    const decoded = decode(PriceTickMessageSchema, m.value);
    if (!decoded.ok) {
      invalidOnTopic += 1;
      continue;
    }
    const id = tickIdentity(decoded.value.data);
    if (onTopic.has(id)) topicRepeats += 1;
    else onTopic.add(id);
  }
  const storedIds = new Set(stored.map(identityOf));
  return {
    onTopic: onTopic.size,
    topicRepeats,
    invalidOnTopic,
    notStored: [...onTopic].filter((id) => !storedIds.has(id)),
    notOnTopic: [...storedIds].filter((id) => !onTopic.has(id)),
    stored: stored.length,
  };
}
