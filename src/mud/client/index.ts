// MUD client: MudSession (socket-free protocol stack) and MudConnection (net/tls adapter + waits).

export type { ConnectMudOptions, MudConnectionStats, WaitOptions } from './connection.ts';
export { connectMud, MudConnection } from './connection.ts';
export type * from './events.ts';
export type { MudSessionOptions, MudSessionStats } from './session.ts';
export { MudSession } from './session.ts';
