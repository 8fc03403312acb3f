import { LatencyHistogram } from '../harness/stats';

const TS = /"ts":(\d+)/g;
const IDENTITY = /"base":"([A-Z0-9]+)","quote":"([A-Z0-9]+)".*?"tradeId":"([^"]*)"/g;

export type DeliveryMode = 'ts-latency' | 'trade-record';

/**
 * Counts delivered PriceTick envelopes while measuring; a text may hold several (a WebSocket `data`
 * frame batches them). `ts-latency`: receive time minus the tick's `ts` (the feeder stamps it when it
 * sends) into a histogram. `trade-record`: keeps `BASE-QUOTE|tradeId` and the receive time of each,
 * to be matched with the simulator's record of when it made the tick.
 */
export class Deliveries {
  delivered = 0;
  measuring = false;
  readonly histogram = new LatencyHistogram(30_000);
  readonly records: [string, number][] = [];

  constructor(private readonly mode: DeliveryMode) {}

  add(text: string, at: number): void {
    if (!this.measuring) return;
    if (this.mode === 'ts-latency') {
      for (const m of text.matchAll(TS)) {
        this.delivered += 1;
        this.histogram.record(at - Number(m[1]));
      }
    } else {
      for (const m of text.matchAll(IDENTITY)) {
        this.delivered += 1;
        this.records.push([`${m[1]}-${m[2]}|${m[3]}`, at]);
      }
    }
  }
}
