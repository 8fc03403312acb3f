import { check, type Figure, figure } from '../harness/result';
import { ratio } from '../harness/stats';
import type { IdleResult, PhaseResult } from './fanout-phases';

export type FanoutPhases = {
  idle: IdleResult;
  sse: PhaseResult;
  ws: PhaseResult;
  /** The ceiling phases (null in smoke mode). */
  sseMax: PhaseResult | null;
  wsMax: PhaseResult | null;
};

const KIB = 1024;
const NAMES = { sse: 'SSE', ws: 'WebSocket', sseMax: 'SSE', wsMax: 'WebSocket' } as const;

function phaseFigures(
  prefix: string,
  key: keyof typeof NAMES,
  p: PhaseResult,
  clients: number,
  rate: number,
): Figure[] {
  const at = `${NAMES[key]}, ${clients} clients x ${rate} msgs/s`;
  return [
    figure(`${prefix}${key}Deliveries`, `${at}: deliveries`, p.deliveriesPerSecond, 'msgs/s'),
    figure(`${prefix}${key}P50`, `${at}: latency p50`, p.latency.p50, 'ms'),
    figure(`${prefix}${key}P99`, `${at}: latency p99`, p.latency.p99, 'ms'),
    figure(`${prefix}${key}Cpu`, `${at}: server CPU`, p.serverCpuCores, 'cores'),
    figure(`${prefix}${key}ClientCpu`, `${at}: client processes' CPU`, p.clientCpuCores, 'cores'),
    figure(`${prefix}${key}MachineCpu`, `${at}: whole machine busy`, p.machineBusyCores, 'cores'),
  ];
}

function allFigures(
  prefix: string,
  r: FanoutPhases,
  clients: number,
  rates: { normal: number; max: number },
): Figure[] {
  const perConnection = r.idle.perConnection === null ? null : r.idle.perConnection / KIB;
  return [
    ...phaseFigures(prefix, 'sse', r.sse, clients, rates.normal),
    ...phaseFigures(prefix, 'ws', r.ws, clients, rates.normal),
    ...(r.sseMax ? phaseFigures(prefix, 'sseMax', r.sseMax, clients, rates.max) : []),
    ...(r.wsMax ? phaseFigures(prefix, 'wsMax', r.wsMax, clients, rates.max) : []),
    figure(`${prefix}idleReady`, 'idle clients connected', r.idle.ready, 'clients'),
    figure(
      `${prefix}idleDeliveries`,
      'idle clients: deliveries (1 msg/s each)',
      r.idle.deliveriesPerSecond,
      'msgs/s',
    ),
    figure(`${prefix}idleP99`, 'idle clients: latency p99', r.idle.latency.p99, 'ms'),
    figure(`${prefix}memoryPerIdleConnection`, 'RSS per idle connection', perConnection, 'KiB'),
  ];
}

/** Figures, baseline, ratios and targets of the fan-out benchmark. */
export function fanoutOutcome(
  gw: FanoutPhases,
  bare: FanoutPhases,
  clients: number,
  rates: { normal: number; max: number },
) {
  const offered = (clients * rates.normal).toLocaleString('en-US');
  const p99 = (p: PhaseResult) => p.latency.p99;
  const rate = (p: PhaseResult | null) => p?.deliveriesPerSecond ?? null;
  const perConnKib = gw.idle.perConnection === null ? null : gw.idle.perConnection / KIB;
  return {
    figures: allFigures('', gw, clients, rates),
    baseline: {
      description:
        'a bare Node server in the same phases: one kafkajs consumer writing each batch as is to every SSE response and ws socket',
      figures: allFigures('bare', bare, clients, rates),
    },
    ratios: [
      {
        key: 'sseMax',
        label: 'SSE ceiling gateway / bare',
        value: ratio(rate(gw.sseMax), rate(bare.sseMax)),
        better: 'higher' as const,
      },
      {
        key: 'wsMax',
        label: 'WebSocket ceiling gateway / bare',
        value: ratio(rate(gw.wsMax), rate(bare.wsMax)),
        better: 'higher' as const,
      },
      {
        key: 'sseP99',
        label: `SSE p99 at ${offered}/s gateway / bare`,
        value: ratio(p99(gw.sse), p99(bare.sse)),
        better: 'lower' as const,
      },
      {
        key: 'wsP99',
        label: `WebSocket p99 at ${offered}/s gateway / bare`,
        value: ratio(p99(gw.ws), p99(bare.ws)),
        better: 'lower' as const,
      },
      {
        key: 'memory',
        label: 'memory per idle connection gateway / bare',
        value: ratio(gw.idle.perConnection, bare.idle.perConnection),
        better: 'lower' as const,
      },
    ],
    targets: [
      check(
        'SSE: 100,000 deliveries/s from one gateway (ceiling phase)',
        rate(gw.sseMax),
        (v) => v >= 100_000,
      ),
      check(
        'WebSocket: 100,000 deliveries/s from one gateway (ceiling phase)',
        rate(gw.wsMax),
        (v) => v >= 100_000,
      ),
      check(`SSE: delivery p99 < 100 ms at ${offered}/s`, p99(gw.sse), (v) => v < 100),
      check(`WebSocket: delivery p99 < 100 ms at ${offered}/s`, p99(gw.ws), (v) => v < 100),
      check('< 30 KB of gateway memory per idle connection', perConnKib, (v) => v * KIB < 30_000),
    ],
  };
}
