import { eventually } from '@mdp/runtime/testing';
import { api, KEY_A, KEY_B } from '../testing/gateway';
import { tick, writeTicks } from '../testing/market';
import { useGatewayPlatform } from '../testing/platform';
import { dataOf, openWs } from '../testing/ws-client';

const platform = useGatewayPlatform();
const { producer } = platform;

const ms = (n: number) => `${Math.round(n)} ms`;

/**
 * A new topic starts while another streams: the running topic keeps delivering during the new
 * one's creation and reader start. Times are printed (measured, not asserted: speed belongs to
 * benchmarks); the assertions are about behaviour.
 */
describe('a new spec', () => {
  it('streams quickly and does not stall the topic already streaming', async () => {
    const running = openWs(platform.gw.base, KEY_A);
    await running.opened;
    running.send({ type: 'subscribe', id: 'a', spec: { kind: 'ticks', symbols: ['LTC'], quote: 'USD' } });
    await eventually(() => running.ofType('subscribed', 'a').length === 1, 'first topic subscribed', 30_000);
    const topicA = running.ofType('subscribed', 'a')[0]?.topic as string;
    let n = 0;
    let writing = true;
    const arrivals: number[] = [];
    const writer = (async () => {
      while (writing) {
        await writeTicks(producer, topicA, [tick('LTC', n++)]);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    running.ws.on('message', (data) => {
      if (data.toString().startsWith('{"type":"data"')) arrivals.push(performance.now());
    });
    await eventually(() => arrivals.length > 5, 'first topic streaming');

    const t0 = performance.now();
    const client = openWs(platform.gw.base, KEY_B);
    await client.opened;
    client.send({ type: 'subscribe', id: 'b', spec: { kind: 'ticks', symbols: ['XLM'], quote: 'USD' } });
    await eventually(() => client.ofType('subscribed', 'b').length === 1, 'new topic subscribed', 30_000);
    const tSubscribed = client.arrivedAt(client.ofType('subscribed', 'b')[0]);
    const topicB = client.ofType('subscribed', 'b')[0]?.topic as string;
    const tWritten = performance.now();
    await writeTicks(producer, topicB, [tick('XLM', 1)]);
    await eventually(() => dataOf(client.frames, 'b').length === 1, 'first message of the new topic', 30_000);
    const tFirst = client.arrivedAt(client.ofType('data', 'b')[0]);
    expect(arrivals.filter((t) => t > t0 && t < tSubscribed).length).toBeGreaterThan(0);

    // A second client of the same spec shares the topic and its reader: no request, no new reader.
    const t1 = performance.now();
    client.send({ type: 'subscribe', id: 'b2', spec: { kind: 'ticks', symbols: ['XLM'], quote: 'USD' } });
    await eventually(() => client.ofType('subscribed', 'b2').length === 1, 'second subscription');
    const tShared = client.arrivedAt(client.ofType('subscribed', 'b2')[0]);
    expect(client.ofType('subscribed', 'b2')[0]?.topic).toBe(topicB);
    const topics = await api(platform.gw, 'GET', '/v1/topics');
    expect(
      (topics.body.topics as Array<{ topic: string; subscribers: number }>).find((t) => t.topic === topicB)
        ?.subscribers,
    ).toBe(2);

    writing = false;
    await writer;
    console.log(
      `new spec: request -> subscribed ${ms(tSubscribed - t0)} (topic created by the coordinator, reader started); ` +
        `write -> delivered ${ms(tFirst - tWritten)}; request -> first message ${ms(tFirst - t0)}. ` +
        `Existing topic: request -> subscribed ${ms(tShared - t1)}.`,
    );
    running.ws.close();
    client.ws.close();
  }, 60_000);
});
