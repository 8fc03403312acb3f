export type { Credentials, IssuedToken } from './auth.js';
export type { BackoffOptions } from './backoff.js';
export { type Client, type ClientOptions, createClient } from './client.js';
export { isRetryable, MdpError } from './errors.js';
export type { CandlesQuery, History, LatestQuery, Page, TicksQuery, TimeInput } from './history.js';
export type { MessageStream, StreamEvents, StreamState } from './message-stream.js';
export type { StreamOptions, StreamTarget } from './stream-options.js';
export type * from './types.js';
