import { type DecodeError, decode, MAX_MESSAGE_BYTES } from '@mdp/contracts/codec';
import {
  type Candle,
  CandleMessageSchema,
  type PriceTick,
  PriceTickMessageSchema,
} from '@mdp/contracts/market-data';
import { type CopyRow, tickCopyRow } from '../db/copy-binary';
import type { SourceMessage } from './batch';
import { fastTick } from './fast-tick';

export type TickRow = {
  readonly kind: 'tick';
  readonly source: SourceMessage;
  readonly messageId: string;
  /** The envelope's `at`, epoch ms. */
  readonly producedAt: number;
  readonly tick: PriceTick;
  /** The row in binary COPY format (see `tickCopyRow`); absent when it cannot go through COPY. */
  readonly copyRow: CopyRow | undefined;
};

export type CandleRow = {
  readonly kind: 'candle';
  readonly source: SourceMessage;
  readonly messageId: string;
  /** The envelope's `at`, epoch ms: a candle revision never overwrites a newer one. */
  readonly revisedAt: number;
  readonly candle: Candle;
};

export type SinkRow = TickRow | CandleRow;

export type RejectionCode = DecodeError['code'] | 'unknown_topic' | 'database_rejected' | 'decoder_threw';

/** A message that will not be stored, and why: it goes to the DLQ with these as headers. */
export type Rejection = {
  readonly source: SourceMessage;
  readonly code: RejectionCode;
  readonly reason: string;
};

export type MappedBatch = {
  readonly ticks: readonly TickRow[];
  readonly candles: readonly CandleRow[];
  readonly rejected: readonly Rejection[];
};

export type FixedTopics = { readonly ticks: string; readonly candles1m: string };

/** Validates one message against the contract of its topic and maps it to a row, or says why not. */
export function toRow(message: SourceMessage, topics: FixedTopics): SinkRow | Rejection {
  if (message.topic === topics.ticks) {
    const fast = fastDecodeTick(message.message.value);
    const copyRow = fast && tickCopyRow(fast.tick, fast.id, fast.producedAt);
    if (fast && copyRow !== undefined) return new CopyTickRow(message, fast.id, fast.producedAt, copyRow);
    if (fast) return tickRow(message, fast.id, fast.producedAt, fast.tick);
    const decoded = decode(PriceTickMessageSchema, message.message.value);
    if (!decoded.ok) return rejection(message, decoded.error);
    const { id, at, data } = decoded.value;
    return tickRow(message, id, Date.parse(at), data);
  }
  if (message.topic === topics.candles1m) {
    const decoded = decode(CandleMessageSchema, message.message.value);
    if (!decoded.ok) return rejection(message, decoded.error);
    const { id, at, data } = decoded.value;
    return { kind: 'candle', source: message, messageId: id, revisedAt: Date.parse(at), candle: data };
  }
  return { source: message, code: 'unknown_topic', reason: `not a fixed topic: ${message.topic}` };
}

function tickRow(source: SourceMessage, messageId: string, producedAt: number, tick: PriceTick): TickRow {
  return {
    kind: 'tick',
    source,
    messageId,
    producedAt,
    tick,
    copyRow: tickCopyRow(tick, messageId, producedAt),
  };
}

/**
 * A tick checked on the hot path keeps its COPY row, not the parsed envelope: tens of thousands
 * of buffered messages would otherwise keep as many object trees alive for the garbage collector.
 * The INSERT path (rare: replays, duplicates) parses the tick again.
 */
class CopyTickRow implements TickRow {
  readonly kind = 'tick' as const;
  constructor(
    readonly source: SourceMessage,
    readonly messageId: string,
    readonly producedAt: number,
    readonly copyRow: CopyRow,
  ) {}
  get tick(): PriceTick {
    const again = fastDecodeTick(this.source.message.value);
    if (!again) throw new Error('a tick accepted once no longer decodes'); // the message is immutable
    return again.tick;
  }
}

/** JSON.parse plus the hand-written check; undefined leaves the message to zod (and its reasons). */
function fastDecodeTick(value: Buffer | null): ReturnType<typeof fastTick> {
  if (value === null || value.length === 0 || value.length > MAX_MESSAGE_BYTES) return undefined;
  try {
    return fastTick(JSON.parse(value.toString('utf8')));
  } catch {
    return undefined;
  }
}

function rejection(source: SourceMessage, error: DecodeError): Rejection {
  return { source, code: error.code, reason: error.message.slice(0, 1000) };
}

function candleKey(c: Candle): string {
  return `${c.market}:${c.base}-${c.quote}@${c.start}`;
}

/**
 * Maps a batch (messages in offset order per partition). Several revisions of one candle in a batch
 * keep only the last one: one upsert statement must not touch a row twice, and the last is the latest.
 */
export function mapBatch(messages: readonly SourceMessage[], topics: FixedTopics): MappedBatch {
  const ticks: TickRow[] = [];
  const candles = new Map<string, CandleRow>();
  const rejected: Rejection[] = [];
  for (const message of messages) {
    const row = message.decoded ?? toRow(message, topics);
    if (!('kind' in row)) rejected.push(row);
    else if (row.kind === 'tick') ticks.push(row);
    else {
      const key = candleKey(row.candle);
      candles.delete(key); // re-insert so the map keeps offset order
      candles.set(key, row);
    }
  }
  return { ticks, candles: [...candles.values()], rejected };
}
