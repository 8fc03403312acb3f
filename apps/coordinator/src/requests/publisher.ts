import { encode } from '@mdp/contracts/codec';
import { RequestTopicSchema, RetireTopicSchema } from '@mdp/contracts/control';
import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import type { IdempotentProducer } from '@mdp/runtime/producer';
import { SOURCE } from '../registry/view';

/** The admin API's requests, put on control.requests.v1 like every other requester's. */
export function createRequestPublisher(producer: IdempotentProducer, requestsTopic: string) {
  const send = async (requestId: string, type: string, encoded: ReturnType<typeof encode>) => {
    if (!encoded.ok) throw new Error(`invalid ${type}: ${encoded.error.message}`);
    await producer.send(requestsTopic, [{ key: requestId, value: encoded.value, type }]);
  };
  return {
    requestTopic: (requestId: string, appId: string, spec: DynamicTopicSpec) =>
      send(
        requestId,
        'RequestTopic',
        encode(RequestTopicSchema, makeEnvelope('RequestTopic', 1, SOURCE, { requestId, appId, spec })),
      ),
    retireTopic: (requestId: string, topic: string) =>
      send(
        requestId,
        'RetireTopic',
        encode(
          RetireTopicSchema,
          makeEnvelope('RetireTopic', 1, SOURCE, { requestId, appId: 'admin', topic, reason: 'admin api' }),
        ),
      ),
  };
}
