import type { GapEvent, Position, Snapshot, StreamMessage } from './types.js';

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export type StreamEvents<E> = {
  message: StreamMessage<E>;
  /** Messages the gateway could not deliver, between the messages before and after them. */
  gap: GapEvent;
  /** The database rows a `snapshot` stream starts with, before its first message. */
  snapshot: Snapshot;
  state: StreamState;
  /** Every failure: those followed by a reconnect, and the last one that ended the stream. */
  error: Error;
};

type Listener<E, K extends keyof StreamEvents<E>> = (value: StreamEvents<E>[K]) => void;

/** What arrives in order with the messages: a gap or a snapshot is seen where it happened. */
type Item<E> =
  | { kind: 'message'; value: StreamMessage<E> }
  | { kind: 'gap'; value: GapEvent }
  | { kind: 'snapshot'; value: Snapshot };

/**
 * What `client.stream()` returns. Read it with `for await` or with `on('message')`; either way
 * `gap` and `snapshot` callbacks fire in order with the messages (a gap after the message before
 * it has been read). Transports push into it and it keeps the position to resume from, which moves
 * when a message is handed over (queued for the reader), so a reconnect loses and repeats none.
 */
export class MessageStream<E> implements AsyncIterable<StreamMessage<E>> {
  private readonly queue: Item<E>[] = [];
  private waiter:
    | { resolve: (r: IteratorResult<StreamMessage<E>>) => void; reject: (e: Error) => void }
    | undefined;
  private readonly listeners: { [K in keyof StreamEvents<E>]: Array<Listener<E, K>> } = {
    message: [],
    gap: [],
    snapshot: [],
    state: [],
    error: [],
  };
  private failure: Error | undefined;
  private ended = false;
  private currentState: StreamState = 'connecting';
  /** The position to resume from (the last message's, or where the stream started). */
  position: Position | undefined;
  /** The topic, once the gateway named it. */
  topic: string | undefined;
  /** Set by the transport: stops its reconnects and frees what it holds. */
  onClose: () => void = () => {};

  constructor(from?: Position) {
    this.position = from;
  }

  get state(): StreamState {
    return this.currentState;
  }

  get closed(): boolean {
    return this.ended;
  }

  on<K extends keyof StreamEvents<E>>(event: K, listener: Listener<E, K>): this {
    this.listeners[event].push(listener);
    if (event === 'message') this.drain();
    return this;
  }

  /** Stops the stream: the iterator ends after the messages already received. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.currentState = 'closed';
    this.emit('state', 'closed');
    this.onClose();
    this.drain();
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamMessage<E>> {
    return {
      next: () => {
        const message = this.nextMessage();
        if (message) return Promise.resolve({ value: message, done: false });
        if (this.failure) return Promise.reject(this.failure);
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiter = { resolve, reject };
        });
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  // ---- for transports ----

  push(message: StreamMessage<E>): void {
    if (this.ended) return;
    this.position = message.position;
    this.enqueue({ kind: 'message', value: message });
  }

  gap(gap: GapEvent): void {
    if (!this.ended) this.enqueue({ kind: 'gap', value: gap });
  }

  snapshot(snapshot: Snapshot): void {
    if (!this.ended) this.enqueue({ kind: 'snapshot', value: snapshot });
  }

  setState(state: StreamState): void {
    if (this.ended || state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }

  emit<K extends keyof StreamEvents<E>>(event: K, value: StreamEvents<E>[K]): void {
    for (const listener of this.listeners[event]) listener(value);
  }

  /** Ends the stream with an error: the iterator throws it once the queued messages are read. */
  fail(error: Error): void {
    if (this.ended) return;
    this.failure = error;
    this.emit('error', error);
    this.close();
  }

  private enqueue(item: Item<E>): void {
    this.queue.push(item);
    this.drain();
  }

  /** Hands queued items to the message listeners, or the next message to a waiting reader. */
  private drain(): void {
    if (this.listeners.message.length > 0) {
      while (this.nextMessage(true));
      return;
    }
    if (!this.waiter) return;
    const message = this.nextMessage();
    const waiter = this.waiter;
    if (message) {
      this.waiter = undefined;
      waiter.resolve({ value: message, done: false });
    } else if (this.ended) {
      this.waiter = undefined;
      if (this.failure) waiter.reject(this.failure);
      else waiter.resolve({ value: undefined, done: true });
    }
  }

  /** The next queued message; the gaps and snapshots before it are emitted on the way. */
  private nextMessage(toListeners = false): StreamMessage<E> | undefined {
    for (let item = this.queue.shift(); item; item = this.queue.shift()) {
      if (item.kind === 'gap') this.emit('gap', item.value);
      else if (item.kind === 'snapshot') this.emit('snapshot', item.value);
      else {
        if (toListeners) this.emit('message', item.value);
        return item.value;
      }
    }
    return undefined;
  }
}
