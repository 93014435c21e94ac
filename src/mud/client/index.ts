// MUD client.
//   MudSession     socket-free protocol stack: receive(bytes) -> typed events (line, prompt, bot, msdp,
//                  gmcp, mssp, echo-off/on, option, compression, error); sendLine()/msdpCommand() -> bytes
//   MudConnection  net/tls adapter over a MudSession with expect-style waits:
//                    const c = await connectMud({ port, tls: false, session: { report: ['HEALTH'] } });
//                    await c.waitForLine(/By what name/); c.send('Zed');
//                    await c.waitForPrompt(/Password/); c.send('secret');
//                    await c.waitForMsdp((m) => m.ROOM_VNUM !== undefined); c.stats(); await c.close();

export type { ConnectMudOptions, MudConnectionStats, WaitOptions } from './connection.ts';
export { connectMud, MudConnection } from './connection.ts';
export type * from './events.ts';
export type { MudSessionOptions, MudSessionStats } from './session.ts';
export { MudSession } from './session.ts';
