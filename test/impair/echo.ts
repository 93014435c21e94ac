// Loopback echo servers for proxy tests: UDP echoes each datagram to its sender and remembers the
// peers it saw; TCP echoes bytes and half-closes when the client does.
import dgram from 'node:dgram';
import net from 'node:net';

export interface UdpEcho {
  port: number;
  peers: Set<string>;
  received: number;
  close(): Promise<void>;
}

export async function udpEcho(): Promise<UdpEcho> {
  const sock = dgram.createSocket('udp4');
  const echo: UdpEcho = {
    port: 0,
    peers: new Set(),
    received: 0,
    close: () => new Promise<void>((r) => sock.close(() => r())),
  };
  sock.on('message', (msg, rinfo) => {
    echo.received++;
    echo.peers.add(`${rinfo.address}:${rinfo.port}`);
    sock.send(msg, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  echo.port = sock.address().port;
  return echo;
}

export interface TcpEcho {
  port: number;
  connections: number;
  resets: number;
  close(): Promise<void>;
}

export async function tcpEcho(): Promise<TcpEcho> {
  const sockets = new Set<net.Socket>();
  const echo: TcpEcho = { port: 0, connections: 0, resets: 0, close: async () => {} };
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    echo.connections++;
    sockets.add(s);
    s.on('data', (d) => s.write(d));
    s.on('end', () => s.end());
    s.on('error', () => {
      echo.resets++;
    });
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  echo.port = (server.address() as net.AddressInfo).port;
  echo.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return echo;
}

/** A UDP client socket on loopback. */
export async function udpClient(): Promise<dgram.Socket & { inbox: Buffer[] }> {
  const sock = dgram.createSocket('udp4') as dgram.Socket & { inbox: Buffer[] };
  sock.inbox = [];
  sock.on('message', (m) => sock.inbox.push(m));
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  return sock;
}
