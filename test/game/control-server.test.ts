import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../src/errors.ts';
import { ControlServer, controlKey } from '../../src/game/control-server.ts';

/** A tiny stand-in for a game process: connects, says hello, acks commands. */
function fakeProcess(
  port: number,
  hello: Record<string, unknown> | string,
  onCommand?: (cmd: Record<string, unknown>, sock: Socket) => void,
): Promise<{ sock: Socket; received: Record<string, unknown>[]; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const received: Record<string, unknown>[] = [];
    const sock = connect(port, '127.0.0.1', () => {
      sock.write(`${typeof hello === 'string' ? hello : JSON.stringify(hello)}\n`);
      resolve({ sock, received, closed });
    });
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    sock.on('error', reject);
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const cmd = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
        buf = buf.slice(nl + 1);
        received.push(cmd);
        onCommand?.(cmd, sock);
      }
    });
  });
}

const ackAll = (cmd: Record<string, unknown>, sock: Socket): void => {
  const ok = cmd.cmd !== 'bogus';
  sock.write(
    `${JSON.stringify({ type: 'ack', seq: cmd.seq, ok, cmd: cmd.cmd, error: ok ? undefined : 'unknown command' })}\n`,
  );
};

describe('ControlServer', () => {
  let server: ControlServer;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    await server?.close();
  });

  it('keys processes by role and id', () => {
    expect(controlKey('server', '')).toBe('server');
    expect(controlKey('client', '3')).toBe('client-3');
    expect(controlKey('client', 7)).toBe('client-7');
  });

  it('finds a process by its hello and round-trips a command with an ack', async () => {
    server = new ControlServer();
    const { port } = await server.listen();
    expect(server.endpoint).toBe(`127.0.0.1:${port}`);
    const waiting = server.waitForConnection('client-3', { timeoutMs: 10_000 });
    const proc = await fakeProcess(port, { type: 'hello', role: 'client', id: '3', pid: 42 }, ackAll);
    sockets.push(proc.sock);
    const conn = await waiting;
    expect(conn.hello.pid).toBe(42);
    const ack = await conn.request({ cmd: 'move_to', x: 10, y: 20 }, { timeoutMs: 10_000 });
    expect(ack).toMatchObject({ type: 'ack', ok: true, cmd: 'move_to' });
    expect(proc.received[0]).toMatchObject({ cmd: 'move_to', x: 10, y: 20, seq: ack.seq });
  });

  it('turns a negative ack into ERR_CONTROL_REJECTED', async () => {
    server = new ControlServer();
    const { port } = await server.listen();
    const proc = await fakeProcess(port, { type: 'hello', role: 'server', id: '' }, ackAll);
    sockets.push(proc.sock);
    const conn = await server.waitForConnection('server', { timeoutMs: 10_000 });
    const err = await conn.request({ cmd: 'bogus' }, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(hasErrorCode(err, 'ERR_CONTROL_REJECTED')).toBe(true);
    expect(String(err)).toContain('unknown command');
  });

  it('closes connections whose first line is not a hello, and counts them', async () => {
    server = new ControlServer();
    const { port } = await server.listen();
    const proc = await fakeProcess(port, 'not json at all');
    sockets.push(proc.sock);
    await proc.closed;
    expect(server.rejected[0]).toMatchObject({ reason: 'first line is not a hello' });
  });

  it('closes a connection that sends an over-long line (bounded buffer)', async () => {
    server = new ControlServer({ maxLineBytes: 1024 });
    const { port } = await server.listen();
    const proc = await fakeProcess(port, { type: 'hello', role: 'client', id: 1 });
    sockets.push(proc.sock);
    const conn = await server.waitForConnection('client-1', { timeoutMs: 10_000 });
    proc.sock.write('x'.repeat(4096));
    await proc.closed;
    expect(server.rejected.some((r) => r.reason.includes('longer than 1024'))).toBe(true);
    await expect.poll(() => conn.closed).toBe(true);
  });

  it('counts malformed lines after the hello without closing', async () => {
    server = new ControlServer();
    const { port } = await server.listen();
    const proc = await fakeProcess(port, { type: 'hello', role: 'client', id: 2 });
    sockets.push(proc.sock);
    const conn = await server.waitForConnection('client-2', { timeoutMs: 10_000 });
    proc.sock.write('{broken\n{"type":"event","event":"x"}\n');
    await conn.waitFor((m) => m.type === 'event', 10_000);
    expect(conn.malformedLines).toBe(1);
    expect(conn.closed).toBe(false);
  });

  it('times out waiting for a process that never connects, naming the key', async () => {
    server = new ControlServer();
    await server.listen();
    const err = await server.waitForConnection('client-9', { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(hasErrorCode(err, 'ERR_CONTROL_TIMEOUT')).toBe(true);
    expect(String(err)).toContain('client-9');
  });

  it('closing the connection is seen by the process (its cue to quit)', async () => {
    server = new ControlServer();
    const { port } = await server.listen();
    const proc = await fakeProcess(port, { type: 'hello', role: 'client', id: 5 });
    sockets.push(proc.sock);
    const conn = await server.waitForConnection('client-5', { timeoutMs: 10_000 });
    await conn.close();
    await proc.closed;
    expect(await conn.send({ cmd: 'quit' })).toBe(false);
    expect(server.get('client-5')).toBeUndefined();
  });

  it('rejects pending waits when the server closes', async () => {
    server = new ControlServer();
    await server.listen();
    const waiting = server.waitForConnection('client-1', { timeoutMs: 10_000 }).catch((e: unknown) => e);
    await server.close();
    expect(hasErrorCode(await waiting, 'ERR_CONTROL_CLOSED')).toBe(true);
  });
});
