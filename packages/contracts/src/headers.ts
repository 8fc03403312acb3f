/** Kafka header names used on every topic. */
export const Headers = {
  /** W3C trace context, carried from the producer to every consumer. */
  traceparent: 'traceparent',
  /** Epoch milliseconds when the message was produced: end-to-end latency is measured from it. */
  producedAt: 'produced-at',
  /** Envelope type, so a consumer can route or count without parsing the value. */
  messageType: 'message-type',
} as const;

/** Headers a consumer adds when it puts a rejected message on its `dlq.<app>.v1` topic. */
export const DlqHeaders = {
  reason: 'dlq-reason',
  reasonCode: 'dlq-reason-code',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  app: 'dlq-app',
  failedAt: 'dlq-failed-at',
  /** `excerpt` or `minimal` when the whole message would not fit the DLQ (absent: a full copy). */
  form: 'dlq-form',
  /** Size in bytes and SHA-256 (hex) of the original value, on excerpt and minimal records. */
  originalBytes: 'dlq-original-bytes',
  originalSha256: 'dlq-original-sha256',
} as const;
