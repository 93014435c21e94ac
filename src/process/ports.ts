// Free-port allocation that stays collision-free across parallel Vitest workers (separate processes).
//
// 1. The OS picks a port that is free right now: bind port 0 (TCP listen and/or UDP bind; for 'both'
//    the TCP port must also bind as UDP).
// 2. The port is reserved across processes with an O_EXCL lock file <dir>/<port> holding the owner pid.
//    Two workers can be handed the same port by the OS in turn (the first closes its probe before its
//    child binds); only one of them can create the lock file, the other picks again.
// 3. A reservation ends when its owner process is gone, when it is older than reserveMs (by then the
//    child has bound the port, so the OS itself will not hand it out again), or on releasePort().
//
// Why not per-worker port ranges (VITEST_POOL_ID): they need a fixed range that may collide with other
// software and with the OS's ephemeral ports, and they do not cover the CLI or two Vitest runs at once.

import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import {
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetwrightError } from '../errors.ts';
import { ProcessErrorCode } from './codes.ts';
import { pidAlive } from './proc-status.ts';

export interface AllocatePortOptions {
  /** Which protocol(s) must be free on the port. Default 'tcp'. */
  protocol?: 'tcp' | 'udp' | 'both';
  /** Interface to check. Default '127.0.0.1'. */
  host?: string;
  /** How long the cross-process reservation lasts (ms). Default 120000. */
  reserveMs?: number;
}

const MAX_ATTEMPTS = 50;
const KEY = Symbol.for('netwright.process.ports');

interface PortState {
  held: Set<number>;
  swept: boolean;
  exitHook: boolean;
}

function state(): PortState {
  const g = globalThis as unknown as Record<symbol, PortState | undefined>;
  g[KEY] ??= { held: new Set(), swept: false, exitHook: false };
  return g[KEY];
}

/** Directory of reservation files (NETWRIGHT_PORT_DIR overrides; tests use a private one). */
export function portLockDir(): string {
  return process.env.NETWRIGHT_PORT_DIR ?? join(tmpdir(), 'netwright-ports');
}

function listenTcp(port: number, host: string): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
}

function bindUdp(port: number, host: string): Promise<UdpSocket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind({ port, address: host, exclusive: true }, () => resolve(socket));
  });
}

const closeTcp = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));
const closeUdp = (socket: UdpSocket): Promise<void> =>
  new Promise((resolve) => socket.close(() => resolve()));

/** Binds an OS-chosen port for the protocol(s); returns the port (0: try again) and a closer. */
async function probe(
  protocol: 'tcp' | 'udp' | 'both',
  host: string,
): Promise<{ port: number; close: () => Promise<unknown> } | undefined> {
  if (protocol === 'udp') {
    const udp = await bindUdp(0, host);
    return udp && { port: udp.address().port, close: () => closeUdp(udp) };
  }
  const tcp = await listenTcp(0, host);
  if (!tcp) return undefined;
  const port = (tcp.address() as { port: number }).port;
  if (protocol === 'tcp') return { port, close: () => closeTcp(tcp) };
  const udp = await bindUdp(port, host);
  if (!udp) return { port: 0, close: () => closeTcp(tcp) };
  return { port, close: () => Promise.all([closeTcp(tcp), closeUdp(udp)]) };
}

// A reservation file without a readable owner pid is stale only once it is this old: files appear
// whole (written aside, then hard-linked into place), but one torn by a crash must not block forever.
const UNREADABLE_GRACE_MS = 10_000;

/** True when the reservation file is stale: owner dead or gone, or older than reserveMs. */
function isStale(file: string, reserveMs: number): boolean {
  try {
    const [pidText] = readFileSync(file, 'utf8').split(' ');
    const ageMs = Date.now() - statSync(file).mtimeMs;
    const pid = Number(pidText);
    if (!(pid > 0)) return ageMs > UNREADABLE_GRACE_MS;
    return ageMs > reserveMs || !pidAlive(pid);
  } catch {
    return true;
  }
}

/** Creates `file` holding this process's pid, atomically: it never exists empty or half-written. */
function createWhole(file: string): boolean {
  const aside = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(aside, `${process.pid} ${Date.now()}\n`, { flag: 'wx' });
  try {
    linkSync(aside, file); // EEXIST: another process holds the port
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * Removes `file` if its reservation is stale. Renamed aside first (only one process can), judged
 * again there, and given back when a rival's fresh reservation had taken the stale one's place.
 */
function removeIfStale(file: string, reserveMs: number): boolean {
  if (!isStale(file, reserveMs)) return false;
  const claimed = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.stale`;
  try {
    renameSync(file, claimed);
  } catch {
    return false; // another process claimed it first
  }
  const stale = isStale(claimed, reserveMs);
  if (!stale) {
    try {
      linkSync(claimed, file);
    } catch {
      // a third process holds the port now; its file stands
    }
  }
  rmSync(claimed, { force: true });
  return stale;
}

/** Reserves `port` for this process against others using allocatePort (exported for tests). */
export function reservePort(port: number, reserveMs = 120_000): boolean {
  const dir = portLockDir();
  const file = join(dir, String(port));
  try {
    mkdirSync(dir, { recursive: true });
    return createWhole(file) || (removeIfStale(file, reserveMs) && createWhole(file));
  } catch {
    return false;
  }
}

/** Removes stale reservation files (once per process, bounded). */
function sweep(reserveMs: number): void {
  const s = state();
  if (s.swept) return;
  s.swept = true;
  try {
    for (const name of readdirSync(portLockDir()).slice(0, 10_000)) {
      // Reservations only (a port number): files set aside by a live process are not ours to judge.
      if (!/^\d+$/.test(name)) continue;
      removeIfStale(join(portLockDir(), name), reserveMs);
    }
  } catch {
    // no directory yet, or a race with another sweeper: harmless
  }
}

/** Ends this process's reservation of `port` (e.g. when its server is gone). */
export function releasePort(port: number): void {
  const s = state();
  if (!s.held.delete(port)) return;
  try {
    unlinkSync(join(portLockDir(), String(port)));
  } catch {
    // already gone
  }
}

/** A free port on `host` for `protocol`, reserved against other processes that use allocatePort. */
export async function allocatePort(opts: AllocatePortOptions = {}): Promise<number> {
  const protocol = opts.protocol ?? 'tcp';
  const host = opts.host ?? '127.0.0.1';
  const reserveMs = opts.reserveMs ?? 120_000;
  const s = state();
  sweep(reserveMs);
  if (!s.exitHook) {
    s.exitHook = true;
    process.on('exit', () => {
      for (const port of [...s.held]) releasePort(port);
    });
  }
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const found = await probe(protocol, host);
    if (!found) break; // the host itself cannot be bound: retrying will not help
    try {
      if (found.port > 0 && reservePort(found.port, reserveMs)) {
        s.held.add(found.port);
        return found.port;
      }
    } finally {
      await found.close();
    }
  }
  throw new NetwrightError(
    ProcessErrorCode.PORT_ALLOCATION,
    `could not allocate a free ${protocol} port on ${host} after ${MAX_ATTEMPTS} attempts`,
    {
      hint: `check that ${host} is a local address and that ${portLockDir()} is writable`,
      details: { protocol, host, lockDir: portLockDir() },
    },
  );
}
