import type { GapEvent, Position, Snapshot, StreamMessage } from './types.js';

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export type StreamEvents = {
  gap: GapEvent;
  state: StreamState;
  /** Every failure: those followed by a reconnect, and the last one that ended the stream. */
  error: Error;
  snapshot: Snapshot;
};

type Listener<K extends keyof StreamEvents> = (value: StreamEvents[K]) => void;

/**
 * What `client.stream()` returns: an async iterator of messages and callbacks for the rest.
 * Transports push into it; it keeps the position to resume from, which moves only when a
 * message has been handed over (queued for the iterator), so a reconnect loses and repeats none.
 */
export class MessageStream<E> implements AsyncIterable<StreamMessage<E>> {
  private readonly queue: StreamMessage<E>[] = [];
  private waiter:
    | { resolve: (r: IteratorResult<StreamMessage<E>>) => void; reject: (e: Error) => void }
    | undefined;
  private readonly listeners: { [K in keyof StreamEvents]: Array<Listener<K>> } = {
    gap: [],
    state: [],
    error: [],
    snapshot: [],
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

  on<K extends keyof StreamEvents>(event: K, listener: Listener<K>): this {
    this.listeners[event].push(listener);
    return this;
  }

  /** Stops the stream: the iterator ends after the messages already received. */
  close(): void {
    if (this.ended) return;
    this.finish();
    this.onClose();
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamMessage<E>> {
    return {
      next: () => {
        const message = this.queue.shift();
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
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter.resolve({ value: message, done: false });
    else this.queue.push(message);
  }

  setState(state: StreamState): void {
    if (this.ended || state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }

  emit<K extends keyof StreamEvents>(event: K, value: StreamEvents[K]): void {
    for (const listener of this.listeners[event]) listener(value);
  }

  /** Ends the stream with an error: the iterator throws it once the queued messages are read. */
  fail(error: Error): void {
    if (this.ended) return;
    this.failure = error;
    this.emit('error', error);
    this.close();
  }

  private finish(): void {
    this.ended = true;
    this.currentState = 'closed';
    this.emit('state', 'closed');
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter && this.failure) waiter.reject(this.failure);
    else waiter?.resolve({ value: undefined, done: true });
  }
}
